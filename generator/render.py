"""Render a blueprint with copier into a temporary folder, then move it into place whole."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from generator import copier_adapter, vcs
from generator.copier_adapter import copier_errors, one_line  # noqa: F401 (re-exported)
from generator.errors import StackcraftError
from generator.sources import Blueprint


def check_destination(dest: Path) -> None:
    """Refuse a destination that exists and is not an empty folder."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StackcraftError(f"DEST: {dest} already exists and is not empty; choose a new folder")


@contextmanager
def staging_dir(dest: Path) -> Iterator[Path]:
    """A temporary folder next to `dest` (same filesystem, so the final move is a rename)."""
    anchor = dest.absolute().parent
    while not anchor.exists():
        anchor = anchor.parent
    tmp = Path(tempfile.mkdtemp(prefix=".stackcraft-", dir=anchor))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def copier_copy(blueprint: Blueprint, dst: Path, answers: dict[str, Any], *,
                vcs_ref: str | None, interactive: bool = False) -> None:
    """Render BLUEPRINT into DST (through the copier adapter)."""
    copier_adapter.copy(blueprint.url, dst, answers, label=blueprint.label, vcs_ref=vcs_ref or blueprint.vcs_ref,
                        interactive=interactive)


def render_new(blueprint: Blueprint, dest: Path, answers: dict[str, Any], *, vcs_ref: str | None,
               init_git: bool, interactive: bool = False) -> None:
    """Write the rendered repository at `dest`, with one initial commit, or write nothing."""
    check_destination(dest)
    with staging_dir(dest) as tmp:
        out = tmp / "repo"
        copier_copy(blueprint, out, answers, vcs_ref=vcs_ref, interactive=interactive)
        if init_git:
            vcs.init_with_commit(out, f"Scaffold {dest.name} from {blueprint.label}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            dest.rmdir()
        out.rename(dest)


def render_tree(blueprint: Blueprint, answers: dict[str, Any], *, vcs_ref: str | None,
                interactive: bool = False) -> list[str]:
    """The files a render would write (for --dry-run), rendering into a throwaway folder."""
    with tempfile.TemporaryDirectory(prefix="stackcraft-dry-run-") as tmp:
        out = Path(tmp) / "repo"
        copier_copy(blueprint, out, answers, vcs_ref=vcs_ref, interactive=interactive)
        return sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
