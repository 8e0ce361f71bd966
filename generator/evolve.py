"""`stackcraft add`: change a generated repo's answers and re-render through copier's update.

The steps: hold the repo lock; refuse a dirty tree; compute and validate the new
answers; re-render in a scratch worktree at the version the repo is on; then apply
the result to the user's work tree in one step, as a commit. When conflicts remain,
the result is applied uncommitted and the conflicts are reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import answers, sources, vcs
from generator.checkpoints import reached
from generator.conflicts import find_conflicts
from generator.errors import ConflictsRemain, SpecError, StackcraftError
from generator.growth import grown_answers
from generator.lock import repo_lock
from generator.removals import keep_removed_edits
from generator.rerender import copier_update
from generator.spec import StackSpec, check_name_is_free, parse_spec
from generator.update import require_clean_repo, require_repo
from generator.workspace import workspace


def answers_with_unit(repo: Path, recorded: dict[str, Any], kind: str, unit: dict[str, Any],
                      gateway: str | None = None) -> StackSpec:
    """The stack's answers with `unit` added to `kind` (services or functions), validated."""
    if not sources.is_stack_source(str(recorded.get("_src_path", "")), str(recorded.get("_commit") or "") or None):
        raise StackcraftError(f"DIR: {repo} was not generated from the stack blueprint; add works on stack repos")
    current = answers.user_answers(recorded)
    check_name_is_free(current, kind, str(unit["name"]))
    current = grown_answers(current, kind, unit, gateway)
    try:
        return parse_spec(current)
    except SpecError as exc:
        raise as_typed(exc, kind, len(current[kind]) - 1) from None


def as_typed(error: SpecError, kind: str, index: int) -> SpecError:
    """Name the new unit's fields as the user typed them (NAME, --language), not `services[4].name`."""
    prefix = f"{kind}[{index}]"
    if not error.field.startswith(prefix):
        return error
    part = error.field[len(prefix):].lstrip(".")
    return SpecError("NAME" if part in ("", "name") else f"--{part}", error.message)


def commit_message(kind: str, unit: dict[str, Any]) -> str:
    details = ", ".join(str(value) for key, value in unit.items() if key != "name")
    return f"Add {kind[:-1]} {unit['name']} ({details}) with stackcraft"


def add_unit(repo: Path, kind: str, unit: dict[str, Any], gateway: str | None = None) -> StackSpec:
    """Append a service or function to the stack's answers, apply the change and commit it."""
    require_repo(repo)
    with repo_lock(repo):
        reached("locked")
        require_clean_repo(repo)
        rel = answers.main_answers_file(repo).relative_to(repo)
        recorded = answers.load(repo / rel)
        spec = answers_with_unit(repo, recorded, kind, unit, gateway)
        reached("answers-computed")
        with workspace(repo) as work:
            before = vcs.head(work.project)
            copier_update(work.project, work.project / rel, data=spec.answers(),
                          vcs_ref=str(recorded.get("_commit") or "") or None)
            reached("copier-done")
            keep_removed_edits(work.project, rel, before, "inline")
            reached("removals-checked")
            conflicts = find_conflicts(work.path)
            reached("conflicts-listed")
            work.apply(None if conflicts else commit_message(kind, unit))
    if conflicts:
        raise ConflictsRemain(conflicts)
    return spec
