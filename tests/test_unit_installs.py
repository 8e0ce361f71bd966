"""Every generated unit installs reproducibly from a committed lock file, in isolation, and its
own `make install` and `make test` leave the git tree clean.

Python units: uv builds the unit's `.venv` from `uv.lock` (here with Debian's externally managed
/usr/bin/python3, which `pip install` refuses); Node units: `npm ci` from `package-lock.json`;
Go units: standard library only, so no go.sum.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO_ROOT, copy_template, git

pytestmark = pytest.mark.slow

DEBIAN_PYTHON = Path("/usr/bin/python3")
UNITS = {  # unit folder -> the lock file it must ship
    "services/orders": "uv.lock",  # python service
    "services/catalog": "package-lock.json",  # typescript service
    "services/stock": None,  # go service, standard library only
    "functions/notify": "uv.lock",  # python function
    "functions/hook": "package-lock.json",  # node function (http)
    "functions/intake": "package-lock.json",  # node function (queue: one more runtime package)
}
SPEC = {
    "project_name": "lockcheck",
    "architecture": "hybrid",
    "services": [{"name": "orders", "language": "python", "database": "postgres"},
                 {"name": "catalog", "language": "typescript"},
                 {"name": "stock", "language": "go"}],
    "functions": [{"name": "notify", "runtime": "python", "trigger": "queue"},
                  {"name": "hook", "runtime": "node", "trigger": "http"},
                  {"name": "intake", "runtime": "node", "trigger": "queue"}],
}


def unit_env() -> dict[str, str]:
    """Debian's python3 first on PATH (uv picks it), then uv and the Go toolchain of this venv."""
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update(PATH=os.pathsep.join(["/usr/bin", "/bin", str(Path(sys.executable).parent)]),
               UV_PYTHON=str(DEBIAN_PYTHON), GOTOOLCHAIN="local", GOPROXY="off")
    return env


def porcelain(repo: Path) -> str:
    return git(repo, "status", "--porcelain", "--untracked-files=all")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("installs")
    template = copy_template(root / "template")
    spec = root / "spec.yml"
    spec.write_text(yaml.safe_dump(SPEC))
    env = {**os.environ, "STACKCRAFT_STACK_SOURCE": str(template), "STACKCRAFT_CACHE_DIR": str(root / "cache")}
    done = subprocess.run([sys.executable, "-m", "generator", "new", str(root / "lockcheck"), "--data-file", str(spec)],
                          env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return root / "lockcheck"


def test_every_unit_ships_its_lock_naming_the_unit(generated):
    assert porcelain(generated) == ""
    checked = 0
    for unit, lock in UNITS.items():
        name = f"lockcheck-{unit.split('/')[1]}"
        if lock == "uv.lock":
            assert f'name = "{name}"' in (generated / unit / lock).read_text(), unit
        elif lock == "package-lock.json":
            assert f'"name": "{name}"' in (generated / unit / lock).read_text(), unit
        else:
            assert "require" not in (generated / unit / "go.mod").read_text()
            assert not (generated / unit / "go.sum").exists()
        checked += 1
    assert checked == len(UNITS)
    assert "@aws-lambda-powertools/batch" in (generated / "functions/intake/package-lock.json").read_text()
    assert "@aws-lambda-powertools/batch" not in (generated / "functions/hook/package-lock.json").read_text()


@pytest.mark.parametrize("unit", list(UNITS))
def test_make_install_and_test_leave_the_tree_clean(generated, unit):
    done = subprocess.run(["make", "-C", unit, "install", "test"], cwd=generated, env=unit_env(),
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert porcelain(generated) == "", f"{unit}: make install test left files git sees"
    if UNITS[unit] == "uv.lock":
        config = (generated / unit / ".venv" / "pyvenv.cfg").read_text()
        assert f"home = {DEBIAN_PYTHON.parent}" in config  # the unit's own venv on Debian's python3


def test_debian_python_is_externally_managed():
    """The premise of the test above: pip refuses to install into Debian's own interpreter."""
    done = subprocess.run([str(DEBIAN_PYTHON), "-m", "pip", "install", "--dry-run", "six"], capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root")})
    assert done.returncode != 0 and "externally-managed-environment" in done.stdout + done.stderr


def test_shipped_locks_are_what_the_tools_resolve():
    done = subprocess.run([sys.executable, "scripts/lock-blueprints.py", "--check"], cwd=REPO_ROOT,
                          env={**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent),
                                                                      os.environ.get("PATH", "")])},
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout + done.stderr
    checked = re.search(r"^(\d+) locks are what uv and npm resolve$", done.stdout, re.MULTILINE)
    shipped = [path for path in (REPO_ROOT / "blueprints").rglob("*")
               if path.name.startswith(("uv.lock", "package-lock.json")) or "package-lock.json{%" in path.name]
    assert checked and shipped and int(checked.group(1)) >= len(shipped), (done.stdout, len(shipped))
