-- Items that belong to users: each row has an owner, and row level security lets a signed-in
-- user read and write only their own rows; anonymous callers (the anon key) get nothing.
-- The policies follow Supabase's guide: `to authenticated`, and `(select auth.uid())` so that
-- PostgreSQL evaluates the user id once per statement, not once per row.
create table public.items (
  id bigint generated always as identity primary key,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  title text not null check (char_length(title) between 1 and 200),
  done boolean not null default false,
  created_at timestamptz not null default now()
);

comment on table public.items is 'Items of a user; row level security keeps each user to their own rows.';

create index items_owner_id_idx on public.items (owner_id);

alter table public.items enable row level security;

create policy "Users read their own items"
  on public.items for select
  to authenticated
  using ((select auth.uid()) = owner_id);

create policy "Users add items they own"
  on public.items for insert
  to authenticated
  with check ((select auth.uid()) = owner_id);

create policy "Users update their own items"
  on public.items for update
  to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);

create policy "Users delete their own items"
  on public.items for delete
  to authenticated
  using ((select auth.uid()) = owner_id);

-- The anon role (requests without a user's JWT) holds no policy on this table: with row
-- level security on, it reads nothing and writes nothing.
