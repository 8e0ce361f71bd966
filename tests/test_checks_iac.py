"""Infrastructure as code: terraform fmt/HCL parse/validate, cfn-lint, checkov."""

from __future__ import annotations

import os

import pytest

from generator.checks import checkov, terraform
from generator.checks.results import Status
from tests.test_checks_support import assert_status, make_repo, only, project_tools, run_family  # noqa: F401

pytestmark = pytest.mark.usefixtures("project_tools")

FORMATTED = """
    variable "project" {
      type        = string
      description = "Prefix of every resource name"
    }
    """

UNFORMATTED = """
    variable "project" {
    type = string
      description="Prefix of every resource name"
    }
    """


def by_tool(results):
    return {r.tool: r for r in results}


def test_formatted_terraform_passes_and_validate_is_not_applicable_without_providers(tmp_path):
    results = by_tool(run_family(terraform, make_repo(tmp_path, {"infra/terraform/variables.tf": FORMATTED})))
    assert_status(results["terraform fmt -check"], Status.PASSED)
    assert_status(results["hcl2 parse"], Status.PASSED)
    assert_status(results["terraform config load"], Status.PASSED)
    assert_status(results["terraform validate"], Status.NOT_APPLICABLE)
    assert "providers" in results["terraform validate"].detail


QUEUE = """
    resource "aws_sqs_queue" "orders" {
      name = "orders"
    }
    """


def test_a_block_declared_twice_fails_the_config_load_without_providers(tmp_path):
    repo = make_repo(tmp_path, {"infra/terraform/a.tf": QUEUE, "infra/terraform/b.tf": QUEUE,
                                "infra/terraform/variables.tf": FORMATTED})
    results = by_tool(run_family(terraform, repo))
    assert_status(results["hcl2 parse"], Status.PASSED)  # each file parses on its own
    loaded = results["terraform config load"]
    assert_status(loaded, Status.FAILED)
    assert 'Duplicate resource "aws_sqs_queue"' in loaded.detail and '"orders"' in loaded.detail
    assert "infra/terraform/b.tf:1" in loaded.detail and "a.tf:1" in loaded.detail
    assert "Missing required provider" not in loaded.detail
    assert not (tmp_path / "infra/terraform/.terraform").exists()  # the loader wrote nothing


def test_unformatted_terraform_fails_and_is_left_unchanged(tmp_path):
    repo = make_repo(tmp_path, {"infra/terraform/variables.tf": UNFORMATTED})
    before = (tmp_path / "infra/terraform/variables.tf").read_text()
    result = by_tool(run_family(terraform, repo))["terraform fmt -check"]
    assert_status(result, Status.FAILED)
    assert "variables.tf" in result.detail
    assert "terraformrc" not in result.detail  # terraform's CLI-config warning is noise
    assert (tmp_path / "infra/terraform/variables.tf").read_text() == before


def test_hcl_syntax_error_fails_the_parse(tmp_path):
    repo = make_repo(tmp_path, {"infra/terraform/main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = \n'})
    results = by_tool(run_family(terraform, repo))
    assert_status(results["hcl2 parse"], Status.FAILED)
    assert "main.tf" in results["hcl2 parse"].detail



def test_checkov_reports_failed_checks_with_their_ids(tmp_path):
    repo = make_repo(tmp_path, {"services/web/Dockerfile": "FROM python:3.12-slim\nCMD [\"python\"]\n"})
    result = only(run_family(checkov, repo))
    assert_status(result, Status.FAILED)
    assert "CKV_DOCKER_2" in result.detail  # no HEALTHCHECK
    assert "services/web/Dockerfile" in result.detail


def test_checkov_honours_inline_skips(tmp_path):
    dockerfile = """
        # checkov:skip=CKV_DOCKER_2:the orchestrator probes /healthz
        FROM python:3.12-slim
        USER 10001
        CMD ["python"]
        """
    result = only(run_family(checkov, make_repo(tmp_path, {"services/web/Dockerfile": dockerfile})))
    assert_status(result, Status.PASSED)
    assert "1 skipped" in result.detail


def test_checkov_summary_of_an_empty_scan_passes():
    outcome = checkov.summarise({"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0})
    assert outcome.status is Status.PASSED
    assert outcome.detail == "nothing to scan"


@pytest.mark.parametrize("printed", [{}, [], {"error": "boom"}, "done", 3, [{"check_type": "terraform"}],
                                     {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 2}])
def test_checkov_json_that_is_not_a_report_fails(printed):
    outcome = checkov.summarise(printed)
    assert outcome.status is Status.FAILED
    assert "not a report" in outcome.detail


def fake_checkov(bin_dir, script):
    bin_dir.mkdir()
    exe = bin_dir / "checkov"
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(0o755)


def test_checkov_output_that_does_not_parse_fails(tmp_path, monkeypatch):
    fake_checkov(tmp_path / "bin", "echo 'Traceback (most recent call last):' >&2\necho '{\"results\": '\nexit 0\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    result = only(run_family(checkov, make_repo(tmp_path / "repo", {"services/web/Dockerfile": "FROM python:3.12\n"})))
    assert_status(result, Status.FAILED)
    assert "without a JSON report" in result.detail and "Traceback" in result.detail


def test_checkov_exit_code_counts_when_its_report_is_clean(tmp_path, monkeypatch):
    fake_checkov(tmp_path / "bin", "echo '{\"passed\": 0, \"failed\": 0, \"skipped\": 0, \"parsing_errors\": 0}'\n"
                 "echo 'crashed half-way' >&2\nexit 2\n")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:{os.environ['PATH']}")
    result = only(run_family(checkov, make_repo(tmp_path / "repo", {"services/web/Dockerfile": "FROM python:3.12\n"})))
    assert_status(result, Status.FAILED)
    assert "exited 2" in result.detail and "crashed half-way" in result.detail
