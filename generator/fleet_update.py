"""`fleet update` for one repo: update on a new branch `stackcraft/update-<version>` and commit.

The user's checkout is never touched: the update runs in a separate worktree at HEAD
(under `.git/stackcraft/fleet/`) through `update`'s own pipeline, and only the new
branch records the result. A dirty repo is skipped. When conflicts remain, the branch
is still committed, with the conflicts in it, and the repo is reported as conflicting.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator import vcs
from generator.errors import ConflictsRemain, StackcraftError
from generator.update import record_files, recorded_versions, update_repo

BRANCH_PREFIX = "stackcraft/update-"
FAILING = {"conflicts", "skipped", "error"}


@dataclass
class UpdateOutcome:
    path: str
    result: str  # updated | current | conflicts | skipped | error
    version: str | None = None
    branch: str | None = None
    conflicts: list[str] = field(default_factory=list)
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def branch_name(version: str) -> str:
    return BRANCH_PREFIX + (re.sub(r"[^A-Za-z0-9._-]+", "-", version).strip(".-") or "latest")


def update_on_branch(path: str, to: str | None = None, trust: bool = False) -> UpdateOutcome:
    """Update the repo at `path` on a new branch; never touch its checkout or a dirty repo."""
    repo = Path(path)
    try:
        if not vcs.is_repo(repo):
            raise StackcraftError(f"{path} is not a git repository")
        dirty = vcs.dirty_files(repo)
        if dirty:
            return UpdateOutcome(path, "skipped", detail="uncommitted changes: " + ", ".join(dirty[:3]))
        root = vcs.common_dir(repo) / "stackcraft" / "fleet"
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="update-", dir=root))
        try:
            vcs.git(repo, "worktree", "add", "--quiet", "--detach", str(work), "HEAD")
            return _update_in(path, work, to, trust)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            vcs.git(repo, "worktree", "prune", check=False)
    except StackcraftError as exc:
        return UpdateOutcome(path, "error", detail=str(exc))


def _update_in(path: str, work: Path, to: str | None, trust: bool) -> UpdateOutcome:
    conflicts: list[str] = []
    try:
        update_repo(work, vcs_ref=to, trust=trust)
    except ConflictsRemain as exc:
        conflicts = exc.files
    files = record_files(work)
    version = next(iter(recorded_versions(work, files).values()))
    if not vcs.dirty_files(work):
        return UpdateOutcome(path, "current", version=version)
    branch = branch_name(version)
    if vcs.git(work, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}", check=False).strip():
        return UpdateOutcome(path, "skipped", version=version, branch=branch, detail=f"branch {branch} exists")
    vcs.git(work, "switch", "--quiet", "-c", branch)
    message = f"Update template to {version} with stackcraft"
    if conflicts:
        message += "\n\nConflicts to resolve in: " + ", ".join(conflicts)
    vcs.commit_all(work, message)
    return UpdateOutcome(path, "conflicts" if conflicts else "updated", version, branch, conflicts)
