"""Fetch catalogues that live in git into stackcraft's cache; read them offline when git cannot.

A git catalogue (a URL, a `file://` URL, or a repository on disk) is mirrored into
`<cache>/catalogues/` and read at its ref with `git show`. A mirror younger than
STACKCRAFT_CATALOGUE_TTL seconds (default 300) is used as it is; an older one is
refreshed, with a spinner on stderr when it is a terminal. When the refresh fails (offline, host down),
the cached copy is used and stderr says it may be stale.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from generator import probe, versions, yamlfile
from generator.errors import StackcraftError
from generator.snapshot import cache_dir
from generator.userconfig import CatalogueSource

TTL_SETTING = "STACKCRAFT_CATALOGUE_TTL"
DEFAULT_TTL = 300.0
STAMP = "stackcraft-fetched"
_force_refresh = False


def force_refresh(value: bool = True) -> None:
    """Refresh every git catalogue on its next read, whatever its age (`catalogue list --refresh`)."""
    global _force_refresh
    _force_refresh = value


def git_location(source: str) -> str | None:
    """The URL or path git reads when `source` is a git catalogue, else None (a file or plain folder)."""
    if Path(source).expanduser().is_file():
        return None
    return versions.git_location(source)


def mirror_dir(location: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", location).strip("-")[-40:]
    digest = hashlib.sha256(location.encode()).hexdigest()[:10]
    return cache_dir() / "catalogues" / f"{slug}-{digest}"


def _ttl() -> float:
    try:
        return float(os.environ.get(TTL_SETTING, DEFAULT_TTL))
    except ValueError:
        raise StackcraftError(f"{TTL_SETTING}: must be a number of seconds") from None


def _fetched_at(mirror: Path) -> float | None:
    stamp = mirror / STAMP
    return stamp.stat().st_mtime if stamp.is_file() else None


@contextmanager
def _progress(message: str) -> Iterator[None]:
    """A spinner on stderr when it is a terminal (elsewhere stderr is kept for the one-line errors)."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield


def notice(message: str) -> None:
    print(f"stackcraft: {message}", file=sys.stderr, flush=True)


def _refresh(location: str, mirror: Path) -> str | None:
    """Clone or fetch the mirror; the reason it failed, or None."""
    if (mirror / "HEAD").is_file():
        done = probe.run_git("fetch", "--quiet", "--prune", "--force", "origin", cwd=mirror)
    else:
        mirror.parent.mkdir(parents=True, exist_ok=True)
        done = probe.run_git("clone", "--quiet", "--mirror", "--", location, str(mirror))
    if done.returncode:
        return probe.git_reason(done.stderr)
    (mirror / STAMP).touch()
    return None


def mirrored(location: str, label: str) -> Path:
    """The local mirror of a git catalogue, refreshed when older than the TTL."""
    mirror = mirror_dir(location)
    mirror.parent.mkdir(parents=True, exist_ok=True)
    with open(mirror.parent / f".{mirror.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fetched = _fetched_at(mirror)
        if fetched is not None and not _force_refresh and time.time() - fetched < _ttl():
            return mirror
        with _progress(f"Fetching catalogue {label} ..."):
            reason = _refresh(location, mirror)
        if reason is None:
            return mirror
        if fetched is None:
            raise StackcraftError(f"catalogue {label}: cannot fetch it: {reason}")
        when = datetime.fromtimestamp(fetched, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        notice(f"catalogue {label}: cannot refresh it ({reason}); using the cached copy from {when}, "
               "which may be stale")
        return mirror


def catalogue_text(source: CatalogueSource, label: str) -> str:
    """The YAML text of a git catalogue's file at its ref."""
    location = git_location(source.source)
    assert location is not None
    mirror = mirrored(location, label)
    ref = source.ref or "HEAD"
    if probe.run_git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=mirror).returncode:
        raise StackcraftError(f"catalogue {label}: ref {ref!r} is not a branch, tag or commit of it")
    shown = probe.run_git("show", f"{ref}:{source.file}", cwd=mirror)
    if shown.returncode:
        raise StackcraftError(f"catalogue {label}: it has no {source.file} at {ref}")
    if len(shown.stdout.encode()) > yamlfile.MAX_BYTES:
        raise StackcraftError(f"catalogue {label}: {source.file} is larger than 1 MiB; the limit is 1 MiB")
    return shown.stdout
