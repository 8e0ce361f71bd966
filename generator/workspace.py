"""Where `add` and `update` do their work: a scratch worktree, applied to the user's tree in one step.

Nothing in the user's work tree changes until the result is complete. copier runs in
a `git worktree` at HEAD under `.git/stackcraft/work/`; the finished result becomes
one commit there, and the last step moves the user's work tree to it with
`git read-tree -m -u` (the changes left uncommitted for `update`, committed for
`add`). That step runs with Ctrl-C deferred. A run stopped before it, by Ctrl-C or
SIGKILL, leaves the repository as it was; the next run removes its leftover worktree.
"""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from generator import vcs, writes
from generator.checkpoints import reached
from generator.errors import StackcraftError


@dataclass(frozen=True)
class Workspace:
    """A scratch worktree of `repo`, checked out at `start` (the user's HEAD)."""

    repo: Path
    path: Path
    start: str
    project: Path  # the user's DIR inside the worktree (DIR may be a folder of a larger repository)

    def changed_files(self) -> list[str]:
        """Every file the work changed since `start`, with intermediate commits undone."""
        vcs.git(self.path, "reset", "--quiet", "--mixed", self.start)
        return vcs.dirty_files(self.path)

    def apply(self, message: str | None = None) -> None:
        """Move the user's work tree to the result: committed with `message`, else left uncommitted."""
        vcs.commit_all(self.path, message or "stackcraft: update result")
        result = vcs.head(self.path)
        reached("applying")
        with deferred_interrupts():
            if vcs.head(self.repo) != self.start or vcs.dirty_files(self.repo):
                raise StackcraftError(f"DIR: {self.repo} changed while stackcraft worked; nothing was written, "
                                      "run it again")
            writes.begin(self.repo)
            reached("writing")
            vcs.git(self.repo, "read-tree", "-m", "-u", self.start, result, shielded=True)
            if message:
                vcs.git(self.repo, "update-ref", "-m", message, "HEAD", result, self.start, shielded=True)
            else:
                vcs.git(self.repo, "reset", "--quiet", shielded=True)
        reached("applied")


def scratch_root(repo: Path) -> Path:
    return vcs.common_dir(repo) / "stackcraft" / "work"


def prune_stale(repo: Path) -> None:
    """Remove worktrees a stopped run left behind (call it holding the repo lock)."""
    root = scratch_root(repo)
    if root.is_dir():
        for entry in root.iterdir():
            shutil.rmtree(entry, ignore_errors=True)
    vcs.git(repo, "worktree", "prune")


@contextmanager
def workspace(repo: Path) -> Iterator[Workspace]:
    """A fresh scratch worktree at the user's HEAD, removed on exit (call it holding the repo lock)."""
    prune_stale(repo)
    root = scratch_root(repo)
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="run-", dir=root))
    start = vcs.head(repo)
    inside = repo.resolve().relative_to(Path(vcs.git(repo, "rev-parse", "--show-toplevel").strip()).resolve())
    try:
        vcs.git(repo, "worktree", "add", "--quiet", "--detach", str(path), start)
        reached("workspace-ready")
        yield Workspace(repo, path, start, path / inside)
    finally:
        shutil.rmtree(path, ignore_errors=True)
        vcs.git(repo, "worktree", "prune", check=False)
        reached("workspace-removed")


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold back Ctrl-C until the block has finished, then raise it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt
