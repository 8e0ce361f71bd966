"""`.cruft.json`: what a cookiecutter-made repo was rendered from (template, version, context).

The format is cruft's, so cruft reads the same repo: `template` (URL or path), `commit`
(the rendered commit), `checkout` (the version asked for or found), `context`
(`{"cookiecutter": {...}}`), `directory` and `skip`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import yamlfile
from generator.errors import StackcraftError

RECORD_NAME = ".cruft.json"


def write(folder: Path, template: str, commit: str | None, version: str | None, context: dict[str, Any]) -> None:
    record = {"template": template, "commit": commit, "checkout": version,
              "context": {"cookiecutter": context}, "directory": None, "skip": []}
    (folder / RECORD_NAME).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load(path: Path) -> dict[str, Any]:
    """A record, read within the bounds of any user-edited file; one-line errors."""
    text = yamlfile.read_text(path, "record")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StackcraftError(f"record: {path} is not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("template"), str) \
            or not isinstance((data.get("context") or {}).get("cookiecutter"), dict):
        raise StackcraftError(f"record: {path} must hold `template` and `context.cookiecutter`")
    return data


def version(data: dict[str, Any]) -> str:
    return str(data.get("checkout") or data.get("commit") or "?")


def rendered_ref(data: dict[str, Any]) -> str | None:
    """The ref that re-renders exactly the recorded version: its commit."""
    return data.get("commit") or data.get("checkout")
