"""Read a generated repository's copier answers files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import yamlfile
from generator.errors import StackcraftError
from generator.ignored import IGNORED_DIRS



def answers_files(repo: Path) -> list[Path]:
    """Every `.copier-answers*.yml` in the repo, the root one first."""
    found = [
        path for path in repo.rglob(".copier-answers*.y*ml")
        if not IGNORED_DIRS.intersection(path.relative_to(repo).parts[:-1])
    ]
    return sorted(found, key=lambda path: (len(path.relative_to(repo).parts), str(path)))


def load(path: Path) -> dict[str, Any]:
    """One answers file, read within the bounds of any user-edited YAML; one-line errors."""
    data = yamlfile.read_file(path, "answers file") or {}
    if not isinstance(data, dict):
        raise StackcraftError(f"answers file: {path} is not a mapping of answers")
    return data


def user_answers(data: dict[str, Any]) -> dict[str, Any]:
    """The answers without copier's bookkeeping keys (`_commit`, `_src_path`)."""
    return {key: value for key, value in data.items() if not key.startswith("_")}


def main_answers_file(repo: Path) -> Path:
    path = repo / ".copier-answers.yml"
    if not path.is_file():
        raise StackcraftError(f"DIR: {repo} has no .copier-answers.yml; is it a repository stackcraft generated?")
    return path
