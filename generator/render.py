"""Render a blueprint with copier into a temporary folder, then move it into place whole."""

from __future__ import annotations

import shutil
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from generator import vcs
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


@contextmanager
def copier_errors(label: str) -> Iterator[None]:
    """Turn copier's and Jinja's errors into one-line StackcraftErrors; silence copier's warnings."""
    from copier.errors import CopierError
    from jinja2 import TemplateError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except TemplateError as exc:
            where = f" in {exc.name}" if getattr(exc, "name", None) else ""
            raise StackcraftError(f"blueprint: {label} has a template error{where}: {one_line(exc)}") from None
        except (CopierError, ValueError) as exc:
            raise StackcraftError(one_line(exc)) from None


def copier_copy(blueprint: Blueprint, dst: Path, answers: dict[str, Any], *,
                vcs_ref: str | None, interactive: bool = False) -> None:
    """Run copier's public `run_copy`."""
    import copier

    with copier_errors(blueprint.label):
        copier.run_copy(
            blueprint.url, dst, data=answers, vcs_ref=vcs_ref or blueprint.vcs_ref,
            defaults=not interactive, unsafe=False, quiet=True, overwrite=True,
        )


def one_line(exc: BaseException) -> str:
    """copier's messages, made one line: 'Validation error for question 'x': msg' -> 'msg'."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for prefix in ("Validation error for question ",):
        if text.startswith(prefix):
            text = text.split(": ", 1)[-1]
    return text


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
