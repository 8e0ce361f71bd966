"""`stackcraft update`: take a newer blueprint version through copier's `run_update`, keeping local edits.

The steps: hold the repo lock; refuse a dirty tree; in a scratch worktree, update each
answers file in turn (each followed by `keep_removed_edits`); then apply the whole
result to the user's work tree in one step, left uncommitted for review.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import answers, cruft_record, vcs
from generator.checkpoints import reached
from generator.conflicts import find_conflicts
from generator.cookie_update import cookiecutter_update
from generator.errors import ConflictsRemain, StackcraftError
from generator.lock import repo_lock
from generator.removals import keep_removed_edits
from generator.rerender import Conflict, copier_update
from generator.workspace import workspace


@dataclass(frozen=True)
class UpdateResult:
    """What an update did: the answers files (relative), their versions after it, whether anything changed."""

    files: list[Path]
    versions: dict[Path, str]
    changed: bool

    def summary(self) -> str:
        return ", ".join(f"{path} at {version}" if len(self.versions) > 1 else version
                         for path, version in self.versions.items())


def require_repo(repo: Path) -> None:
    if not repo.is_dir():
        raise StackcraftError(f"DIR: {repo} is not a folder")
    if not vcs.is_repo(repo):
        raise StackcraftError(f"DIR: {repo} is not a git repository; updates merge through git")


def require_clean_repo(repo: Path) -> None:
    require_repo(repo)
    dirty = vcs.dirty_files(repo)
    if dirty:
        shown = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
        raise StackcraftError(f"DIR: {repo} has uncommitted changes ({shown}); commit or stash them first")


def recorded_versions(root: Path, files: list[Path]) -> dict[Path, str]:
    """The version each answers file (or cookiecutter record) names."""
    return {rel: cruft_record.version(cruft_record.load(root / rel)) if rel.name == cruft_record.RECORD_NAME
            else str(answers.load(root / rel).get("_commit") or "?") for rel in files}


def record_files(repo: Path) -> list[Path]:
    """What `update` updates, relative to `repo`: copier answers files, then a cookiecutter record."""
    found = [path.relative_to(repo) for path in answers.answers_files(repo)]
    if (repo / cruft_record.RECORD_NAME).is_file():
        found.append(Path(cruft_record.RECORD_NAME))
    return found


def update_repo(repo: Path, *, vcs_ref: str | None = None, conflict: Conflict = "inline",
                trust: bool = False) -> UpdateResult:
    """Update every answers file in `repo`; raise ConflictsRemain when any conflict is left."""
    require_repo(repo)
    with repo_lock(repo):
        reached("locked")
        require_clean_repo(repo)
        files = record_files(repo)
        if not files:
            raise StackcraftError(f"DIR: {repo} has no .copier-answers.yml or .cruft.json; "
                                  "is it a repository stackcraft generated?")
        recorded_versions(repo, files)  # a broken answers file is named where the user keeps it
        with workspace(repo) as work:
            for index, rel in enumerate(files, start=1):
                if index > 1:
                    vcs.commit_all(work.path, "stackcraft: intermediate update commit")
                before = vcs.head(work.project)
                reached(f"update-{index}")
                if rel.name == cruft_record.RECORD_NAME:
                    cookiecutter_update(work.project, work.project / rel, vcs_ref=vcs_ref, conflict=conflict,
                                        trust=trust)
                    continue
                copier_update(work.project, work.project / rel, vcs_ref=vcs_ref, conflict=conflict)
                reached(f"copier-done-{index}")
                keep_removed_edits(work.project, rel, before, conflict)
                reached(f"removals-checked-{index}")
            result = UpdateResult(files, recorded_versions(work.project, files), bool(work.changed_files()))
            if not result.changed:
                return result
            conflicts = find_conflicts(work.path)
            reached("conflicts-listed")
            work.apply()
    if conflicts:
        raise ConflictsRemain(conflicts)
    return result
