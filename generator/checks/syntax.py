"""Every YAML, JSON and TOML file parses.

YAML custom tags (CloudFormation's `!Ref`, GitLab's `!reference`) are accepted as
plain values: their meaning is checked by the tool that owns the file. JSON files that
their tools read as JSON-with-comments (tsconfig, VS Code settings) may carry comments.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from .discover import Repo, count
from .results import Outcome
from .runner import Check

YAML = ("*.yml", "*.yaml")
JSON = ("*.json",)
TOML = ("*.toml",)
JSONC = ("tsconfig*.json", "jsconfig*.json", ".vscode/*.json", "devcontainer.json", ".devcontainer/*.json")


def checks(repo: Repo) -> list[Check]:
    plan = []
    for label, patterns, parse in (("yaml", YAML, _yaml), ("json", JSON, _json), ("toml", TOML, _toml)):
        files = repo.glob(*patterns)
        if files:
            plan.append(Check(f"parse {label}", count(len(files), "file"), lambda f=files, p=parse: _parse_all(repo, f, p)))
    return plan


def _parse_all(repo: Repo, files: list[Path], parse) -> Outcome:
    errors = []
    for rel in files:
        try:
            parse(repo.text(rel), rel)
        except Exception as exc:  # each parser raises its own error type
            errors.append(f"{rel}: {' '.join(str(exc).split())}")
    return Outcome.fail("\n".join(errors)) if errors else Outcome.ok()


def _yaml(text: str, rel: Path) -> None:
    import yaml

    for _ in yaml.load_all(text, Loader=_tolerant_loader()):  # noqa: S506 - a SafeLoader subclass
        pass


@cache
def _tolerant_loader():
    """A SafeLoader that reads any `!tag` as the plain node under it."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def tagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node):
        if isinstance(node, yaml.ScalarNode):
            return loader.construct_scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node)
        return loader.construct_mapping(node)

    Loader.add_multi_constructor("!", tagged)
    return Loader


def _json(text: str, rel: Path) -> None:
    from fnmatch import fnmatch

    if any(fnmatch(rel.as_posix(), p) or fnmatch(rel.name, p) for p in JSONC):
        text = _strip_jsonc(text)
    json.loads(text)


def _toml(text: str, rel: Path) -> None:
    import tomllib

    tomllib.loads(text)


_JSONC_TOKENS = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/', re.S)
_TRAILING_COMMA = re.compile(r'("(?:\\.|[^"\\])*")|,(\s*[}\]])', re.S)


def _strip_jsonc(text: str) -> str:
    """Remove comments and trailing commas outside strings."""
    text = _JSONC_TOKENS.sub(lambda m: m.group(1) or "", text)
    return _TRAILING_COMMA.sub(lambda m: m.group(1) or m.group(2), text)
