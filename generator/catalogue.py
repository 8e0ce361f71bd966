"""Catalogues: named templates (built-in or an organisation's) with preset answers."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator import yamlfile
from generator.errors import StackcraftError
from generator.locations import builtin_catalogue_file

BUILTIN_PREFIX = "builtin:"


class CatalogueEntry(BaseModel):
    """One template a catalogue offers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    description: str = ""
    kind: Literal["copier", "cookiecutter"] = "copier"
    source: str
    data: dict[str, Any] = Field(default_factory=dict)
    tags: tuple[str, ...] = ()
    catalogue: str = "built-in"

    @property
    def builtin(self) -> str | None:
        """The built-in blueprint this entry names (`builtin:stack` -> `stack`), if any."""
        return self.source.removeprefix(BUILTIN_PREFIX) if self.source.startswith(BUILTIN_PREFIX) else None


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    templates: tuple[CatalogueEntry, ...] = ()
    recommend_rules: str | None = None  # a rules table for `stackcraft recommend`, relative to this file


def read_catalogue(path: Path, label: str) -> list[CatalogueEntry]:
    """Load and validate one catalogue file."""
    raw = yamlfile.read_file(path, f"catalogue {label}") or {}
    try:
        catalogue = Catalogue.model_validate(raw)
    except ValidationError as exc:
        first = str(exc).strip().splitlines()
        raise StackcraftError(f"catalogue {label}: {path} is not a valid catalogue ({first[0] if first else exc})") from None
    return [entry.model_copy(update={"catalogue": label}) for entry in catalogue.templates]


def configured_catalogues() -> list[Path]:
    """Org catalogue files named in STACKCRAFT_CATALOGUES (os.pathsep-separated paths)."""
    value = os.environ.get("STACKCRAFT_CATALOGUES", "")
    return [Path(item).expanduser() for item in value.split(os.pathsep) if item.strip()]


def entries() -> list[CatalogueEntry]:
    """Built-in entries first, then each configured catalogue's; a later name does not shadow an earlier one."""
    found: dict[str, CatalogueEntry] = {}
    sources = [(builtin_catalogue_file(), "built-in")] + [(path, str(path)) for path in configured_catalogues()]
    for path, label in sources:
        for entry in read_catalogue(path, label):
            found.setdefault(entry.name, entry)
    return list(found.values())


def find(name: str) -> CatalogueEntry | None:
    return next((entry for entry in entries() if entry.name == name), None)
