"""Azure functions in a generated repository: planted defects fail `stackcraft check`'s rows,
naming the tool and the broken file (a failing function test in each kit, a type error in a
function app's root module, a Terraform resource declared twice)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.checks import terraform, typecheck, units
from generator.checks.discover import scan
from generator.checks.runner import Check, execute
from tests.test_checks_support import project_tools  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("project_tools")]

FUNCTIONS = [{"name": "hook", "runtime": "python", "trigger": "http"},
             {"name": "relay", "runtime": "node", "trigger": "queue"}]


@pytest.fixture(scope="module")
def generated(rendered) -> Path:
    """One small Azure stack, rendered once per test run and shared: read it, or copy it."""
    return rendered({"project_name": "azure-shop", "architecture": "serverless", "cloud": "azure",
                     "iac": "terraform", "functions": FUNCTIONS})


def test_a_python_function_that_answers_500_fails_its_tests(generated, tmp_path):
    broken = _broken(generated, tmp_path, "functions/hook/function_app.py", "    status = 200\n", "    status = 500\n")

    check = _check(units.checks(scan(broken)), "functions/hook")
    result = execute(check)

    assert (check.tool, result.status) == ("make test (python)", "failed")
    assert "FAILED tests/test_function_app.py::test_answers_with_the_callers_request_id" in result.detail
    assert "assert 500 == 200" in result.detail


def test_a_node_function_that_logs_no_request_id_fails_its_tests(generated, tmp_path):
    broken = _broken(generated, tmp_path, "functions/relay/src/handler.js",
                     "logger.child({ request_id: resolveRequestId(id) })", "logger.child({})")

    check = _check(units.checks(scan(broken)), "functions/relay")
    result = execute(check)

    assert (check.tool, result.status) == ("make test (node)", "failed")
    assert re.search(r"^not ok \d+ - ", result.detail, re.M)  # node --test's TAP: a failed test
    assert re.search(r"^# fail [1-9]", result.detail, re.M)
    assert "functions/relay/tests/handler.test.js:" in result.detail


def test_a_type_error_in_a_function_app_s_root_module_fails_mypy(generated, tmp_path):
    broken = _broken(generated, tmp_path, "functions/hook/function_app.py", "    status = 200\n",
                     '    status: int = "200"\n')

    check = _check(typecheck.checks(scan(broken)), "functions/hook")
    result = execute(check)

    assert (check.tool, result.status) == ("mypy --strict", "failed")
    assert "function_app.py:" in result.detail
    assert 'Incompatible types in assignment (expression has type "str", variable has type "int")' in result.detail


def test_a_terraform_resource_declared_twice_fails_the_loader_naming_the_file(generated, tmp_path):
    source = (generated / "infra" / "terraform" / "function_relay.tf").read_text()
    start = source.index('resource "azurerm_storage_queue" "fn_relay" {')
    block = source[start:source.index("\n}\n", start) + 3]
    line = source[:start].count("\n") + 1
    broken = tmp_path / "broken"
    _copy(generated, broken)
    (broken / "infra" / "terraform" / "again.tf").write_text(block)

    load = next(check for check in terraform.checks(scan(broken)) if check.tool == "terraform config load")
    result = execute(load)

    assert result.status == "failed"
    assert 'Duplicate resource "azurerm_storage_queue" configuration' in result.detail
    assert f"infra/terraform/function_relay.tf:{line}" in result.detail and "again.tf" in result.detail


def _check(checks: list[Check], target: str) -> Check:
    found = [check for check in checks if check.target == target]
    assert len(found) == 1, [(check.tool, check.target) for check in checks]
    return found[0]


def _broken(generated: Path, tmp_path: Path, relative: str, old: str, new: str) -> Path:
    """A copy of the generated repository with OLD replaced by NEW in one file."""
    broken = tmp_path / "broken"
    _copy(generated, broken)
    path = broken / relative
    text = path.read_text()
    assert old in text, f"{relative} no longer has {old!r}"
    path.write_text(text.replace(old, new))
    return broken


def _copy(source: Path, dest: Path) -> None:
    shutil.copytree(source, dest, symlinks=True)
