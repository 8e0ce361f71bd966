"""The user's (or org's) stackcraft config file: which catalogues to read.

Location: `STACKCRAFT_CONFIG`, else `$XDG_CONFIG_HOME/stackcraft/config.yml`, else
`~/.config/stackcraft/config.yml`. A missing file is an empty config. It is read with the
same bounds as every user-edited YAML file (generator/yamlfile.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator import yamlfile
from generator.errors import StackcraftError

CONFIG_SETTING = "STACKCRAFT_CONFIG"


class CatalogueSource(BaseModel):
    """Where a catalogue lives: a YAML file, or a git repository (URL or local path) at a ref."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str = Field(min_length=1)
    ref: str | None = None  # branch, tag or commit of a git catalogue (default: its default branch)
    file: str = "catalogue.yml"  # the catalogue's path inside a git repository

    @field_validator("ref", "file")
    @classmethod
    def _no_option(cls, value: str | None) -> str | None:
        if value is not None and (not value or value.startswith("-")):
            raise ValueError("must be a non-empty name not starting with '-'")
        return value


class UserConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    catalogues: tuple[CatalogueSource, ...] = ()

    @field_validator("catalogues", mode="before")
    @classmethod
    def _plain_strings(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"source": item} if isinstance(item, str) else item for item in value]
        return value


def config_path() -> Path:
    explicit = os.environ.get(CONFIG_SETTING)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "stackcraft" / "config.yml"


def load_config() -> UserConfig:
    """The config file's settings; an empty config when there is no file."""
    path = config_path()
    if not path.exists():
        return UserConfig()
    raw = yamlfile.read_file(path, "config") or {}
    try:
        return UserConfig.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"]) or "config"
        raise StackcraftError(f"config: {path}: {where}: {error['msg']}") from None
