"""`stackcraft add`: change a generated repo's answers and re-render through copier's update."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import answers, sources
from generator.conflicts import find_conflicts
from generator.errors import ConflictsRemain, SpecError, StackcraftError
from generator.growth import grown_answers
from generator.spec import StackSpec, check_name_is_free, parse_spec
from generator.update import copier_update, require_clean_repo


def add_unit(repo: Path, kind: str, unit: dict[str, Any], gateway: str | None = None) -> StackSpec:
    """Append a service or function to the stack's answers and apply the change."""
    require_clean_repo(repo)
    path = answers.main_answers_file(repo)
    recorded = answers.load(path)
    if not sources.is_stack_source(str(recorded.get("_src_path", "")), str(recorded.get("_commit") or "") or None):
        raise StackcraftError(f"DIR: {repo} was not generated from the stack blueprint; add works on stack repos")
    current = answers.user_answers(recorded)
    check_name_is_free(current, kind, str(unit["name"]))
    current = grown_answers(current, kind, unit, gateway)
    try:
        spec = parse_spec(current)
    except SpecError as exc:
        raise as_typed(exc, kind, len(current[kind]) - 1) from None
    copier_update(repo, path, data=spec.answers(), vcs_ref=str(recorded.get("_commit") or "") or None)
    conflicts = find_conflicts(repo)
    if conflicts:
        raise ConflictsRemain(conflicts)
    return spec


def as_typed(error: SpecError, kind: str, index: int) -> SpecError:
    """Name the new unit's fields as the user typed them (NAME, --language), not `services[4].name`."""
    prefix = f"{kind}[{index}]"
    if not error.field.startswith(prefix):
        return error
    part = error.field[len(prefix):].lstrip(".")
    return SpecError("NAME" if part in ("", "name") else f"--{part}", error.message)
