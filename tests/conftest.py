"""Shared fixtures: run the CLI in-process, and temporary git copies of this template."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

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
    monkeypatch.delenv("STACKCRAFT_CATALOGUES", raising=False)
    if "STACKCRAFT_STACK_SOURCE" in os.environ:
        monkeypatch.delenv("STACKCRAFT_STACK_SOURCE")
