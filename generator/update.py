"""Evolve a generated repository through copier's `run_update`, keeping local edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import answers, copier_adapter, sources, vcs
from generator.conflicts import find_conflicts
from generator.copier_adapter import Conflict
from generator.errors import ConflictsRemain, StackcraftError


def require_clean_repo(repo: Path) -> None:
    if not repo.is_dir():
        raise StackcraftError(f"DIR: {repo} is not a folder")
    if not vcs.is_repo(repo):
        raise StackcraftError(f"DIR: {repo} is not a git repository; updates merge through git")
    dirty = vcs.dirty_files(repo)
    if dirty:
        shown = ", ".join(dirty[:5]) + (" ..." if len(dirty) > 5 else "")
        raise StackcraftError(f"DIR: {repo} has uncommitted changes ({shown}); commit or stash them first")


def refresh_builtin_source(answers_path: Path) -> None:
    """Make sure the built-in snapshot holds this stackcraft's version before copier reads it."""
    src = str(answers.load(answers_path).get("_src_path", ""))
    if src and sources.is_builtin_stack_url(src):
        sources.builtin_stack()


def copier_update(repo: Path, answers_file: Path, *, data: dict[str, Any] | None = None,
                  vcs_ref: str | None = None, conflict: Conflict = "inline") -> None:
    refresh_builtin_source(answers_file)
    copier_adapter.update(repo, answers_file, data=data, vcs_ref=vcs_ref, conflict=conflict)


def update_repo(repo: Path, *, vcs_ref: str | None = None, conflict: Conflict = "inline") -> list[Path]:
    """Update every answers file in `repo`; raise ConflictsRemain when any conflict is left.

    copier refuses to update a dirty tree, so between two answers files the first
    update is committed on a temporary commit that is undone at the end: the user
    gets all changes uncommitted, to review as one.
    """
    require_clean_repo(repo)
    files = answers.answers_files(repo)
    if not files:
        raise StackcraftError(f"DIR: {repo} has no .copier-answers.yml; is it a repository stackcraft generated?")
    start = vcs.head(repo)
    try:
        for index, path in enumerate(files):
            if index:
                vcs.commit_all(repo, "stackcraft: intermediate update commit")
            copier_update(repo, path, vcs_ref=vcs_ref, conflict=conflict)
    finally:
        if vcs.head(repo) != start:
            vcs.git(repo, "reset", "--quiet", "--mixed", start)
    conflicts = find_conflicts(repo)
    if conflicts:
        raise ConflictsRemain(conflicts)
    return files
