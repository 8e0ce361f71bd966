-- Local data for `supabase start` / `supabase db reset` (never run against production).
-- Two users, each with an item: sign in as either to see row level security at work.
insert into auth.users (id, email)
values
  ('00000000-0000-4000-8000-00000000000a', 'ada@example.com'),
  ('00000000-0000-4000-8000-00000000000b', 'bob@example.com');

insert into public.items (owner_id, title)
values
  ('00000000-0000-4000-8000-00000000000a', 'Ada''s first item'),
  ('00000000-0000-4000-8000-00000000000b', 'Bob''s first item');
