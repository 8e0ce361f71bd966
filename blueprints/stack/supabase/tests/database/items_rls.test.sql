-- Row level security of public.items, proven with pgTAP (`supabase test db` runs this file
-- with pg_prove). Two users, A and B, each own one item; every claim below is made as the
-- role the API would use: anon (no JWT) or authenticated with the user's JWT claims.
begin;
create extension if not exists pgtap with schema extensions;
select plan(13);

insert into auth.users (id, email)
values
  ('11111111-1111-4111-8111-111111111111', 'user-a@example.com'),
  ('22222222-2222-4222-8222-222222222222', 'user-b@example.com');
insert into public.items (owner_id, title)
values
  ('11111111-1111-4111-8111-111111111111', 'item of A'),
  ('22222222-2222-4222-8222-222222222222', 'item of B');

select ok(
  (select relrowsecurity from pg_class where oid = 'public.items'::regclass),
  'row level security is enabled on public.items'
);
select policies_are('public', 'items', array[
  'Users read their own items', 'Users add items they own',
  'Users update their own items', 'Users delete their own items'
], 'public.items has exactly the four owner policies');

-- Anonymous callers: no rows, and no writes.
set local role anon;
set local request.jwt.claims = '{"role": "anon"}';
select is_empty('select * from public.items', 'anon reads no items');
select throws_ok(
  $$insert into public.items (owner_id, title) values ('11111111-1111-4111-8111-111111111111', 'spam')$$,
  '42501', null, 'anon cannot add items'
);

-- User B: sees only B's rows; cannot read, change or remove A's.
set local role authenticated;
set local request.jwt.claims = '{"sub": "22222222-2222-4222-8222-222222222222", "role": "authenticated"}';
select results_eq(
  'select title from public.items', $$values ('item of B')$$,
  'user B reads only their own items'
);
select is_empty(
  $$select * from public.items where owner_id = '11111111-1111-4111-8111-111111111111'$$,
  'user B cannot read user A''s items'
);
select is_empty(
  $$update public.items set title = 'taken' where owner_id = '11111111-1111-4111-8111-111111111111' returning id$$,
  'user B cannot update user A''s items'
);
select is_empty(
  $$delete from public.items where owner_id = '11111111-1111-4111-8111-111111111111' returning id$$,
  'user B cannot delete user A''s items'
);
select throws_ok(
  $$insert into public.items (owner_id, title) values ('11111111-1111-4111-8111-111111111111', 'forged')$$,
  '42501', null, 'user B cannot add items owned by user A'
);
select throws_ok(
  $$update public.items set owner_id = '11111111-1111-4111-8111-111111111111' where title = 'item of B'$$,
  '42501', null, 'user B cannot hand an item over to user A'
);
select lives_ok(
  $$insert into public.items (title) values ('second item of B')$$,
  'user B adds an item; owner_id defaults to their user id'
);

-- User A: their own item is untouched by B's attempts.
set local request.jwt.claims = '{"sub": "11111111-1111-4111-8111-111111111111", "role": "authenticated"}';
select results_eq(
  'select title from public.items', $$values ('item of A')$$,
  'user A still has exactly their item, unchanged'
);
select is(
  (select count(*)::int from public.items where title = 'second item of B'), 0,
  'user A cannot read the item B just added'
);

select * from finish();
rollback;
