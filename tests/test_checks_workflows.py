"""CI definitions: GitHub workflows through check-jsonschema and actionlint, other vendor configs."""

from __future__ import annotations

import pytest

from generator.checks import workflows
from generator.checks.results import Status
from tests.test_checks_support import assert_status, make_repo, only, project_tools, run_family  # noqa: F401

pytestmark = pytest.mark.usefixtures("project_tools")

GOOD_WORKFLOW = """
    name: orders
    on:
      push:
        branches: [main]
        paths: ["services/orders/**"]
    permissions:
      contents: read
    jobs:
      test:
        runs-on: ubuntu-latest
        timeout-minutes: 10
        steps:
          - uses: actions/checkout@v4
          - run: echo "${{ github.sha }}"
    """


def test_valid_workflow_passes_schema_and_actionlint(tmp_path):
    repo = make_repo(tmp_path, {".github/workflows/orders.yml": GOOD_WORKFLOW, ".github/workflows/infra.yml": GOOD_WORKFLOW})
    results = run_family(workflows, repo)
    assert [r.tool for r in results] == ["check-jsonschema", "actionlint"]
    for result in results:
        assert_status(result, Status.PASSED)


def test_schema_error_fails(tmp_path):
    bad = GOOD_WORKFLOW.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n        permissions: everything")
    repo = make_repo(tmp_path, {".github/workflows/orders.yml": bad})
    result = only(run_family(workflows, repo), "check-jsonschema")
    assert_status(result, Status.FAILED)
    assert "orders.yml" in result.detail


def test_actionlint_finds_an_undefined_context_property(tmp_path):
    bad = GOOD_WORKFLOW.replace("github.sha", "github.shaa")
    repo = make_repo(tmp_path, {".github/workflows/ok.yml": GOOD_WORKFLOW, ".github/workflows/orders.yml": bad})
    results = run_family(workflows, repo)
    assert_status(only(results, "check-jsonschema"), Status.PASSED)  # the schema cannot see it
    lint = only(results, "actionlint")
    assert_status(lint, Status.FAILED)
    assert "orders.yml" in lint.detail and "shaa" in lint.detail


GITLAB_CI = """
    stages: [test]

    unit-tests:
      stage: test
      image: python:3.12-slim
      script:
        - make test
      rules:
        - changes: [services/orders/**/*]
    """


def test_gitlab_ci_is_checked_against_its_schema(tmp_path):
    good = make_repo(tmp_path / "good", {".gitlab-ci.yml": GITLAB_CI})
    passed = only(run_family(workflows, good))
    assert passed.target == "gitlab-ci: .gitlab-ci.yml"
    assert_status(passed, Status.PASSED)
    bad = make_repo(tmp_path / "bad", {".gitlab-ci.yml": GITLAB_CI.replace("- make test", "- 42")})
    failed = only(run_family(workflows, bad))
    assert_status(failed, Status.FAILED)
    assert ".gitlab-ci.yml" in failed.detail and "42" in failed.detail
