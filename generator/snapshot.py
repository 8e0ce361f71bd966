"""A versioned git snapshot of the blueprint packaged inside an installed wheel.

copier needs the template as a git repository holding every released version, so
that `update` can re-render the version a repo was made from. An installed wheel has
only its own version's files: on first use stackcraft commits them into a git
repository in the user's cache and tags the commit `v<version>`. Each later
stackcraft version adds its commit and tag on top, so that repository accumulates
the versions this machine has used.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from generator import vcs


def cache_dir() -> Path:
    """`STACKCRAFT_CACHE_DIR`, else `$XDG_CACHE_HOME/stackcraft`, else `~/.cache/stackcraft`."""
    explicit = os.environ.get("STACKCRAFT_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "stackcraft"


def ensure_snapshot(bundle: Path, version: str, name: str = "stack") -> Path:
    """Return the snapshot repository, adding the `v<version>` commit if it lacks it."""
    repo = cache_dir() / "blueprints" / name
    repo.mkdir(parents=True, exist_ok=True)
    tag = f"v{version}"
    with open(repo.parent / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (repo / ".git").exists():
            vcs.git(repo, "init", "--quiet", "--initial-branch=main")
        if tag in vcs.tags(repo):
            return repo
        for entry in repo.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        shutil.copytree(bundle, repo, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        vcs.commit_all(repo, f"stackcraft blueprint {version}")
        vcs.git(repo, "tag", tag)
    return repo
