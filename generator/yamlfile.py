"""Read the YAML a user hands stackcraft (data files, answers files, catalogues) within bounds.

A file must be a regular file (never a FIFO, a device or a folder) of at most MAX_BYTES,
UTF-8 text, nested at most MAX_DEPTH deep, without anchors and aliases (which can expand
to any size). Every breach is one StackcraftError naming `what` the file is for.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from generator.errors import StackcraftError

MAX_BYTES = 1024 * 1024  # 1 MiB: a generous stack spec or catalogue is a few kilobytes
MAX_DEPTH = 20


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and nesting deeper than MAX_DEPTH."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("anchors and aliases (&, *) are not accepted")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise yaml.YAMLError("anchors and aliases (&, *) are not accepted")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.YAMLError(f"nested more than {MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_text(text: str, what: str, source: str = "the value") -> Any:
    """Parse YAML text within the bounds; a one-line StackcraftError naming `what` otherwise."""
    try:
        return yaml.load(text, Loader=_BoundedLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise StackcraftError(f"{what}: {source} is not valid YAML ({first_line(exc)})") from None
    except RecursionError:
        raise StackcraftError(f"{what}: {source} is not valid YAML (nested too deep)") from None


def read_text(path: Path, what: str) -> str:
    """The UTF-8 text of a regular file of at most MAX_BYTES; never blocks on a FIFO."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except (OSError, ValueError) as exc:
        raise StackcraftError(f"{what}: cannot read {path}: {_reason(exc)}") from None
    with os.fdopen(fd, "rb") as handle:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise StackcraftError(f"{what}: {path} is not a regular file; give a YAML file")
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise StackcraftError(f"{what}: cannot read {path}: {_reason(exc)}") from None
    if len(data) > MAX_BYTES:
        raise StackcraftError(f"{what}: {path} is larger than {MAX_BYTES // 1024} KiB; the limit is 1 MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise StackcraftError(f"{what}: {path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                              f"{exc.start}); save it as UTF-8") from None


def read_file(path: Path, what: str) -> Any:
    """Read and parse one bounded YAML file."""
    return load_text(read_text(path, what), what, str(path))


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (PyYAML's are several)."""
    text = str(exc).strip()
    return " ".join(text.splitlines()[0].split()) if text else type(exc).__name__


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or first_line(exc)
