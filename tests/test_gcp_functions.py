"""Google Cloud functions in a generated repository: served by the Functions Framework on
loopback they answer with the caller's id and log it; planted defects fail the live run and
the Terraform loader, naming the function, the tool and the file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.checks import functions_live, terraform
from generator.checks.discover import scan
from generator.checks.runner import execute
from tests.test_checks_support import project_tools  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("project_tools")]

FUNCTIONS = [{"name": "hook", "runtime": "python", "trigger": "http"},
             {"name": "relay", "runtime": "node", "trigger": "queue"}]


@pytest.fixture(scope="module")
def generated(rendered) -> Path:
    """One small Google Cloud stack, rendered once per test run and shared: read it, or copy it."""
    return rendered({"project_name": "gcp-shop", "architecture": "serverless", "cloud": "gcp",
                     "iac": "terraform", "functions": FUNCTIONS})


def test_the_live_run_sends_an_id_and_a_cloud_event_and_finds_both_in_the_logs(generated, tmp_path):
    repo = tmp_path / "repo"  # the live run installs each function's dependencies into its folder
    _copy(generated, repo)
    (check,) = functions_live.function_checks(scan(repo))

    result = execute(check)

    assert result.status == "passed", result.detail
    assert "1 HTTP request with X-Request-ID" in result.detail
    assert "1 CloudEvent POST" in result.detail


def test_a_function_that_drops_the_request_id_fails_the_live_run(generated, tmp_path):
    broken = tmp_path / "broken"
    _copy(generated, broken)
    main = broken / "functions" / "hook" / "src" / "main.py"
    text = main.read_text()
    assert 'response.headers["X-Request-ID"] = request_id' in text
    main.write_text(text.replace('response.headers["X-Request-ID"] = request_id', "pass"))
    (check,) = functions_live.function_checks(scan(broken))

    result = execute(check)

    assert result.status == "failed"
    assert "hook: GET /items answered 200 with X-Request-ID None" in result.detail


def test_a_terraform_resource_declared_twice_fails_the_loader_naming_the_file(generated, tmp_path):
    broken = tmp_path / "broken-tf"
    _copy(generated, broken)
    functions_tf = broken / "infra" / "terraform" / "functions.tf"
    block = functions_tf.read_text().split("\n\n# Eventarc")[0]
    (broken / "infra" / "terraform" / "again.tf").write_text(block.split("\n", 2)[2] + "\n")
    load = next(check for check in terraform.checks(scan(broken)) if check.tool == "terraform config load")

    result = execute(load)

    assert result.status == "failed"
    assert 'Duplicate resource "google_storage_bucket" configuration' in result.detail
    assert "infra/terraform/functions.tf:4" in result.detail and "again.tf" in result.detail


def test_the_sample_cloud_event_is_a_pubsub_message_of_a_json_object(generated):
    event = json.loads((generated / "functions" / "relay" / "tests" / "events" / "event.json").read_text())

    assert event["type"] == "google.cloud.pubsub.topic.v1.messagePublished"
    assert event["source"].startswith("//pubsub.googleapis.com/projects/")
    assert event["data"]["message"]["messageId"] == event["id"]


def _copy(source: Path, dest: Path) -> None:
    shutil.copytree(source, dest, symlinks=True)
