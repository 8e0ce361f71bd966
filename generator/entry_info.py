"""What `catalogue list` and `catalogue show` tell about an entry: its latest version and its questions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator import __version__, locations, probe, vcs, versions
from generator.catalogue import CatalogueEntry

COOKIECUTTER_FILE = "cookiecutter.json"


def latest_version(entry: CatalogueEntry) -> str | None:
    """The entry's latest version: its template's highest version tag (built-in: this stackcraft's)."""
    if entry.builtin is not None:
        if locations.running_from_checkout():
            return versions.highest(sorted(vcs.tags(locations.CHECKOUT_ROOT))) or f"v{__version__}"
        return f"v{__version__}"
    return versions.latest(entry.source)


def _template_text(entry: CatalogueEntry, names: tuple[str, ...]) -> str | None:
    if entry.builtin is not None:
        folder = locations.template_root()
    else:
        folder = Path(entry.source).expanduser()
        if versions.git_location(entry.source) is not None and not (folder / names[0]).is_file():
            return probe.text_at(entry.source, None, entry.name, names)
    for name in names:
        if (folder / name).is_file():
            return (folder / name).read_text(encoding="utf-8", errors="replace")
    return None


def questions(entry: CatalogueEntry) -> dict[str, Any]:
    """The entry's questions as its template declares them (copier.yml or cookiecutter.json), with
    the entry's preset answers as their defaults."""
    if entry.kind == "cookiecutter":
        text = _template_text(entry, (COOKIECUTTER_FILE,))
        try:
            found = json.loads(text or "{}")
        except json.JSONDecodeError:
            found = {}
        asked = {key: {"default": value} for key, value in found.items() if not key.startswith("_")}
    else:
        try:
            found = yaml.safe_load(_template_text(entry, probe.CONFIG_NAMES) or "") or {}
        except yaml.YAMLError:
            found = {}
        asked = {}
        for key, question in (found.items() if isinstance(found, dict) else ()):
            if key.startswith("_") or (isinstance(question, dict) and question.get("when") is False):
                continue
            shown = question if isinstance(question, dict) else {"default": question}
            asked[key] = {part: shown[part] for part in ("type", "help", "default", "choices") if part in shown}
    for key, value in entry.data.items():
        asked.setdefault(key, {})["preset"] = value
    return asked
