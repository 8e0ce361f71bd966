"""The `new` pipeline: answers -> validated spec -> copier render -> git commit.

Reads top to bottom as the steps it runs; each step lives in its own module.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ContextManager

from generator import inputs, sources
from generator.errors import StackcraftError
from generator.prompter import Prompter
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
    trust: bool = False  # run a cookiecutter template's hooks


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


def gather_answers(request: NewRequest, blueprint: sources.Blueprint,
                   prompter: Prompter | None = None) -> tuple[dict[str, Any], StackSpec | None]:
    """Preset, data file and -d answers, completed by the wizard or the defaults, then validated."""
    given = {**blueprint.preset, **inputs.collect(request.data_file, request.assignments, blueprint.structured)}
    if not blueprint.is_stack:
        return given, None
    suggested = default_project_name(request.dest)
    if request.interactive:
        from generator.prompter import QuestionaryPrompter
        from generator.wizard import interview

        spec = interview(prompter or QuestionaryPrompter(), given, suggested or "my-stack", request.dest)
        return spec.answers(), spec
    if "project_name" not in given and suggested is None:
        raise StackcraftError(f"project_name: {request.dest.absolute().name!r} (from DEST) is not a valid "
                              "project slug; pass -d project_name=<3-40 of a-z, 0-9, ->")
    spec = parse_spec(with_defaults({"project_name": suggested, **given}))
    return spec.answers(), spec


def require_answers(request: NewRequest, blueprint: sources.Blueprint) -> None:
    """Without a terminal, refuse to guess: the answers come from flags, a file or a catalogue entry."""
    if request.interactive or request.defaults or request.assignments or request.data_file or blueprint.preset:
        return
    raise StackcraftError("answers: no terminal to ask on; pass --defaults, -d KEY=VALUE or --data-file FILE")


def new(request: NewRequest, prompter: Prompter | None = None,
        progress: Callable[[str], ContextManager[Any]] = nullcontext) -> NewResult:
    """Scaffold a repository at `request.dest`: everything or nothing (--dry-run: write nothing).

    `prompter` asks the wizard's questions (a terminal's by default); `progress` shows that
    the render is under way (e.g. a spinner).
    """
    check_destination(request.dest)
    blueprint = sources.resolve(request.blueprint, request.vcs_ref)
    require_answers(request, blueprint)
    answers, spec = gather_answers(request, blueprint, prompter)
    if blueprint.kind == "cookiecutter":
        return _new_cookiecutter(request, blueprint, answers, progress)
    copier_asks = request.interactive and not blueprint.is_stack
    if copier_asks:
        progress = nullcontext  # copier's own questions: no spinner over them
    if request.dry_run:
        with progress(f"Rendering {blueprint.label}"):
            files = render_tree(blueprint, answers, vcs_ref=request.vcs_ref, interactive=copier_asks)
        return NewResult(blueprint, answers, spec, files)
    with progress(f"Generating {request.dest} from {blueprint.label}"):
        render_new(blueprint, request.dest, answers, vcs_ref=request.vcs_ref, init_git=request.git,
                   interactive=copier_asks)
    return NewResult(blueprint, answers, spec, None)


def _new_cookiecutter(request: NewRequest, blueprint: sources.Blueprint, answers: dict[str, Any],
                      progress: Callable[[str], ContextManager[Any]]) -> NewResult:
    """A cookiecutter entry: cookiecutter asks its own questions on a terminal (no spinner over them)."""
    from generator import cookie_render

    if request.interactive:
        progress = nullcontext
    if request.dry_run:
        with progress(f"Rendering {blueprint.label}"):
            files = cookie_render.render_files(blueprint.url, answers, label=blueprint.label,
                                               vcs_ref=request.vcs_ref)
        return NewResult(blueprint, answers, None, files)
    with progress(f"Generating {request.dest} from {blueprint.label}"):
        cookie_render.render_new(blueprint.url, request.dest, answers, label=blueprint.label,
                                 vcs_ref=request.vcs_ref, init_git=request.git,
                                 interactive=request.interactive, trust=request.trust)
    return NewResult(blueprint, answers, None, None)
