"""A template's versions: the git tags of where it lives, and which one is the latest.

copier and stackcraft render a template's highest PEP 440 tag when no ref is asked for,
so that tag is the template's "latest version".
"""

from __future__ import annotations

import re
from pathlib import Path

from packaging.version import InvalidVersion, Version

from generator import probe

_DESCRIBED = re.compile(r"-\d+-g[0-9a-f]+$")  # `git describe`: commits after the tag


def highest(tags: list[str]) -> str | None:
    """The highest PEP 440 version among `tags` (others are ignored)."""
    versions: list[tuple[Version, str]] = []
    for tag in tags:
        try:
            versions.append((Version(tag), tag))
        except InvalidVersion:
            continue
    return max(versions)[1] if versions else None


def git_location(url: str) -> str | None:
    """What git reads for a template source, or None for a plain folder (it has no versions)."""
    location = url.removeprefix("git+")
    if location.startswith("file://"):
        return location
    if probe.GIT_URL.search(location):
        return location
    path = Path(location).expanduser()
    if path.is_dir() and ((path / ".git").exists() or probe.is_bare_repo(path)):
        return str(path)
    return None


def tags_of(url: str) -> tuple[str, ...] | None:
    """The tags of the template at `url` (`git ls-remote`), or None when it has none to read."""
    location = git_location(url)
    if location is None:
        return None
    listed = probe.run_git("ls-remote", "--tags", "--refs", "--", location)
    if listed.returncode:
        return None
    return tuple(line.split("refs/tags/", 1)[1] for line in listed.stdout.splitlines() if "refs/tags/" in line)


def latest(url: str) -> str | None:
    """The template's latest version (its highest version tag), or None when unknown."""
    tags = tags_of(url)
    return highest(list(tags)) if tags else None


def is_behind(recorded: str | None, newest: str | None) -> bool:
    """True when `newest` is a later version than the `recorded` one (`v1.2-3-gabc` counts as v1.2)."""
    if not newest or not recorded:
        return False
    try:
        return Version(newest) > Version(_DESCRIBED.sub("", recorded))
    except InvalidVersion:
        return recorded != newest
