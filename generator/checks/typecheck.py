"""Strict type checks of the units' own code: mypy for Python units, tsc for TypeScript units.

mypy comes with `stackcraft[check]` and runs on the interpreter stackcraft runs on; it resolves
the unit's imports in the unit's own `.venv` (`--python-executable`), which `uv sync --locked`
brings to the unit's `uv.lock` first (uv locks the environment, so the unit's tests may build
it at the same time). A unit without `uv.lock` is checked against stackcraft's own environment,
where `stackcraft[check]` installed what generated units import. It checks the unit's source package (`app/` of a service, `src/` of a function, the root modules
of a function app with `function_app.py`) with
`--strict`; its cache is kept in stackcraft's cache directory, one per unit, never in the
repository. tsc is the unit's own TypeScript (`node_modules/.bin/tsc` after `npm install`),
run as `tsc --noEmit --strict`.
"""

from __future__ import annotations

import hashlib
import sys

from generator.snapshot import cache_dir

from .discover import Repo, Unit
from .results import Outcome
from .runner import Check
from .tools import child_env, require, require_module, run
from .units import npm_install, unit_env

TIMEOUT = 600
SOURCE_DIRS = ("app", "src")  # a Python service's package, a function's handler directory
APP_MODULE = "function_app.py"  # a function app whose modules sit at its root instead


def checks(repo: Repo) -> list[Check]:
    found = []
    for unit in repo.units():
        if unit.language == "python":
            found.append(Check("mypy --strict", unit.label, lambda unit=unit: mypy(repo, unit), slow=True))
        elif unit.language == "node" and (repo.root / unit.path / "tsconfig.json").is_file():
            found.append(Check("tsc --noEmit --strict", unit.label, lambda unit=unit: tsc(repo, unit), slow=True))
    return found


def unit_python(repo: Repo, unit: Unit) -> tuple[str | None, Outcome | None]:
    """The interpreter whose packages the unit's imports resolve to, or a failed outcome:
    the unit's .venv synced to its uv.lock, else the interpreter stackcraft runs on."""
    directory = repo.root / unit.path
    if not (directory / "uv.lock").is_file():
        return sys.executable, None
    done = run([require("uv"), "sync", "--locked", "--quiet"], cwd=directory, env=unit_env(unit), timeout=TIMEOUT)
    if done.returncode != 0:
        return None, Outcome.fail(f"uv sync --locked failed:\n{done.output.strip()}")
    return str(directory / ".venv" / "bin" / "python"), None


def mypy(repo: Repo, unit: Unit) -> Outcome:
    require_module("mypy", "mypy")
    directory = repo.root / unit.path
    sources = [name for name in SOURCE_DIRS if (directory / name).is_dir()]
    if not sources and (directory / APP_MODULE).is_file():  # an Azure Functions app: modules at its root
        sources = sorted(path.name for path in directory.glob("*.py"))
    if not sources:
        return Outcome.fail(f"no source package to check: none of {', '.join(f'{d}/' for d in SOURCE_DIRS)}")
    python, failed = unit_python(repo, unit)
    if failed:
        return failed
    cache = cache_dir() / "mypy" / hashlib.sha256(str(repo.root / unit.path).encode()).hexdigest()[:16]
    cmd = [sys.executable, "-m", "mypy", "--strict", "--no-color-output", "--cache-dir", str(cache),
           "--python-executable", str(python), *sources]
    done = run(cmd, cwd=repo.root / unit.path, env=child_env(), timeout=TIMEOUT)
    if done.returncode != 0:
        return Outcome.fail(done.output.strip())
    return Outcome.ok(done.output.strip().splitlines()[-1] if done.output.strip() else "")


def tsc(repo: Repo, unit: Unit) -> Outcome:
    failed, _ = npm_install(repo, unit)
    if failed:
        return failed
    compiler = repo.root / unit.path / "node_modules" / ".bin" / "tsc"
    if not compiler.exists():
        return Outcome.fail("node_modules/.bin/tsc not found: typescript is not among the unit's devDependencies")
    done = run([str(compiler), "--noEmit", "--strict", "-p", "tsconfig.json"], cwd=repo.root / unit.path,
               env=unit_env(unit), timeout=TIMEOUT)
    if done.returncode != 0:
        return Outcome.fail(done.output.strip() or f"tsc exited with {done.returncode}")
    return Outcome.ok("no errors")
