"""Resolve `--blueprint SRC` to what copier renders: built-in, catalogue entry, path or git URL.

A blueprint is a stack blueprint when its `copier.yml` declares so
(`_stackcraft: {kind: stack, version: 1}`, a key copier ignores), wherever it lives:
the built-in copy, a local folder, a bare git repository on disk, a `file://` or git URL,
a catalogue entry or an org fork. Its answers are then validated as the stack spec.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator import __version__, catalogue, locations, probe, vcs
from generator.errors import StackcraftError

BUILTIN_STACK = "stack"
# Org mirror of the built-in blueprint: when set, repos are generated from (and
# their answers files point to) this URL instead of the local checkout or cache.
SOURCE_SETTING = "STACKCRAFT_STACK_SOURCE"
MARKER = "_stackcraft"
MARKER_VERSION = 1
STRUCTURED_TYPES = ("yaml", "json")
COOKIECUTTER_FILE = "cookiecutter.json"
_GIT_URL = probe.GIT_URL


@dataclass(frozen=True)
class Blueprint:
    """A template to render, and how."""

    label: str
    url: str
    vcs_ref: str | None = None
    is_stack: bool = False  # copier.yml declares the stack marker: answers are validated as a StackSpec
    preset: dict[str, Any] = field(default_factory=dict)
    structured: frozenset[str] = frozenset()  # questions of type yaml/json: their -d values are YAML
    kind: str = "copier"  # or "cookiecutter": rendered through cookiecutter, recorded in .cruft.json


def describe(config_text: str | None, label: str) -> tuple[bool, frozenset[str]]:
    """Whether a copier.yml declares the stack marker, and its yaml/json-typed questions."""
    try:
        config = yaml.safe_load(config_text or "") or {}
    except yaml.YAMLError:
        config = {}
    if not isinstance(config, dict):
        return False, frozenset()
    marker = config.get(MARKER)
    is_stack = isinstance(marker, dict) and marker.get("kind") == BUILTIN_STACK
    if is_stack and marker.get("version") != MARKER_VERSION:
        raise StackcraftError(f"blueprint: {label} declares stack blueprint version {marker.get('version')!r}; "
                              f"this stackcraft reads version {MARKER_VERSION}: use a matching stackcraft")
    structured = frozenset(
        key for key, question in config.items()
        if not key.startswith("_") and isinstance(question, dict) and question.get("type") in STRUCTURED_TYPES
    )
    return is_stack, structured


def _local_config(folder: Path) -> str | None:
    for name in probe.CONFIG_NAMES:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8", errors="replace")
    return None


def _from_folder(label: str, url: str, folder: Path, vcs_ref: str | None, preset: dict[str, Any]) -> Blueprint:
    is_stack, structured = describe(_local_config(folder), label)
    return Blueprint(label, url, vcs_ref, is_stack, preset, structured)


def _from_git(label: str, url: str, vcs_ref: str | None, preset: dict[str, Any],
              ref_option: str = "--vcs-ref") -> Blueprint:
    config = probe.config_at(url, vcs_ref, label, ref_option)
    if config is None and probe.text_at(url, vcs_ref, label, (COOKIECUTTER_FILE,), ref_option) is not None:
        return Blueprint(label, url.removeprefix("git+"), vcs_ref, False, preset, kind="cookiecutter")
    is_stack, structured = describe(config, label)
    return Blueprint(label, url, None, is_stack, preset, structured)


def builtin_stack() -> Blueprint:
    """The built-in `stack` blueprint: org mirror, this checkout, or the wheel's snapshot."""
    _, structured = describe(_local_config(locations.template_root()), BUILTIN_STACK)
    mirror = os.environ.get(SOURCE_SETTING)
    if mirror:
        return Blueprint(BUILTIN_STACK, mirror, None, True, {}, structured)
    if locations.running_from_checkout():
        # the latest release tag, or HEAD in a checkout that has none yet
        ref = None if vcs.tags(locations.CHECKOUT_ROOT) else "HEAD"
        return Blueprint(BUILTIN_STACK, str(locations.CHECKOUT_ROOT), ref, True, {}, structured)
    from generator.snapshot import ensure_snapshot

    repo = ensure_snapshot(locations.BUNDLE_DIR, __version__)
    return Blueprint(BUILTIN_STACK, str(repo), f"v{__version__}", True, {}, structured)


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


def is_stack_source(url: str, ref: str | None) -> bool:
    """True when an answers file's `_src_path` (at `_commit`) is a stack blueprint."""
    if not url:
        return False
    if is_builtin_stack_url(url):
        return True
    path = Path(url).expanduser()
    if not _GIT_URL.search(url) and path.is_dir() and not probe.is_bare_repo(path):
        return _from_folder(url, url, path, ref, {}).is_stack
    return _from_git(url, url, ref, {}, ref_option="_commit").is_stack


def resolve(src: str | None, vcs_ref: str | None = None) -> Blueprint:
    """Turn the user's `--blueprint` value into a Blueprint (`vcs_ref`: the version asked for)."""
    if src in (None, "", BUILTIN_STACK):
        return builtin_stack()
    entry = catalogue.find(src)
    if entry is not None:
        if entry.kind == "cookiecutter":
            return Blueprint(entry.name, entry.source, vcs_ref, False, dict(entry.data), kind="cookiecutter")
        if entry.builtin == BUILTIN_STACK:
            base = builtin_stack()
            return Blueprint(entry.name, base.url, base.vcs_ref, True, dict(entry.data), base.structured)
        if entry.builtin is not None:
            raise StackcraftError(f"blueprint: catalogue entry {src!r} names unknown built-in {entry.builtin!r}")
        return _from_location(entry.name, entry.source, vcs_ref, dict(entry.data))
    return _from_location(src, src, vcs_ref, {})


def _from_location(label: str, src: str, vcs_ref: str | None, preset: dict[str, Any]) -> Blueprint:
    """A blueprint given as a folder, a bare repository, a `file://` URL or a git URL."""
    try:
        path = Path(src).expanduser()
        is_dir = not _GIT_URL.match(src) and path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if is_dir:
        resolved = path.resolve()
        if probe.is_bare_repo(resolved):  # copier clones it as a local git repository
            return _from_git(label, f"git+file://{resolved}", vcs_ref, preset)
        if _local_config(resolved) is None and (resolved / COOKIECUTTER_FILE).is_file():
            return Blueprint(label if label != src else str(resolved), str(resolved), vcs_ref, False, preset,
                             kind="cookiecutter")
        if _local_config(resolved) is None:
            raise StackcraftError(f"blueprint: {src} is a folder without copier.yml or cookiecutter.json")
        return _from_folder(label if label != src else str(resolved), str(resolved), resolved, None, preset)
    if src.startswith("file://"):  # copier reads a local git repository as git+file://
        return _from_git(label, "git+" + src, vcs_ref, preset)
    if _GIT_URL.search(src):
        return _from_git(label, src, vcs_ref, preset)
    names = ", ".join(entry.name for entry in catalogue.entries())
    raise StackcraftError(f"blueprint: {src!r} is not a catalogue entry ({names}), a local folder or a git URL")
