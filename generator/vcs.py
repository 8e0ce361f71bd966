"""The git operations stackcraft needs: init, commit, cleanliness, tags."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.errors import StackcraftError

# Used only when the user has no git identity configured (fresh machines, CI).
FALLBACK_IDENTITY = ("-c", "user.name=stackcraft", "-c", "user.email=stackcraft@localhost")


def git(path: Path, *args: str, check: bool = True) -> str:
    """Run git in `path` and return its standard output."""
    if shutil.which("git") is None:
        raise StackcraftError("git is not installed; install git or pass --no-git")
    result = subprocess.run(["git", *args], cwd=path, capture_output=True, text=True)
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise StackcraftError(f"git {args[0]} failed in {path}: {detail[-1] if detail else result.returncode}")
    return result.stdout


def _identity(path: Path) -> tuple[str, ...]:
    has_email = git(path, "config", "user.email", check=False).strip()
    return () if has_email else FALLBACK_IDENTITY


def commit_all(path: Path, message: str) -> None:
    """Stage everything and commit it (an empty commit is allowed)."""
    git(path, "add", "-A")
    git(path, *_identity(path), "commit", "--quiet", "--allow-empty", "--no-verify", "-m", message)


def init_with_commit(path: Path, message: str) -> None:
    """Make `path` a git repository on branch main holding one commit of everything in it."""
    git(path, "init", "--quiet", "--initial-branch=main")
    commit_all(path, message)


def is_repo(path: Path) -> bool:
    return shutil.which("git") is not None and subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=path, capture_output=True, text=True
    ).stdout.strip() == "true"


def dirty_files(path: Path) -> list[str]:
    """Files with uncommitted changes (tracked or untracked), relative to the repository."""
    lines = git(path, "status", "--porcelain", "--untracked-files=all").splitlines()
    return [line[3:] for line in lines if line.strip()]


def head(path: Path) -> str:
    return git(path, "rev-parse", "HEAD").strip()


def tags(path: Path) -> set[str]:
    return set(git(path, "tag", "--list").split())
