"""Shared fixtures: run the CLI in-process, temporary git copies of this template, stacks rendered
once per test run, and the order in which the tests start."""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import yaml

import pytest

from generator.cli import main

REPO_ROOT = Path(__file__).resolve().parent.parent
GIT_ID = ["-c", "user.name=stackcraft-tests", "-c", "user.email=tests@localhost"]


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str) -> CliResult:
    """Run `stackcraft ARGS` in this process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return CliResult(code, out.getvalue(), err.getvalue())


def git(path: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=path, check=True, capture_output=True, text=True).stdout


def tracked_files(root: Path) -> list[str]:
    """The files of this checkout as git sees them (tracked, plus untracked but not ignored)."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=root, check=True, capture_output=True).stdout
    return [name for name in listing.decode().split("\0") if name and (root / name).is_file()]


def copy_template(dest: Path) -> Path:
    """A fresh git repository holding this template as it is on disk now, tagged v0.1.0."""
    for name in tracked_files(REPO_ROOT):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO_ROOT / name, target)
    git(dest, "init", "-q", "--initial-branch=main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "template v0.1.0")
    git(dest, "tag", "v0.1.0")
    return dest


@pytest.fixture
def template_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tagged copy of the template, used as the built-in stack (the org mirror setting)."""
    copy = copy_template(tmp_path / "template")
    monkeypatch.setenv("STACKCRAFT_STACK_SOURCE", str(copy))
    return copy


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKCRAFT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    # copier's mirror cache is not safe for concurrent runs (see generator/fleet.py): one per test
    monkeypatch.setenv("COPIER_CACHE_DIR", str(tmp_path_factory.mktemp("copier-cache")))
    monkeypatch.delenv("STACKCRAFT_CATALOGUES", raising=False)
    monkeypatch.delenv("STACKCRAFT_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))  # no user config file
    if "STACKCRAFT_STACK_SOURCE" in os.environ:
        monkeypatch.delenv("STACKCRAFT_STACK_SOURCE")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Slow tests first (in their files' order), so no long test starts last and runs alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def run_base(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: shared by pytest-xdist's workers, unlike their own."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder that `build(folder)` fills once per test run, whichever worker asks first; the
    others wait for it. Callers only read it (copy it to change it)."""
    folder = run_base(factory) / "shared" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.parent / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder.parent / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder.parent / f"{name}.done").touch()
    return folder


def render_stack(dest: Path, data: dict, *options: str) -> Path:
    """`stackcraft new DEST` of this checkout's stack blueprint (HEAD, with changes on disk) with `data`."""
    spec = dest.parent / f"{dest.name}.spec.yml"
    spec.write_text(yaml.safe_dump(data))
    result = run_cli("new", str(dest), "--data-file", str(spec), "--vcs-ref", "HEAD", *options)
    assert result.code == 0, result.err
    return dest


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """`rendered(data, *options)`: the stack of `data` rendered once per test run and shared by every
    test (and worker) that asks for the same answers; read it, or copy it before changing it."""
    def render(data: dict, *options: str) -> Path:
        assert "STACKCRAFT_STACK_SOURCE" not in os.environ, "shared renders are of this checkout's blueprint"
        key = hashlib.sha256(json.dumps([data, options], sort_keys=True).encode()).hexdigest()[:16]
        return built_once(tmp_path_factory, f"stack-{key}",
                          lambda folder: render_stack(folder / "repo", data, *options)) / "repo"
    return render
