"""copier's update and copy of a recorded version, as `add` and `update` call them.

Both go through generator/copier_adapter.py (the one module that calls copier); this
module first makes sure the built-in blueprint's snapshot holds this stackcraft's version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import answers, copier_adapter, sources
from generator.copier_adapter import Conflict

__all__ = ["Conflict", "copier_update", "render_recorded"]


def refresh_builtin_source(src: str) -> None:
    """Make sure the built-in snapshot holds this stackcraft's version before copier reads it."""
    if src and sources.is_builtin_stack_url(src):
        sources.builtin_stack()


def copier_update(repo: Path, answers_file: Path, *, data: dict[str, Any] | None = None,
                  vcs_ref: str | None = None, conflict: Conflict = "inline") -> None:
    """copier's update of the project that `answers_file` (inside `repo`) records."""
    refresh_builtin_source(str(answers.load(answers_file).get("_src_path", "")))
    copier_adapter.update(repo, answers_file, data=data, vcs_ref=vcs_ref, conflict=conflict)


def render_recorded(recorded: dict[str, Any], answers_name: str, dst: Path) -> None:
    """Render into `dst` what an answers file records: its template, at its version, with its answers."""
    src = str(recorded.get("_src_path", ""))
    refresh_builtin_source(src)
    copier_adapter.copy(src, dst, answers.user_answers(recorded), label=answers_name,
                        vcs_ref=str(recorded.get("_commit") or "") or None, answers_file=answers_name)
