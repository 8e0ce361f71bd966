"""The parts of a BaaS stack that are Node packages (functions tooling, a typed client, the
backend definition): `npm ci`, then their Makefile's `test` (or a type check), counted like a unit's."""

from __future__ import annotations

import re
from pathlib import Path

from .discover import Repo, Unit
from .results import Outcome
from .tools import require, run
from .units import TEST_TIMEOUT, _tail, npm_install, tests_passed, unit_env

# deno test's summary: "ok | 6 passed | 0 failed (71ms)".
DENO_PASSED = re.compile(r"\| (\d+) passed \| \d+ failed")


def is_backend(repo: Repo, provider: str) -> bool:
    """REPO is a BaaS stack on PROVIDER (supabase, firebase, amplify)."""
    return repo.answers.get("serverless_kind") == "baas" and repo.answers.get("baas_provider") == provider


def part(path: str) -> Unit:
    """A Node part of a BaaS stack, named by its folder."""
    return Unit("part", path, Path(path), "node")


def make_test(repo: Repo, path: str, target: str = "test") -> Outcome:
    """`npm ci` and `make -C PATH TARGET`; passes only when the runner counted passed tests."""
    unit = part(path)
    failed, seconds = npm_install(repo, unit)
    if failed:
        return failed
    done = run([require("make"), "-C", path, target], cwd=repo.root, env=unit_env(unit), timeout=TEST_TIMEOUT)
    if done.returncode != 0:
        return Outcome.fail(_tail(done.output))
    deno = DENO_PASSED.findall(done.output)
    passed = sum(map(int, deno)) if deno else tests_passed("node", done.output)
    if not passed:
        return Outcome.fail(f"make {target} passed no test:\n{_tail(done.output)}")
    return Outcome.ok(f"{passed} tests passed; npm ci {seconds:.0f}s")


def tsc(repo: Repo, path: str, project: str = "tsconfig.json", *, ignore_scripts: bool = False) -> Outcome:
    """The part's own TypeScript compiler: `tsc --noEmit -p PROJECT`."""
    unit = part(path)
    failed, _ = npm_install(repo, unit, ignore_scripts=ignore_scripts)
    if failed:
        return failed
    compiler = repo.root / path / "node_modules" / ".bin" / "tsc"
    if not compiler.exists():
        return Outcome.fail(f"{path}/node_modules/.bin/tsc not found: typescript is not among its devDependencies")
    done = run([str(compiler), "--noEmit", "-p", project], cwd=repo.root / path, env=unit_env(unit), timeout=TEST_TIMEOUT)
    return Outcome.from_returncode(done.returncode, done.output, "no errors")
