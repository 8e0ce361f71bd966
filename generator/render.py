"""Render a blueprint with copier into a temporary folder, then move it into place whole."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from generator import copier_adapter, vcs
from generator.copier_adapter import copier_errors, one_line  # noqa: F401 (re-exported)
from generator.errors import StackcraftError
from generator.sources import Blueprint

STAGING_PREFIX = ".stackcraft-"
STALE_AFTER_SECONDS = 3600
_STAGING_NAME = re.compile(re.escape(STAGING_PREFIX) + r"[a-z0-9_]{8}")


def _anchor(dest: Path) -> Path:
    """The nearest existing folder at or above `dest`'s parent, where the staging folder goes."""
    anchor = dest.parent
    while not anchor.exists() and not anchor.is_symlink() and anchor != anchor.parent:
        anchor = anchor.parent
    return anchor


def check_destination(dest: Path) -> None:
    """Refuse any DEST that `new` could not fill with one final rename: one line naming why."""
    try:
        _check_destination(dest.absolute())
    except (OSError, ValueError) as exc:
        raise StackcraftError(f"DEST: {dest} cannot be used ({getattr(exc, 'strerror', None) or exc})") from None


def _check_destination(dest: Path) -> None:
    shown = str(dest)
    if dest.is_symlink():
        raise StackcraftError(f"DEST: {shown} is a symbolic link; name a new folder")
    cwd = Path.cwd().resolve()
    if dest.resolve() == cwd or dest.resolve() in cwd.parents:
        raise StackcraftError(f"DEST: {shown} is the current folder or one above it; name a new folder")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise StackcraftError(f"DEST: {shown} already exists and is not empty; choose a new folder")
    anchor = _anchor(dest)
    if anchor.is_symlink() and not anchor.exists():
        raise StackcraftError(f"DEST: {anchor} is a dangling symbolic link; name a folder elsewhere")
    if not anchor.is_dir():
        raise StackcraftError(f"DEST: {shown} is under {anchor}, which is not a folder")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".stackcraft-probe-", dir=anchor))
    except OSError as exc:
        raise StackcraftError(f"DEST: cannot write in {anchor} ({exc.strerror or exc})") from None


def remove_stale_staging(anchor: Path, now: float | None = None) -> list[Path]:
    """Remove staging folders an earlier, killed `new` left in `anchor` more than an hour ago."""
    removed = []
    limit = (now or time.time()) - STALE_AFTER_SECONDS
    try:
        candidates = list(anchor.iterdir())
    except OSError:
        return removed
    for path in candidates:
        try:
            if (_STAGING_NAME.fullmatch(path.name) and not path.is_symlink() and path.is_dir()
                    and path.lstat().st_mtime < limit):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
        except OSError:
            continue
    return removed


@contextmanager
def staging_dir(dest: Path) -> Iterator[Path]:
    """A temporary folder next to `dest` (same filesystem, so the final move is a rename)."""
    anchor = _anchor(dest.absolute())
    remove_stale_staging(anchor)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=anchor))
    except OSError as exc:
        raise StackcraftError(f"DEST: cannot write in {anchor} ({exc.strerror or exc})") from None
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
        move_into_place(out, dest)


def move_into_place(out: Path, dest: Path) -> None:
    """The final step: one rename of the finished tree onto `dest` (creating its parents), or nothing."""
    made: list[Path] = []
    try:
        for parent in reversed(dest.absolute().parents):
            if not parent.exists():
                parent.mkdir()
                made.append(parent)
        out.rename(dest)  # replaces an empty folder in one step
    except OSError as exc:
        for parent in reversed(made):
            try:
                parent.rmdir()
            except OSError:
                pass
        raise StackcraftError(f"DEST: cannot move the result into {dest} ({exc.strerror or exc}); "
                              "nothing was written") from None


def render_tree(blueprint: Blueprint, answers: dict[str, Any], *, vcs_ref: str | None,
                interactive: bool = False) -> list[str]:
    """The files a render would write (for --dry-run), rendering into a throwaway folder."""
    with tempfile.TemporaryDirectory(prefix="stackcraft-dry-run-") as tmp:
        out = Path(tmp) / "repo"
        copier_copy(blueprint, out, answers, vcs_ref=vcs_ref, interactive=interactive)
        return sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
