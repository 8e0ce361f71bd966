"""Where each tool of the catalogue is found, and which version it is (`stackcraft tools list`)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import cache
from .catalog import TOOLS, Tool

SYSTEM_SBIN = (Path("/usr/sbin"), Path("/sbin"))  # nginx lives here on Debian, often off PATH
VERSION_TIMEOUT = 20


def python_bin_dir() -> Path:
    """The directory of the running interpreter (a venv's bin/, where the `check` extra lands)."""
    return Path(sys.executable).parent


def search_path() -> list[Path]:
    """Where executables are looked up after PATH: the interpreter's bin/, the tool cache's bin/,
    and the system's sbin directories."""
    return [python_bin_dir(), cache.bin_dir(), *SYSTEM_SBIN]


def locate(name: str) -> str | None:
    """The path of executable NAME on PATH or in search_path(), or None."""
    found = shutil.which(name)
    if found:
        return found
    for folder in search_path():
        found = shutil.which(name, path=str(folder))
        if found:
            return found
    return None


@dataclass(frozen=True)
class ToolStatus:
    tool: Tool
    where: str | None  # a path, "python module", or None when missing
    version: str | None


def status(tool: Tool) -> ToolStatus:
    if tool.source == "module":
        if importlib.util.find_spec(tool.name) is None:
            return ToolStatus(tool, None, None)
        return ToolStatus(tool, "python module", _dist_version(tool.package))
    path = locate(tool.name)
    if path is None:
        return ToolStatus(tool, None, None)
    if tool.source == "managed" and Path(path).parent == cache.bin_dir():
        return ToolStatus(tool, path, cache.installed_version(tool))
    return ToolStatus(tool, path, _version_of(path, tool.version_args))


def statuses() -> list[ToolStatus]:
    return [status(tool) for tool in TOOLS]


def _dist_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _version_of(path: str, args: tuple[str, ...]) -> str | None:
    """The first version-looking word `PATH ARGS` prints, or None."""
    if not args:
        return None
    try:
        done = subprocess.run([path, *args], capture_output=True, text=True, timeout=VERSION_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"v?(\d+\.\d+(?:\.\d+)?[\w.+-]*)", done.stdout + done.stderr)
    return match.group(1) if match else None
