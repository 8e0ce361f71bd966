"""Answers given without the wizard: `--data-file spec.yml` and `-d key=value`.

A `-d` value is read by the type of the question it answers, as copier does: the answer
to a text question (`project_name`, `description`, every choice) is the raw text typed;
only questions of type yaml or json (`services`, `functions`) read their value as YAML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Collection

from generator import yamlfile
from generator.errors import StackcraftError


def parse_assignment(text: str, structured: Collection[str] = (), flag: str = "-d") -> tuple[str, Any]:
    """Split `key=value`; the value is YAML only when `key` is a structured (list/mapping) question."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise StackcraftError(f"{flag} {text!r}: expected key=value")
    if key not in structured:
        return key, raw
    return key, yamlfile.load_text(raw, key) if raw.strip() else ""


def read_data_file(path: Path) -> dict[str, Any]:
    """Load a YAML mapping of answers from a bounded regular file."""
    loaded = yamlfile.read_file(path, "--data-file")
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise StackcraftError(f"--data-file: {path} must hold a mapping of answers")
    return {str(key): value for key, value in loaded.items()}


def collect(data_file: Path | None, assignments: tuple[str, ...], structured: Collection[str] = (),
            flag: str = "-d") -> dict[str, Any]:
    """Answers from the data file, then `-d` (or `flag`) assignments on top."""
    data = read_data_file(data_file) if data_file else {}
    for text in assignments:
        key, value = parse_assignment(text, structured, flag)
        data[key] = value
    return data
