"""Good and bad inputs of every check family, in one table.

Each row is a family, the tool whose verdict is asserted, a small repository that passes, and
the same repository with one defect planted: the good one passes, the bad one fails, and the
failure names the file and the finding (the words in `says`). Families that need a generated
stack to run (unit tests, type checks, a provider's engine, live runs) are proven by the
planted-defect tests named in PROVEN_ON_GENERATED_STACKS, on real renders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from generator.checks import (FAMILIES, LIVE, cloudformation, compose, docker, kubernetes, markdown, nginx,
                              schemas, shell, syntax, terraform, workflows)
from generator.checks.results import Status
from tests.conftest import REPO_ROOT
from tests.test_checks_containers import DEPLOYMENT, KUSTOMIZATION, NGINX_CONF, TEMPLATE
from tests.test_checks_iac import FORMATTED
from tests.test_checks_support import assert_status, make_repo, project_tools, run_family  # noqa: F401
from tests.test_checks_workflows import GOOD_WORKFLOW

pytestmark = pytest.mark.usefixtures("project_tools")

SAM = """
    AWSTemplateFormatVersion: "2010-09-09"
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Api:
        Type: AWS::Serverless::Function
        Properties:
          Handler: handler.handler
          Runtime: python3.12
          CodeUri: functions/api/src
    """
DOCKERFILE = """
    FROM python:3.12-slim AS runtime
    WORKDIR /app
    COPY app/ ./app/
    USER 10001
    CMD ["python", "-m", "app"]
    """


@dataclass(frozen=True)
class Row:
    family: object  # the family's module
    tool: str  # the result whose status is asserted
    good: dict[str, str]
    bad: dict[str, str]  # files replaced in (or added to) `good`
    says: tuple[str, ...] = field(default=())  # words the bad result's detail holds

    @property
    def name(self) -> str:
        return self.family.__name__.rsplit(".", 1)[1]


TABLE = (
    Row(syntax, "parse yaml", {"deploy/values.yaml": "a: 1\nb: [1, 2]\n"},
        {"deploy/values.yaml": "a: 1\n  b: 2\n"}, ("deploy/values.yaml",)),
    Row(workflows, "actionlint", {".github/workflows/orders.yml": GOOD_WORKFLOW},
        {".github/workflows/orders.yml": GOOD_WORKFLOW.replace("github.sha", "github.shaa")}, ("orders.yml", "shaa")),
    Row(schemas, "check-jsonschema", {"renovate.json": '{"extends": ["config:recommended"]}\n'},
        {"renovate.json": '{"extends": ["config:recommended"], "enabledManagers": 3}\n'}, ("renovate.json",)),
    Row(cloudformation, "cfn-lint", {"template.yaml": SAM},
        {"template.yaml": SAM.replace("CodeUri: functions/api/src",
                                      "CodeUri: functions/api/src\n          Role: !GetAtt Nope.Arn")},
        ("template.yaml", "E1010")),
    Row(terraform, "terraform fmt -check", {"infra/terraform/variables.tf": FORMATTED},
        {"infra/terraform/variables.tf": FORMATTED.replace("type        = string", "type = string")},
        ("variables.tf",)),
    Row(compose, "check-jsonschema", {"compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    ports: ['8080:80']\n"},
        {"compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    ports: 8080\n"},
        ("compose.yaml", "ports")),
    Row(kubernetes, "kustomize + kubernetes-validate", {"deploy/k8s/base/deployment.yaml": DEPLOYMENT,
                                            "deploy/k8s/base/kustomization.yaml": KUSTOMIZATION},
        {"deploy/k8s/base/deployment.yaml": DEPLOYMENT.replace("replicas: 1", 'replicas: "one"')}, ("replicas",)),
    Row(docker, "hadolint", {"services/web/Dockerfile": DOCKERFILE},
        {"services/web/Dockerfile": DOCKERFILE.replace("python:3.12-slim", "python")}, ("Dockerfile", "DL3006")),
    Row(shell, "shellcheck", {"scripts/seed.sh": '#!/bin/sh\nset -eu\necho "$1"\n'},
        {"scripts/seed.sh": "#!/bin/sh\nrm -rf $1/*\n"}, ("seed.sh", "SC2086")),
    Row(markdown, "pymarkdown", {"README.md": "# Orders\n\n## Run it\n\nText.\n"},
        {"README.md": "# Orders\n\n#### Run it\n\nText.\n"}, ("README.md", "MD001")),
    Row(nginx, "nginx -t", {"gateway/nginx/nginx.conf": NGINX_CONF,
                            "gateway/nginx/templates/default.conf.template": TEMPLATE},
        {"gateway/nginx/templates/default.conf.template": TEMPLATE.replace("listen 8080;",
                                                                               "listen 8080;\n    proxy_passs x;")},
        ("proxy_passs",)),
)

# family -> the test (file::function) that plants a defect in a real generated stack and sees it fail
PROVEN_ON_GENERATED_STACKS = {
    "checkov": "tests/test_checks_iac.py::test_checkov_reports_failed_checks_with_their_ids",
    "units": "tests/test_check_cli.py::test_a_failing_unit_test_fails_make_test",
    "typecheck": "tests/test_checks_typecheck.py::test_generated_units_are_strict_clean_and_a_planted_untyped_function_fails",
    "supabase": "tests/test_baas.py::test_the_pgtap_check_proves_the_policies_and_fails_on_a_policy_using_true",
    "firebase": "tests/test_baas.py::test_the_static_rules_check_fails_on_an_allow_if_true_and_on_any_signed_in_user",
    "amplify": "tests/test_baas.py::test_the_backend_type_check_fails_naming_data_resource_on_a_misspelt_owner_rule",
    "workers": "tests/test_cloudflare.py::test_a_broken_wrangler_config_fails_the_dry_run_naming_the_file",
    "live": "tests/test_checks_units.py::test_live_run_fails_when_the_e2e_tests_fail_and_still_stops_everything",
}


def result_of(row: Row, files: dict[str, str], root) -> object:
    results = [result for result in run_family(row.family, make_repo(root, files)) if result.tool == row.tool]
    assert len(results) == 1, (row.tool, results)
    return results[0]


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.name)
def test_the_good_input_passes(row: Row, tmp_path):
    assert_status(result_of(row, row.good, tmp_path), Status.PASSED)


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.name)
def test_the_bad_input_fails_naming_the_file_and_the_finding(row: Row, tmp_path):
    assert row.says, row.name  # a failure must say what it found
    result = result_of(row, {**row.good, **row.bad}, tmp_path)
    assert_status(result, Status.FAILED)
    for word in row.says:
        assert word in result.detail, (word, result.detail)


def test_every_family_has_a_row_or_a_planted_defect_on_a_generated_stack():
    families = {family.module for family in (*FAMILIES, LIVE)}
    in_table = {row.name for row in TABLE}
    assert not in_table & set(PROVEN_ON_GENERATED_STACKS)
    assert in_table | set(PROVEN_ON_GENERATED_STACKS) == families
    for node in PROVEN_ON_GENERATED_STACKS.values():
        path, name = node.split("::")
        assert re.search(rf"^def {name}\(", (REPO_ROOT / path).read_text(), re.MULTILINE), node
