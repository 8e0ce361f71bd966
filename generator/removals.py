"""Edited files that an update removed: follow the blueprint's rename, or keep them as a conflict.

copier deletes a file that the new blueprint version no longer has, edited or not.
After copier has run, each file it removed is compared with the render of the
version the repo was on (its baseline, rendered only when something was removed):
- unedited: it stays removed;
- edited, and the blueprint's rename table (`hooks/migrations.yml`) says where it went:
  the edit is merged three-way into the file at its new path. A clash is left inline
  between conflict markers; with `--conflict rej`, the new file keeps the blueprint's
  text and the user's change (a diff of the old path's baseline to their text) is saved
  in `<new path>.rej`;
- edited otherwise: it is a conflict. Inline, the user's text goes back at its path
  between conflict markers (`=======` then an empty "after updating" side); with
  `--conflict rej`, the file stays removed and the user's text is saved in `<path>.rej`.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import tempfile
from pathlib import Path

import yaml

from generator import answers, migrations, vcs
from generator.rerender import Conflict, render_recorded

REMOVED_MARKER_HEAD = "<<<<<<< before updating (your edited file; the new blueprint version removed it)\n"
REMOVED_MARKER_TAIL = "=======\n>>>>>>> after updating (removed)\n"


def keep_removed_edits(work: Path, answers_rel: Path, before: str, conflict: Conflict) -> None:
    """Deal with the edited files that updating the project of `answers_rel` removed since `before`."""
    prefix = "" if answers_rel.parent == Path(".") else answers_rel.parent.as_posix() + "/"
    removed = sorted(path for path in vcs.files_at(work, before)
                     if path.startswith(prefix) and not os.path.lexists(work / path))
    if not removed:
        return
    old = yaml.safe_load(vcs.file_at(work, before, answers_rel.as_posix()) or b"") or {}
    edited = _edited(work, before, removed, prefix, old, answers_rel.name)
    if not edited:
        return
    new = answers.load(work / answers_rel)
    table = migrations.read_table(str(new.get("_src_path", "")), str(new.get("_commit", "")))
    releases = migrations.renames_between(table, str(old.get("_commit", "")), str(new.get("_commit", "")))
    for path, (ours, base) in edited.items():
        _drop_copiers_rej(work, before, path)
        target = prefix + migrations.follow(path[len(prefix):], releases)
        if target == path or base is None or not (work / target).is_file() \
                or not _merge_into(work / target, ours, base, conflict, path):
            _keep_as_conflict(work / path, ours, conflict)


def _drop_copiers_rej(work: Path, before: str, path: str) -> None:
    """With `--conflict rej`, copier rejects every hunk of an edited file it removed into `<path>.rej`;
    this module decides where that edit goes, so copier's file goes (a `.rej` the user committed stays)."""
    rej = f"{path}.rej"
    if (work / rej).is_file() and vcs.file_at(work, before, rej) is None:
        (work / rej).unlink()


def _edited(work: Path, before: str, removed: list[str], prefix: str, recorded: dict,
            answers_name: str) -> dict[str, tuple[bytes, bytes | None]]:
    """The removed files whose text differs from the baseline: path -> (user's bytes, baseline bytes)."""
    edited: dict[str, tuple[bytes, bytes | None]] = {}
    with tempfile.TemporaryDirectory(prefix="stackcraft-baseline-") as tmp:
        baseline = Path(tmp) / "project"
        render_recorded(recorded, answers_name, baseline)
        for path in removed:
            ours = vcs.file_at(work, before, path) or b""
            base_file = baseline / path[len(prefix):]
            base = base_file.read_bytes() if base_file.is_file() else None
            if base != ours:
                edited[path] = (ours, base)
    return edited


def _merge_into(target: Path, ours: bytes, base: bytes, conflict: Conflict, source: str) -> bool:
    """Three-way merge the user's change (base -> ours) into `target`; False when git cannot merge them.

    A clash is inline; with `conflict == "rej"` it leaves `target` as the blueprint has it and
    writes the user's change to `<target>.rej` instead."""
    with tempfile.TemporaryDirectory(prefix="stackcraft-merge-") as tmp:
        sides = {}
        for name, data in (("ours", ours), ("base", base), ("theirs", target.read_bytes())):
            sides[name] = Path(tmp) / name
            sides[name].write_bytes(data)
        result = subprocess.run(
            ["git", "merge-file", "-p", "-L", "before updating", "-L", "last update", "-L", "after updating",
             str(sides["ours"]), str(sides["base"]), str(sides["theirs"])],
            capture_output=True)
    if not 0 <= result.returncode < 128:  # conflicts count up from 1; errors (binary files) are 255
        return False
    if result.returncode > 0 and conflict == "rej":
        return _save_change_as_rej(target, ours, base, source)
    target.write_bytes(result.stdout)
    return True


def _save_change_as_rej(target: Path, ours: bytes, base: bytes, source: str) -> bool:
    """`<target>.rej`: the user's change to `source` as a unified diff; False for text that is not UTF-8."""
    try:
        before, after = base.decode("utf-8"), ours.decode("utf-8")
    except UnicodeDecodeError:
        return False
    diff = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                fromfile=f"a/{source} (before updating)", tofile=f"b/{source} (your edit)")
    text = "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)
    target.with_name(target.name + ".rej").write_text(text, encoding="utf-8")
    return True


def _keep_as_conflict(path: Path, ours: bytes, conflict: Conflict) -> None:
    """Keep the user's text of a removed file where they will find it, flagged as a conflict."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        text = ours.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if conflict == "rej" or text is None or "\0" in text:
        path.with_name(path.name + ".rej").write_bytes(ours)
        return
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(REMOVED_MARKER_HEAD + text + REMOVED_MARKER_TAIL, encoding="utf-8")
