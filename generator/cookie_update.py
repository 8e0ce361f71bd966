"""Take a cookiecutter-made project to a newer template version, keeping local edits.

Render the recorded version and the new one with the recorded context (new questions take
their defaults), then apply the old->new change three-way to the project (generator/merge3.py)
and rewrite `.cruft.json`. It runs inside `update`'s scratch worktree like copier's update.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from generator import cookiecutter_adapter, cruft_record
from generator.cookie_render import render_into
from generator.merge3 import apply_change


def cookiecutter_update(project: Path, record_file: Path, *, vcs_ref: str | None = None,
                        conflict: str = "inline", trust: bool = False) -> list[str]:
    """Update the project `record_file` (its `.cruft.json`) describes; return files left with conflicts."""
    recorded = cruft_record.load(record_file)
    url = recorded["template"]
    answers = cookiecutter_adapter.user_answers(recorded["context"]["cookiecutter"])
    label = str(record_file.relative_to(project))
    with tempfile.TemporaryDirectory(prefix="stackcraft-cookiecutter-update-") as tmp:
        old, new = Path(tmp) / "old", Path(tmp) / "new"
        render_into(url, cruft_record.rendered_ref(recorded), answers, old, label=label, trust=trust,
                    ref_option=f"{label} commit")
        record = render_into(url, vcs_ref, answers, new, label=label, trust=trust)
        if record.get("commit") == recorded.get("commit"):
            return []
        for side in (old, new):
            (side / cruft_record.RECORD_NAME).unlink()
        conflicts = apply_change(record_file.parent, old, new, conflict)
    cruft_record.write(record_file.parent, url, record["commit"], record["checkout"],
                       record["context"]["cookiecutter"])
    return conflicts
