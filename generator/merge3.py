"""Three-way apply of a template change to a project: base = old render, theirs = new render.

Each file the template touched between the two renders is merged with the project's own
copy (`git merge-file`): an edit the user made is kept, a line both changed is a conflict,
left as inline markers (or, with `rej`, the template's version beside it as `FILE.rej`).
A file the template deleted is deleted only when the user had not edited it.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path



def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in root.rglob("*") if path.is_file() and ".git" not in path.relative_to(root).parts}


def _merge(ours: bytes, base: bytes, theirs: bytes, name: str) -> tuple[bytes, bool]:
    """`git merge-file` of the three versions: the merged bytes and whether they conflict."""
    with tempfile.TemporaryDirectory(prefix="stackcraft-merge-") as tmp:
        paths = []
        for label, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / label
            path.write_bytes(data)
            paths.append(str(path))
        done = subprocess.run(["git", "merge-file", "-p", "-L", f"{name} (yours)", "-L", f"{name} (before)",
                               "-L", f"{name} (template update)", *paths], capture_output=True)
    if done.returncode < 0 or done.returncode > 127:
        return ours, True
    return done.stdout, done.returncode > 0


def apply_change(project: Path, old: Path, new: Path, conflict: str = "inline") -> list[str]:
    """Bring the template's old->new change into `project`; return the files left with conflicts."""
    before, after = _files(old), _files(new)
    conflicts: list[str] = []
    for rel in sorted(set(before) | set(after)):
        base, theirs = before.get(rel), after.get(rel)
        if base == theirs:
            continue
        target = project / rel
        ours = target.read_bytes() if target.is_file() else None
        if ours == theirs:
            continue
        if ours == base:  # the user did not touch it: take the template's version
            if theirs is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(theirs)
            continue
        if theirs is None or ours is None:  # deleted on one side, edited on the other: keep the user's
            if theirs is not None:  # the user deleted a file the template changed: offer it beside
                target.parent.mkdir(parents=True, exist_ok=True)
                (target.parent / f"{target.name}.rej").write_bytes(theirs)
                conflicts.append(f"{rel}.rej")
            continue
        merged, clashed = _merge(ours, base or b"", theirs, rel)
        if clashed and (conflict == "rej" or b"\0" in ours + theirs):
            (target.parent / f"{target.name}.rej").write_bytes(theirs)
            conflicts.append(f"{rel}.rej")
        else:
            target.write_bytes(merged)
            if clashed:
                conflicts.append(rel)
    return conflicts

