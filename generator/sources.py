"""Resolve `--blueprint SRC` to what copier renders: built-in, catalogue entry, path or git URL."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__, catalogue, locations, vcs
from generator.errors import StackcraftError

BUILTIN_STACK = "stack"
# Org mirror of the built-in blueprint: when set, repos are generated from (and
# their answers files point to) this URL instead of the local checkout or cache.
SOURCE_SETTING = "STACKCRAFT_STACK_SOURCE"
_GIT_URL = re.compile(r"^(https?://|ssh://|git@|git\+|gh:|gl:)|\.git/?$")


@dataclass(frozen=True)
class Blueprint:
    """A template to render, and how."""

    label: str
    url: str
    vcs_ref: str | None = None
    is_stack: bool = False  # the built-in stack: answers are validated as a StackSpec
    preset: dict[str, Any] = field(default_factory=dict)


def builtin_stack() -> Blueprint:
    """The built-in `stack` blueprint: org mirror, this checkout, or the wheel's snapshot."""
    mirror = os.environ.get(SOURCE_SETTING)
    if mirror:
        return Blueprint(BUILTIN_STACK, mirror, None, is_stack=True)
    if locations.running_from_checkout():
        # the latest release tag, or HEAD in a checkout that has none yet
        ref = None if vcs.tags(locations.CHECKOUT_ROOT) else "HEAD"
        return Blueprint(BUILTIN_STACK, str(locations.CHECKOUT_ROOT), ref, is_stack=True)
    from generator.snapshot import ensure_snapshot

    repo = ensure_snapshot(locations.BUNDLE_DIR, __version__)
    return Blueprint(BUILTIN_STACK, str(repo), f"v{__version__}", is_stack=True)


def is_builtin_stack_url(url: str) -> bool:
    """True when an answers file's `_src_path` names the built-in stack wherever it lives."""
    if url == os.environ.get(SOURCE_SETTING):
        return True
    candidates = {locations.CHECKOUT_ROOT.resolve()}
    from generator.snapshot import cache_dir

    candidates.add((cache_dir() / "blueprints" / BUILTIN_STACK).resolve())
    try:
        return Path(url).expanduser().resolve() in candidates
    except (OSError, ValueError):
        return False


def resolve(src: str | None) -> Blueprint:
    """Turn the user's `--blueprint` value into a Blueprint."""
    if src in (None, "", BUILTIN_STACK):
        return builtin_stack()
    entry = catalogue.find(src)
    if entry is not None:
        if entry.kind != "copier":
            raise StackcraftError(f"blueprint: catalogue entry {src!r} is a {entry.kind} template; "
                                  "stackcraft renders copier templates")
        if entry.builtin == BUILTIN_STACK:
            base = builtin_stack()
            return Blueprint(entry.name, base.url, base.vcs_ref, True, dict(entry.data))
        if entry.builtin is not None:
            raise StackcraftError(f"blueprint: catalogue entry {src!r} names unknown built-in {entry.builtin!r}")
        return Blueprint(entry.name, entry.source, None, False, dict(entry.data))
    path = Path(src).expanduser()
    if path.is_dir():
        if not any((path / name).is_file() for name in ("copier.yml", "copier.yaml")):
            raise StackcraftError(f"blueprint: {src} is a folder without copier.yml")
        resolved = path.resolve()
        return Blueprint(str(resolved), str(resolved), None, is_stack=resolved == locations.CHECKOUT_ROOT.resolve())
    if src.startswith("file://"):  # copier reads a local git repository as git+file://
        return Blueprint(src, "git+" + src, None, is_stack=False)
    if _GIT_URL.search(src):
        return Blueprint(src, src, None, is_stack=False)
    names = ", ".join(entry.name for entry in catalogue.entries())
    raise StackcraftError(f"blueprint: {src!r} is not a catalogue entry ({names}), a local folder or a git URL")
