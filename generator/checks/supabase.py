"""A Supabase stack: its row level security proven by pgTAP on a real PostgreSQL, its Edge
Functions' tests (Deno from npm) and its typed client's tests and types.

The Supabase CLI cannot be installed here (its npm package downloads a binary from GitHub), so
`supabase test db` is replaced by what it does: a throwaway PostgreSQL cluster (postgres.py),
the Supabase platform pieces the policies rely on (supabase_platform.sql: the API roles, the
`auth` schema, `auth.uid()` and `auth.jwt()` reading `request.jwt.claims`), the migrations in
file-name order, `seed.sql`, then `pg_prove` over `supabase/tests/`. The generated CI runs the
real CLI.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from . import postgres
from .baasparts import is_backend, make_test, tsc
from .discover import Repo, count
from .results import Outcome
from .runner import Check
from .tools import child_env, require, run

PLATFORM_SQL = Path(__file__).with_name("supabase_platform.sql")
TIMEOUT = 300


def checks(repo: Repo) -> list[Check]:
    if not is_backend(repo, "supabase"):
        return []
    found = []
    if repo.under("supabase/tests", "*.sql"):
        found.append(Check("pg_prove (pgTAP)", "supabase/tests", lambda: pgtap(repo), slow=True))
    if (repo.root / "supabase/functions/package.json").is_file():
        found.append(Check("deno test + check", "supabase/functions",
                           lambda: make_test(repo, "supabase/functions"), slow=True))
    if (repo.root / "client/package.json").is_file():
        found.append(Check("make test (vitest)", "client", lambda: make_test(repo, "client"), slow=True))
        found.append(Check("tsc --noEmit --strict", "client", lambda: tsc(repo, "client"), slow=True))
    return found


def pgtap(repo: Repo) -> Outcome:
    """Migrations, seed and pgTAP tests on a throwaway cluster; the pg_prove report on failure."""
    prove = require("pg_prove")
    migrations = sorted(repo.under("supabase/migrations", "*.sql"), key=lambda p: p.name)
    tests = sorted(repo.under("supabase/tests", "*.sql"))
    try:
        cluster = postgres.start()
    except postgres.ClusterError as exc:
        return Outcome.fail(str(exc))
    try:
        database = "supabase_" + secrets.token_hex(4)
        cluster.psql(f'CREATE DATABASE "{database}"')
        cluster.psql(f'ALTER DATABASE "{database}" SET search_path = "$user", public, extensions')
        env = child_env(PGHOST="127.0.0.1", PGPORT=str(cluster.port), PGUSER=postgres.SUPERUSER,
                        PGPASSWORD=cluster.password, PGDATABASE=database, PGCONNECT_TIMEOUT="5")
        psql = str(cluster.bin / "psql")
        for sql in [PLATFORM_SQL, *(repo.root / p for p in migrations), repo.root / "supabase/seed.sql"]:
            if not sql.is_file():
                continue
            done = run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(sql)], cwd=repo.root, env=env,
                       timeout=TIMEOUT)
            if done.returncode != 0:
                where = sql.name if sql == PLATFORM_SQL else sql.relative_to(repo.root).as_posix()
                return Outcome.fail(f"{where} does not apply:\n{done.output.strip()}")
        env["PATH"] = str(cluster.bin) + os.pathsep + env["PATH"]  # pg_prove runs psql
        done = run([prove, "--verbose", "--failures", *map(str, tests)], cwd=repo.root, env=env, timeout=TIMEOUT)
    finally:
        cluster.stop()
    passed = len(re.findall(r"^ok \d+", done.output, re.M))
    if done.returncode != 0 or "Result: PASS" not in done.output:
        return Outcome.fail(done.output.strip())
    if passed == 0:
        return Outcome.fail(f"pg_prove passed no test:\n{done.output.strip()}")
    return Outcome.ok(f"{count(len(migrations), 'migration')} applied; {passed} pgTAP tests passed")
