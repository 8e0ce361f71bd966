"""Unit names that match the stack's own IaC labels, or each other's derived ones, generate
repositories whose Terraform loads and whose SAM template lints: real repos through
`stackcraft new`, then only the Terraform and CloudFormation checks."""

from __future__ import annotations

import shutil

import pytest
import yaml

from generator.checks import cloudformation, terraform
from generator.checks.discover import scan
from generator.checks.results import Status
from generator.checks.runner import execute
from tests.conftest import run_cli
from tests.test_checks_support import assert_status, project_tools  # noqa: F401

pytestmark = pytest.mark.usefixtures("project_tools")

# Names equal to labels of the stack's own blocks (eks.tf, network.tf, functions.tf,
# github_oidc.tf, main.tf), and `ab` beside `ab-dlq`, whose dead-letter queue was `ab_dlq`.
TERRAFORM_FUNCTIONS = [
    {"name": "eks", "runtime": "python", "trigger": "queue"},
    {"name": "flow-logs", "runtime": "node", "trigger": "http"},
    {"name": "http-api", "runtime": "python", "trigger": "http"},
    {"name": "lambda-assume", "runtime": "node", "trigger": "schedule"},
    {"name": "deploy-assume", "runtime": "python", "trigger": "queue"},
    {"name": "ab", "runtime": "python", "trigger": "schedule"},
    {"name": "ab-dlq", "runtime": "node", "trigger": "queue"},
]
TERRAFORM_SERVICES = [
    {"name": "main", "language": "python", "database": "postgres"},  # aws_kms_key.main, aws_vpc.main
    {"name": "eks-nodes", "language": "go", "database": "none"},  # the node group's role
]
# SAM: `http-api` (output HttpApiUrl), `ab` beside `ab-queue` (AbQueue.. outputs) and
# `ab-dead-letter` (its trigger queue against ab's dead-letter queue).
SAM_FUNCTIONS = [
    {"name": "http-api", "runtime": "python", "trigger": "http"},
    {"name": "ab", "runtime": "python", "trigger": "queue"},
    {"name": "ab-queue", "runtime": "node", "trigger": "http"},
    {"name": "ab-dead-letter", "runtime": "python", "trigger": "queue"},
    {"name": "ab-dlq", "runtime": "node", "trigger": "schedule"},
]


def generate(rendered, data):
    """The stack of `data`, rendered once per test run (conftest's shared renders); read-only."""
    return scan(rendered({"project_name": "names", **data}))


def results_of(family, repo):
    return {r.tool: r for r in map(execute, family.checks(repo))}


def test_terraform_of_units_named_like_the_stacks_own_blocks_loads(rendered):
    repo = generate(rendered, {"architecture": "hybrid", "iac": "terraform",
                               "functions": TERRAFORM_FUNCTIONS, "services": TERRAFORM_SERVICES})
    assert len(repo.glob("infra/terraform/function_*.tf")) == len(TERRAFORM_FUNCTIONS)
    results = results_of(terraform, repo)
    for tool in ("terraform fmt -check", "hcl2 parse", "terraform config load"):
        assert_status(results[tool], Status.PASSED)
    assert results["terraform config load"].detail == "1 module loaded"
    assert_status(results["terraform validate"], Status.NOT_APPLICABLE)


def test_sam_template_of_units_with_overlapping_ids_lints(rendered):
    repo = generate(rendered, {"architecture": "serverless", "iac": "native", "functions": SAM_FUNCTIONS})
    result = results_of(cloudformation, repo)["cfn-lint"]
    assert_status(result, Status.PASSED)  # a logical id given twice is cfn-lint's E0000
    template = yaml.safe_load((repo.root / "template.yaml").read_text().replace("!", ""))  # tags as text
    functions = [k for k, v in template["Resources"].items() if v["Type"] == "AWS::Serverless::Function"]
    assert len(functions) == len(SAM_FUNCTIONS)
    assert "HttpApiUrl" in template["Outputs"] and "HttpApiEndpoint" in template["Outputs"]
    assert {"AbDeadLetters", "AbDeadLetterQueue", "AbQueueFunction"} <= set(template["Resources"])


@pytest.mark.parametrize(("first", "second"), [("a-1b", "a1b"), ("ab-c", "a-bc")])
def test_names_equal_without_hyphens_are_refused_by_the_cli(tmp_path, first, second):
    functions = f"functions=[{{name: {first}, runtime: python, trigger: http}}, {{name: {second}, runtime: node, trigger: http}}]"
    result = run_cli("new", str(tmp_path / "repo"), "--defaults", "-d", "architecture=serverless", "-d", functions)
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("stackcraft: functions: ")
    assert first in result.err and second in result.err and "hyphens" in result.err
    assert not (tmp_path / "repo").exists()


def test_names_equal_without_hyphens_are_refused_by_plain_copier(copie):
    services = [{"name": "a-1b", "language": "python", "database": "none"}]
    functions = [{"name": "a1b", "runtime": "python", "trigger": "http"}]
    result = copie.copy(extra_answers={"project_name": "copie-shop", "services": services, "functions": functions})
    assert result.exit_code != 0
    message = str(result.exception)
    assert '"a1b" and "a-1b" differ only in hyphens' in message and "services:" in message


def test_a_broken_reference_in_a_generated_sam_template_fails_cfn_lint(rendered, tmp_path):
    shared = generate(rendered, {"architecture": "serverless", "iac": "native",
                                 "functions": [{"name": "hook", "runtime": "node", "trigger": "queue"}]})
    repo = scan(shutil.copytree(shared.root, tmp_path / "repo", symlinks=True))  # planted in a copy
    template = repo.root / "template.yaml"
    text = template.read_text()
    planted = "deadLetterTargetArn: !GetAtt HookDeadLetters.Arn"  # the queue's redrive target
    assert text.count(planted) == 1
    template.write_text(text.replace(planted, planted.replace("HookDeadLetters", "HookDeadLetter")))
    result = results_of(cloudformation, repo)["cfn-lint"]
    assert_status(result, Status.FAILED)
    assert "E1010" in result.detail and "'HookDeadLetter' is not one of" in result.detail
