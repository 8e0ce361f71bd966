"""Catalogues: named templates (built-in or an organisation's) with preset answers."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator import yamlfile
from generator.errors import StackcraftError
from generator.catalogue_cache import catalogue_text, git_location
from generator.locations import builtin_catalogue_file
from generator.userconfig import CatalogueSource, load_config

BUILTIN_PREFIX = "builtin:"
ENV_SETTING = "STACKCRAFT_CATALOGUES"


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


def parse_catalogue(raw: Any, label: str, where: str, base: Path | None = None) -> list[CatalogueEntry]:
    """Validate one catalogue's data; relative `./` or `../` sources resolve against `base`."""
    try:
        catalogue = Catalogue.model_validate(raw or {})
    except ValidationError as exc:
        first = str(exc).strip().splitlines()
        raise StackcraftError(f"catalogue {label}: {where} is not a valid catalogue ({first[0] if first else exc})") from None
    found = []
    for entry in catalogue.templates:
        source = entry.source
        if base is not None and source.startswith(("./", "../")):
            source = str((base / source).resolve())
        found.append(entry.model_copy(update={"catalogue": label, "source": source}))
    return found


def read_catalogue(path: Path, label: str) -> list[CatalogueEntry]:
    """Load and validate one catalogue file."""
    raw = yamlfile.read_file(path, f"catalogue {label}")
    return parse_catalogue(raw, label, str(path), path.parent)


def env_sources() -> list[CatalogueSource]:
    """Catalogues named in STACKCRAFT_CATALOGUES: files, folders or git URLs separated by `:`
    (a `://` stays part of its URL), each optionally `#REF`."""
    value = os.environ.get(ENV_SETTING, "")
    found = []
    for item in re.split(r":(?!//)", value):
        item = item.strip()
        if not item:
            continue
        source, _, ref = item.partition("#") if "#" in item else (item, "", "")
        found.append(CatalogueSource(source=source, ref=ref or None))
    return found


def configured_sources() -> list[CatalogueSource]:
    """The environment's catalogues first, then the config file's."""
    return env_sources() + list(load_config().catalogues)


def configured_catalogues() -> list[Path]:
    """The catalogues named in STACKCRAFT_CATALOGUES, as paths (a git URL is a path that is no file)."""
    return [Path(source.source).expanduser() for source in env_sources()]


def read_source(source: CatalogueSource) -> list[CatalogueEntry]:
    """The entries of one configured catalogue: a git catalogue (fetched, cached) or a file."""
    label = source.source + (f"#{source.ref}" if source.ref else "")
    if git_location(source.source) is not None:
        text = catalogue_text(source, label)
        return parse_catalogue(yamlfile.load_text(text, f"catalogue {label}", source.file), label,
                               f"{source.file} at {source.ref or 'HEAD'}")
    path = Path(source.source).expanduser()
    if path.is_dir():
        path = path / source.file
    return read_catalogue(path, label)


def entries() -> list[CatalogueEntry]:
    """Built-in entries first, then each configured catalogue's; a later name does not shadow an earlier one."""
    found: dict[str, CatalogueEntry] = {}
    every = [read_catalogue(builtin_catalogue_file(), "built-in")]
    every += [read_source(source) for source in configured_sources()]
    for listed in every:
        for entry in listed:
            found.setdefault(entry.name, entry)
    return list(found.values())


def find(name: str) -> CatalogueEntry | None:
    return next((entry for entry in entries() if entry.name == name), None)
