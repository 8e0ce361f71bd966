"""Each service's and function's own tests, through its Makefile (`make -C <unit> test`).

Python units run in their own `.venv`, which uv builds from the unit's `uv.lock` (UV=the uv
check found; PYTHON=stackcraft's interpreter, for units whose Makefile predates uv). Node units
get `npm ci` first: exactly their package-lock.json (npm's shared cache makes a repeat quick).
Go units build with the local toolchain only (GOTOOLCHAIN=local, GOPROXY=off) and Go's shared
build cache; modules they require come from Debian's packaged sources through a go.work
outside the repository (gomodules.py). Services that own a database start a throwaway
PostgreSQL in their own tests (or use TEST_DATABASE_URL). Java and .NET units are static-only
here: their builds run in the generated CI. None of these writes a file git would see.

A passing run reports how many tests passed, read from the runner's own summary (pytest,
vitest, node --test, `go test -v`); a run that passed no test fails.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

from .discover import Repo, Unit
from .gomodules import GoModuleMissing, workspace
from .results import Outcome
from .runner import Check
from .tools import child_env, require, run

TEST_TIMEOUT = 900
STATIC_ONLY = ("java", "dotnet")
# Checks run in parallel: one npm install per unit at a time, and once per unit in a process.
_INSTALL_LOCKS: dict[Path, threading.Lock] = {}
_INSTALL_LOCKS_GUARD = threading.Lock()
_INSTALLED: set[Path] = set()


def checks(repo: Repo) -> list[Check]:
    return [Check(f"make test ({unit.language})", unit.label, lambda unit=unit: test_unit(repo, unit), slow=True)
            for unit in repo.units()]


def unit_env(unit: Unit, root: Path | None = None) -> dict[str, str]:
    """The environment a unit's make targets run in (ROOT: the repository, for Go's go.work).
    Raises GoModuleMissing when a Go module the unit requires has no packaged source."""
    if unit.language == "go":
        env = child_env(GOTOOLCHAIN="local", GOPROXY="off", GOTELEMETRY="off")
        work = workspace(root / unit.path, Path(tempfile.gettempdir()) / "stackcraft-gowork") if root else None
        flags = os.environ.get("GOFLAGS", "").split()
        if work is not None:
            env["GOWORK"] = str(work)
            flags = [flag for flag in flags if not flag.startswith("-mod=")]  # refused in workspace mode
        env["GOFLAGS"] = " ".join([*flags, "-v"])  # -v: go test names each test it passes
        return env
    env = child_env()
    env.pop("VIRTUAL_ENV", None)  # uv uses the unit's own .venv, not stackcraft's
    if unit.language == "node":  # a Worker's tests start workerd through miniflare: keep them offline
        env.update(WRANGLER_SEND_METRICS="false", CLOUDFLARE_CF_FETCH_ENABLED="false")
    return env


def make_args(unit: Unit) -> list[str]:
    """Variables passed to a Python unit's Makefile: the uv that builds its .venv from uv.lock, and
    the interpreter stackcraft runs on (for units generated before they had a lock file)."""
    return [f"UV={require('uv')}", f"PYTHON={sys.executable}"] if unit.language == "python" else []


def npm_install(repo: Repo, unit: Unit, *, ignore_scripts: bool = False) -> tuple[Outcome | None, float]:
    """`npm ci` in a Node unit (`npm install` without writing a lock file when the unit has none);
    returns a failed outcome or None, and the seconds it took. IGNORE_SCRIPTS: no package's
    install script runs (for tools whose native add-ons download or compile on install)."""
    npm = require("npm")
    directory = repo.root / unit.path
    if (directory / "package-lock.json").exists():
        cmd = [npm, "ci", "--no-audit", "--no-fund", "--prefer-offline"]
    else:
        cmd = [npm, "install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"]
    if ignore_scripts:
        cmd.append("--ignore-scripts")
    with _INSTALL_LOCKS_GUARD:
        lock = _INSTALL_LOCKS.setdefault(directory, threading.Lock())
    start = time.monotonic()
    with lock:
        if directory in _INSTALLED and (directory / "node_modules").is_dir():
            return None, 0.0  # another check of this run installed it (npm ci would delete it under them)
        done = run(cmd, cwd=directory, env=unit_env(unit), timeout=TEST_TIMEOUT)
        if done.returncode == 0:
            _INSTALLED.add(directory)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        return Outcome.fail(f"npm {cmd[1]} failed:\n{_tail(done.output)}"), seconds
    return None, seconds


def test_unit(repo: Repo, unit: Unit) -> Outcome:
    if unit.language in STATIC_ONLY:
        return Outcome.not_applicable(f"{unit.language}: static checks only here; its build and tests run in CI")
    if not unit.makefile(repo.root):
        return Outcome.fail(f"{unit.path}/Makefile is missing (every unit has install, test, lint targets)")
    make = require("make")
    if unit.language == "go":
        require("go")
    args = make_args(unit)
    note = ""
    if unit.language == "node":
        failed, seconds = npm_install(repo, unit)
        if failed:
            return failed
        note = f"npm ci {seconds:.0f}s"
    try:
        env = unit_env(unit, repo.root)
    except GoModuleMissing as exc:
        return Outcome.fail(str(exc))
    done = run([make, "-C", str(unit.path), "test", *args], cwd=repo.root,
               env=env, timeout=TEST_TIMEOUT)
    if done.returncode != 0:
        return Outcome.fail(_tail(done.output))
    passed = tests_passed(unit.language, done.output)
    if passed == 0:
        return Outcome.fail(f"make test passed no test:\n{_tail(done.output)}")
    summary = "tests passed (the runner printed no count)" if passed is None else f"{passed} tests passed"
    return Outcome.ok("; ".join(filter(None, [summary, note])))


# Each runner's count of passed tests in its summary, by unit language.
PASSED_COUNTS = {
    "python": [re.compile(r"^=*\s*(\d+) passed\b", re.M)],  # pytest: "5 passed in 0.3s"
    "node": [re.compile(r"^\s*Tests\s+(\d+) passed", re.M),  # vitest: "Tests  11 passed (11)"
             re.compile(r"^[#\u2139] pass (\d+)$", re.M)],  # node --test: "# pass 2" (TAP) or "ℹ pass 2"
}


def tests_passed(language: str, output: str) -> int | None:
    """How many tests the unit's runner says passed, or None when it printed no count."""
    if language == "go":  # go test -v: one "--- PASS: TestName" line per top-level test
        found = re.findall(r"^--- PASS: ", output, re.M)
        return len(found) if re.search(r"^(ok|PASS)\b", output, re.M) else None
    for pattern in PASSED_COUNTS.get(language, []):
        counts = pattern.findall(output)
        if counts:
            return sum(map(int, counts))
    return 0 if NONE_PASSED.search(output) else None


# A summary that counts tests but none passed: "3 skipped in 0.1s", "Tests  2 skipped (2)".
NONE_PASSED = re.compile(r"^(=*\s*|\s*Tests\s+)\d+ (skipped|deselected|xfailed|todo)\b", re.M)


def _tail(text: str, lines: int = 60) -> str:
    kept = text.strip().splitlines()
    return "\n".join((["..."] if len(kept) > lines else []) + kept[-lines:])
