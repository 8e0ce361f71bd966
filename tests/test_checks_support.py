"""Helpers shared by the tests of `stackcraft check` (fixture repositories written into tmp_path)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from generator.checks.discover import Repo, scan
from generator.checks.results import CheckResult, Status
from generator.checks.runner import execute

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = "_commit: HEAD\n_src_path: stackcraft\nproject_name: fixture\narchitecture: microservices\ngateway: nginx\n"


@pytest.fixture
def project_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the project's own tool directory (scripts/install-tools.sh) on PATH, as the Makefile does."""
    tools = ROOT / ".tools" / "bin"
    if tools.is_dir():
        monkeypatch.setenv("PATH", f"{tools}{os.pathsep}{os.environ.get('PATH', '')}")


def make_repo(root: Path, files: dict[str, str], answers: str = ANSWERS) -> Repo:
    """Write a generated-looking repository: an answers file plus FILES (dedented)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".copier-answers.yml").write_text(answers)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
        if rel.endswith(".sh"):
            path.chmod(0o755)
    return scan(root)


def run_family(module, repo: Repo) -> list[CheckResult]:
    """Run every check one family plans for REPO."""
    return [execute(check) for check in module.checks(repo)]


def only(results: list[CheckResult], tool: str | None = None) -> CheckResult:
    picked = [r for r in results if tool is None or r.tool == tool]
    assert len(picked) == 1, results
    return picked[0]


def assert_status(result: CheckResult, status: Status) -> None:
    assert result.status is status, f"{result.tool} {result.target}: {result.status}\n{result.detail}"
