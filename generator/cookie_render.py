"""Render a cookiecutter template at a version, with `.cruft.json` recording what was rendered."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from generator import cookiecutter_adapter, cruft_record, vcs
from generator.checkout import template_at
from generator.render import check_destination, move_into_place, staging_dir


def render_into(url: str, ref: str | None, answers: dict[str, Any], out: Path, *, label: str,
                interactive: bool = False, trust: bool = False, ref_option: str = "--vcs-ref") -> dict[str, Any]:
    """Render the template's project into the new folder `out` and record it there; return the record."""
    with template_at(url, ref, label, ref_option) as checkout, \
            tempfile.TemporaryDirectory(prefix="stackcraft-cookiecutter-") as tmp:
        project, context = cookiecutter_adapter.render(checkout.path, Path(tmp), answers, label=label, source=url,
                                                       interactive=interactive, trust=trust)
        shutil.move(str(project), str(out))
        cruft_record.write(out, url, checkout.commit, checkout.version, context)
    return cruft_record.load(out / cruft_record.RECORD_NAME)


def render_new(url: str, dest: Path, answers: dict[str, Any], *, label: str, vcs_ref: str | None,
               init_git: bool, interactive: bool = False, trust: bool = False) -> None:
    """Write the rendered repository at `dest`, with one initial commit, or write nothing."""
    check_destination(dest)
    with staging_dir(dest) as tmp:
        out = tmp / "repo"
        render_into(url, vcs_ref, answers, out, label=label, interactive=interactive, trust=trust)
        if init_git:
            vcs.init_with_commit(out, f"Scaffold {dest.name} from {label}")
        move_into_place(out, dest)


def render_files(url: str, answers: dict[str, Any], *, label: str, vcs_ref: str | None) -> list[str]:
    """The files a render would write (for --dry-run)."""
    with tempfile.TemporaryDirectory(prefix="stackcraft-dry-run-") as tmp:
        out = Path(tmp) / "repo"
        render_into(url, vcs_ref, answers, out, label=label)
        return sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
