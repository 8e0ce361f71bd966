"""Whether this command has begun writing the user's work tree: what a Ctrl-C message may claim."""

from __future__ import annotations

from pathlib import Path

_written_to: Path | None = None


def forget() -> None:
    """A new command starts: nothing written yet."""
    global _written_to
    _written_to = None


def begin(path: Path) -> None:
    """The command starts writing the work tree at `path` (its last, uninterruptible step)."""
    global _written_to
    _written_to = path


def interrupt_message() -> str:
    """What a Ctrl-C means for the user's files: nothing written, or the result already applied."""
    if _written_to is None:
        return "aborted; nothing was written"
    return f"interrupted after the changes were written to {_written_to}; review them with git status"
