"""AWS SAM / CloudFormation templates: cfn-lint."""

from __future__ import annotations

from pathlib import Path

from .discover import Repo
from .results import Outcome
from .runner import Check
from .tools import require, run

# cfn-lint's exit code is a bit mask: 2 errors, 4 warnings, 8 informational findings.
FAILING_BITS = 2 | 4


def templates(repo: Repo) -> list[Path]:
    """YAML/JSON files that declare themselves CloudFormation or SAM templates."""
    found = []
    for rel in repo.glob("*.yml", "*.yaml", "*.json", "*.template"):
        head = repo.text(rel)[:4000]
        if "AWSTemplateFormatVersion" in head or "AWS::Serverless-" in head:
            found.append(rel)
    return found


def checks(repo: Repo) -> list[Check]:
    return [Check("cfn-lint", rel.as_posix(), lambda rel=rel: cfn_lint(repo, rel)) for rel in templates(repo)]


def cfn_lint(repo: Repo, rel: Path) -> Outcome:
    exe = require("cfn-lint")
    done = run([exe, "--format", "parseable", "--", str(rel)], cwd=repo.root, timeout=300)
    if done.returncode == 0:
        return Outcome.ok()
    if done.returncode & FAILING_BITS or done.returncode == 1:
        return Outcome.fail(done.output.strip() or f"exit code {done.returncode}")
    return Outcome.ok(done.output.strip())  # informational findings only
