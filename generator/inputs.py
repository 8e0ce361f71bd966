"""Answers given without the wizard: `--data-file spec.yml` and `-d key=value`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.errors import StackcraftError


def parse_assignment(text: str) -> tuple[str, Any]:
    """Split `key=value`; the value is read as YAML so lists and mappings work."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise StackcraftError(f"-d {text!r}: expected key=value")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as exc:
        raise StackcraftError(f"{key}: the value is not valid YAML ({_first_line(exc)})") from None
    # A plain scalar stays the exact text typed (yaml would turn "123" into 123, "no" into False).
    if not isinstance(value, (list, dict)):
        value = raw
    return key, value


def read_data_file(path: Path) -> dict[str, Any]:
    """Load a YAML mapping of answers."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise StackcraftError(f"--data-file: cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise StackcraftError(f"--data-file: {path} is not valid YAML ({_first_line(exc)})") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise StackcraftError(f"--data-file: {path} must hold a mapping of answers")
    return {str(key): value for key, value in loaded.items()}


def collect(data_file: Path | None, assignments: tuple[str, ...]) -> dict[str, Any]:
    """Answers from the data file, then `-d` assignments on top."""
    data = read_data_file(data_file) if data_file else {}
    for text in assignments:
        key, value = parse_assignment(text)
        data[key] = value
    return data


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
