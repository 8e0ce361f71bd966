"""Blueprint migrations: the rename table a blueprint keeps in `hooks/migrations.yml`.

The table maps a release tag to the generated paths that release renamed:

    v2.0.0:
      - {from: infra/terraform/, to: infra/aws/}                          # a folder: trailing /
      - {from: functions/*/src/handler.py, to: functions/*/handler.py}    # * = one path segment

Paths are relative to the generated project's root. `stackcraft update` reads the
table at the version it updates to and follows every rename of the releases after
the repo's version, up to and including the new one, so an edited file's change is
merged into the file at its new path. It is data, not a script: plain `copier update`
stays free of `--trust`.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.version import InvalidVersion, Version

from generator.errors import StackcraftError

TABLE_PATH = "hooks/migrations.yml"
_DESCRIBED = re.compile(r"^(?P<tag>.+)-(?P<ahead>\d+)-g[0-9a-f]+$")  # `git describe`: v1.0.0-3-gabc123


@dataclass(frozen=True)
class Rename:
    """One renamed path or folder; `*` stands for one path segment, carried over in order."""

    source: str
    target: str

    def apply(self, path: str) -> str | None:
        """`path` after this rename, or None when the rename does not touch it."""
        source, target = self.source.rstrip("/").split("/"), self.target.rstrip("/").split("/")
        parts = path.split("/")
        if len(parts) < len(source) or (len(parts) > len(source) and not self.source.endswith("/")):
            return None
        wild: list[str] = []
        for pattern, part in zip(source, parts):
            if pattern == "*":
                wild.append(part)
            elif pattern != part:
                return None
        filled = iter(wild)
        renamed = [next(filled) if segment == "*" else segment for segment in target]
        return "/".join(renamed + parts[len(source):])


def release_version(ref: str) -> Version | None:
    """The release a recorded `_commit` stands for (`v1.2.0`, or `v1.2.0-3-gabc` = after it)."""
    text = ref.strip()
    described = _DESCRIBED.match(text)
    if described:
        text = f"{described['tag']}.post{described['ahead']}"
    try:
        return Version(text.removeprefix("v"))
    except InvalidVersion:
        return None


def parse_table(text: str) -> dict[Version, list[Rename]]:
    """The rename table, checked: release tags mapped to lists of {from, to}."""
    where = f"blueprint: {TABLE_PATH}"
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise StackcraftError(f"{where}: not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict):
        raise StackcraftError(f"{where}: must map release tags to lists of {{from, to}}")
    table: dict[Version, list[Rename]] = {}
    for tag, entries in data.items():
        version = release_version(str(tag))
        if version is None:
            raise StackcraftError(f"{where}: {tag!r} is not a release tag such as v1.2.0")
        if not isinstance(entries, list):
            raise StackcraftError(f"{where}: {tag}: must be a list of {{from, to}}")
        table[version] = [_rename(where, tag, entry) for entry in entries]
    return table


def _rename(where: str, tag: object, entry: object) -> Rename:
    if not (isinstance(entry, dict) and set(entry) == {"from", "to"}
            and all(isinstance(entry[key], str) and entry[key].strip("/") for key in ("from", "to"))):
        raise StackcraftError(f"{where}: {tag}: each entry is {{from: PATH, to: PATH}}")
    source, target = entry["from"], entry["to"]
    if source.startswith("/") or ".." in source.split("/") or ".." in target.split("/") or target.startswith("/"):
        raise StackcraftError(f"{where}: {tag}: paths are relative to the project, without ..")
    if source.split("/").count("*") != target.split("/").count("*"):
        raise StackcraftError(f"{where}: {tag}: {source} -> {target}: both sides need the same number of *")
    if source.endswith("/") != target.endswith("/"):
        raise StackcraftError(f"{where}: {tag}: {source} -> {target}: a folder renames to a folder (both end in /)")
    return Rename(source, target)


def renames_between(table: dict[Version, list[Rename]], old: str, new: str) -> list[list[Rename]]:
    """The renames of each release after `old` up to `new`, oldest first (none when unversioned)."""
    low, high = release_version(old), release_version(new)
    if low is None or high is None:
        return []
    return [table[version] for version in sorted(table) if low < version <= high]


def follow(path: str, releases: list[list[Rename]]) -> str:
    """Where `path` lives after the given releases' renames."""
    for renames in releases:
        for rename in renames:
            moved = rename.apply(path)
            if moved is not None:
                path = moved
                break
    return path


def read_table(src: str, ref: str) -> dict[Version, list[Rename]]:
    """The rename table of template `src` at version `ref` (empty when it has none)."""
    text = _table_text(src, ref)
    return parse_table(text) if text else {}


def _table_text(src: str, ref: str) -> str | None:
    local = Path(src.removeprefix("git+").removeprefix("file://")).expanduser()
    if local.is_dir():
        shown = _git_show(local, ref)
        if shown is not None or _is_git(local):
            return shown
        table = local / TABLE_PATH
        return table.read_text(encoding="utf-8") if table.is_file() else None
    with tempfile.TemporaryDirectory(prefix="stackcraft-migrations-") as tmp:
        shallow = ["git", "clone", "--quiet", "--no-checkout", "--depth", "1", "--branch", ref, src, tmp]
        if subprocess.run(shallow, capture_output=True).returncode != 0:
            full = ["git", "clone", "--quiet", "--no-checkout", src, tmp]
            if subprocess.run(full, capture_output=True).returncode != 0:
                raise StackcraftError(f"blueprint: cannot read {TABLE_PATH} from {src}")
        return _git_show(Path(tmp), ref)


def _is_git(path: Path) -> bool:
    """A repository's own folder: a work tree's root or a bare repository."""
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def _git_show(repo: Path, ref: str) -> str | None:
    result = subprocess.run(["git", "show", f"{ref}:{TABLE_PATH}"], cwd=repo, capture_output=True)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None
