"""check-jsonschema against its built-in (vendored, offline) schemas, and the repo-wide configs it covers."""

from __future__ import annotations

from pathlib import Path

from .discover import Repo, count
from .results import Outcome
from .runner import Check
from .tools import require, run


def jsonschema(repo: Repo, schema: str, files: list[Path]) -> Outcome:
    """Validate FILES against check-jsonschema's built-in SCHEMA."""
    exe = require("check-jsonschema")
    done = run([exe, "--builtin-schema", schema, *map(str, files)], cwd=repo.root, timeout=180)
    return Outcome.from_returncode(done.returncode, done.output)


def checks(repo: Repo) -> list[Check]:
    """Renovate and Dependabot configs, when the repository has them."""
    plan = []
    renovate = [p for p in repo.glob("renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json")
                if len(p.parts) == 1 or p.parts[0] == ".github"]
    if renovate:
        plan.append(Check("check-jsonschema", f"renovate: {describe(renovate)}",
                          lambda: jsonschema(repo, "vendor.renovate", renovate)))
    dependabot = repo.glob(".github/dependabot.yml", ".github/dependabot.yaml")
    dependabot = [p for p in dependabot if p.parent == Path(".github")]
    if dependabot:
        plan.append(Check("check-jsonschema", f"dependabot: {describe(dependabot)}",
                          lambda: jsonschema(repo, "vendor.dependabot", dependabot)))
    return plan


def describe(files: list[Path]) -> str:
    """A short name for a list of files, for the report's target column."""
    if len(files) <= 2:
        return ", ".join(p.as_posix() for p in files)
    parents = {p.parent for p in files}
    return f"{parents.pop().as_posix()}/ ({count(len(files), 'file')})" if len(parents) == 1 else count(len(files), "file")
