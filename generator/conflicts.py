"""Find the merge conflicts an update left: inline markers, `.rej` files, unmerged paths."""

from __future__ import annotations

import re
from pathlib import Path

from generator import vcs

_MARKER = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)


def find_conflicts(repo: Path) -> list[str]:
    """Changed files that hold conflict markers, plus `.rej` files and unmerged paths."""
    found: set[str] = set()
    found.update(vcs.git(repo, "diff", "--name-only", "--diff-filter=U").split())
    for rel in vcs.dirty_files(repo):
        rel = rel.strip('"')
        path = repo / rel
        if rel.endswith(".rej"):
            found.add(rel)
        elif path.is_file() and _has_markers(path):
            found.add(rel)
    return sorted(found)


def _has_markers(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return False
    starts = {match.group(1)[0] for match in _MARKER.finditer(text)}
    return starts == {"<", ">"}
