"""The `new` pipeline: answers -> validated spec -> copier render -> git commit.

Reads top to bottom as the steps it runs; each step lives in its own module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import inputs, sources
from generator.errors import StackcraftError
from generator.render import check_destination, render_new, render_tree
from generator.spec import StackSpec, is_project_name, parse_spec, with_defaults


@dataclass(frozen=True)
class NewRequest:
    """What the user asked `stackcraft new` for."""

    dest: Path
    blueprint: str | None = None
    defaults: bool = False
    assignments: tuple[str, ...] = ()
    data_file: Path | None = None
    dry_run: bool = False
    vcs_ref: str | None = None
    git: bool = True
    interactive: bool = False


@dataclass(frozen=True)
class NewResult:
    blueprint: sources.Blueprint
    answers: dict[str, Any]
    spec: StackSpec | None
    files: list[str] | None  # set for --dry-run


def default_project_name(dest: Path) -> str | None:
    """The destination folder's name, when it is a valid project slug."""
    name = dest.absolute().name
    return name if is_project_name(name) else None


def gather_answers(request: NewRequest, blueprint: sources.Blueprint, confirm=None) -> tuple[dict[str, Any], StackSpec | None]:
    """Preset, data file and -d answers, completed by the wizard or the defaults, then validated."""
    given = {**blueprint.preset, **inputs.collect(request.data_file, request.assignments)}
    if not blueprint.is_stack:
        return given, None
    suggested = default_project_name(request.dest)
    if request.interactive:
        from generator.wizard import QuestionaryPrompter, ask

        raw = ask(QuestionaryPrompter(), given, suggested or "my-stack")
    else:
        if "project_name" not in given and suggested is None:
            raise StackcraftError(f"project_name: {request.dest.absolute().name!r} (from DEST) is not a valid "
                                  "project slug; pass -d project_name=<3-40 of a-z, 0-9, ->")
        raw = with_defaults({"project_name": suggested, **given})
    spec = parse_spec(raw)
    if confirm is not None and not confirm(spec):
        raise KeyboardInterrupt
    return spec.answers(), spec


def new(request: NewRequest, confirm=None) -> NewResult:
    """Scaffold a repository at `request.dest`: everything or nothing."""
    if not request.dry_run:
        check_destination(request.dest)
    blueprint = sources.resolve(request.blueprint)
    answers, spec = gather_answers(request, blueprint, confirm if request.interactive else None)
    copier_asks = request.interactive and not blueprint.is_stack
    if request.dry_run:
        files = render_tree(blueprint, answers, vcs_ref=request.vcs_ref, interactive=copier_asks)
        return NewResult(blueprint, answers, spec, files)
    render_new(blueprint, request.dest, answers, vcs_ref=request.vcs_ref, init_git=request.git,
               interactive=copier_asks)
    return NewResult(blueprint, answers, spec, None)
