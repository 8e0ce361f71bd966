"""The git operations stackcraft needs: init, commit, cleanliness, tags."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from generator.errors import StackcraftError

# Used only when the user has no git identity configured (fresh machines, CI).
FALLBACK_IDENTITY = ("-c", "user.name=stackcraft", "-c", "user.email=stackcraft@localhost")


def git(path: Path, *args: str, check: bool = True, shielded: bool = False) -> str:
    """Run git in `path` and return its standard output.

    `shielded` runs git in its own process group, so a Ctrl-C at the terminal does
    not stop it halfway through writing the work tree.
    """
    return git_bytes(path, *args, check=check, shielded=shielded).decode("utf-8", "surrogateescape")


def git_bytes(path: Path, *args: str, check: bool = True, shielded: bool = False) -> bytes:
    """Run git in `path` and return its standard output as bytes."""
    if shutil.which("git") is None:
        raise StackcraftError("git is not installed; install git or pass --no-git")
    result = subprocess.run(["git", *args], cwd=path, capture_output=True,
                            process_group=0 if shielded else None)
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).decode("utf-8", "replace").strip().splitlines()
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


def common_dir(path: Path) -> Path:
    """The repository's `.git` folder (shared by all its worktrees)."""
    return (path / git(path, "rev-parse", "--git-common-dir").strip()).resolve()


def file_at(path: Path, rev: str, rel: str) -> bytes | None:
    """The bytes of `rel` (relative to `path`) in commit `rev`, or None when it has no such file."""
    result = subprocess.run(["git", "show", f"{rev}:./{rel}"], cwd=path, capture_output=True)
    return result.stdout if result.returncode == 0 else None


def files_at(path: Path, rev: str) -> set[str]:
    """Every file under `path` in commit `rev`, relative to `path`."""
    return set(git(path, "ls-tree", "-r", "-z", "--name-only", rev).split("\0")) - {""}
