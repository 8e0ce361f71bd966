"""Drift: the committed files that differ from a fresh, full render of the recorded version.

The template is rendered again, at the version the repo records, with the answers it records,
into a temporary folder (copier's `run_copy`, or cookiecutter for a `.cruft.json`), and each
rendered file is compared with the repo's HEAD. No deltas are replayed: a file that diverged
long ago shows up however it got there. Files the template does not render are the repo's own.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator import answers, cookiecutter_adapter, cruft_record, vcs
from generator.cookie_render import render_into
from generator.rerender import render_recorded


def render_recorded_project(project: Path, record: str, out: Path) -> None:
    """Render into `out` what the record file `record` (in `project`) says the project was made from."""
    if record == cruft_record.RECORD_NAME:
        recorded = cruft_record.load(project / record)
        context = cookiecutter_adapter.user_answers(recorded["context"]["cookiecutter"])
        render_into(recorded["template"], cruft_record.rendered_ref(recorded), context, out, label=record,
                    ref_option=f"{record} commit")
    else:
        render_recorded(answers.load(project / record), record, out)


def drifted_files(repo: Path, record_rel: Path) -> list[str]:
    """Files (relative to `repo`) whose committed content differs from a fresh render of the record."""
    project = (repo / record_rel).parent
    inside = record_rel.parent
    with tempfile.TemporaryDirectory(prefix="stackcraft-drift-") as tmp:
        out = Path(tmp) / "render"
        render_recorded_project(project, record_rel.name, out)
        rendered = sorted(path for path in out.rglob("*") if path.is_file() and ".git" not in path.parts)
        drift = []
        for path in rendered:
            rel = (inside / path.relative_to(out)).as_posix()
            if vcs.file_at(repo, "HEAD", rel) != path.read_bytes():
                drift.append(rel)
    return drift
