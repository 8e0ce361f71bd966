"""`stackcraft add` with a unit of a kind the stack lacks: the stack becomes hybrid.

A serverless (FaaS) stack that gets a service gains the gateway (`--gateway`, nginx without
a terminal); a microservices stack that gets a function keeps its gateway. Every `add` the
generated README suggests works on that repo.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.errors import SpecError
from generator.growth import grown_answers
from tests.conftest import git, run_cli

SERVERLESS = {"project_name": "shop", "architecture": "serverless", "serverless_kind": "faas", "cloud": "aws",
              "functions": [{"name": "resize", "runtime": "node", "trigger": "http"}],
              "iac": "terraform", "ci": "github"}
MICRO = {"project_name": "shop", "architecture": "microservices", "cloud": "aws", "gateway": "kong",
         "services": [{"name": "orders", "language": "go", "database": "none"}], "iac": "terraform", "ci": "github"}
PAY = {"name": "pay", "language": "python", "database": "none"}
NOTIFY = {"name": "notify", "runtime": "python", "trigger": "queue"}


def test_a_service_makes_a_serverless_stack_hybrid_behind_nginx():
    grown = grown_answers(SERVERLESS, "services", PAY)
    assert grown["architecture"] == "hybrid" and grown["gateway"] == "nginx"
    assert "serverless_kind" not in grown  # hybrid implies faas; the key would be refused
    assert grown["services"] == [PAY] and grown["functions"] == SERVERLESS["functions"]
    assert SERVERLESS["architecture"] == "serverless"  # the input is left alone


def test_the_first_service_takes_the_gateway_asked_for():
    assert grown_answers(SERVERLESS, "services", PAY, gateway="kong")["gateway"] == "kong"


def test_a_function_makes_a_microservices_stack_hybrid_and_keeps_its_gateway():
    grown = grown_answers(MICRO, "functions", NOTIFY)
    assert grown["architecture"] == "hybrid" and grown["gateway"] == "kong"
    assert grown["functions"] == [NOTIFY] and grown["services"] == MICRO["services"]


def test_units_of_a_kind_the_stack_has_are_appended():
    grown = grown_answers(MICRO, "services", PAY)
    assert grown["architecture"] == "microservices" and [s["name"] for s in grown["services"]] == ["orders", "pay"]


@pytest.mark.parametrize(("current", "kind", "unit", "gateway", "field", "words"), [
    (MICRO, "services", PAY, "nginx", "gateway", "already has its gateway (kong)"),
    (SERVERLESS, "functions", NOTIFY, "nginx", "gateway", "applies to services only"),
    ({**SERVERLESS, "serverless_kind": "baas"}, "services", PAY, None, "services", "a baas stack has no services"),
])
def test_growth_that_cannot_work_is_refused_naming_the_field(current, kind, unit, gateway, field, words):
    with pytest.raises(SpecError) as caught:
        grown_answers(current, kind, unit, gateway)
    assert caught.value.field == field and words in caught.value.message


def new_stack(tmp_path: Path, name: str, *data: str) -> Path:
    repo = tmp_path / name
    args = [item for pair in data for item in ("-d", pair)]
    result = run_cli("new", str(repo), "--defaults", *args, "--vcs-ref", "v0.1.0")
    assert result.code == 0, result.err
    return repo


def recorded(repo: Path) -> dict:
    return yaml.safe_load((repo / ".copier-answers.yml").read_text())


def commit_if_changed(repo: Path) -> None:
    if git(repo, "status", "--porcelain"):
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "add a unit")


@pytest.mark.parametrize(("options", "gateway", "unit_file", "route_file", "route"), [
    (["--language", "go", "--gateway", "kong"], "kong", "go.mod", "gateway/kong/kong.yml", "/api/pay"),
    # without a terminal and without --gateway, nginx goes in front
    (["--language", "python"], "nginx", "pyproject.toml", "gateway/nginx/templates/default.conf.template", "/api/pay/"),
])
def test_add_service_to_a_serverless_repo_makes_it_hybrid(template_copy, tmp_path, options, gateway, unit_file,
                                                          route_file, route):
    repo = new_stack(tmp_path, "fn-shop", "architecture=serverless")
    result = run_cli("add", "service", "pay", *options, str(repo))
    assert result.code == 0, result.err
    answers = recorded(repo)
    assert answers["architecture"] == "hybrid" and answers["gateway"] == gateway
    assert "serverless_kind" not in answers
    assert (repo / "services" / "pay" / unit_file).is_file()
    assert route in (repo / route_file).read_text() and (repo / "compose.yaml").is_file()
    assert (repo / "functions" / "notify").is_dir()  # the functions stay


def test_add_function_to_a_microservices_repo_makes_it_hybrid(template_copy, tmp_path):
    repo = new_stack(tmp_path, "svc-shop", "architecture=microservices")
    result = run_cli("add", "function", "resize", "--runtime", "node", "--trigger", "schedule", str(repo))
    assert result.code == 0, result.err
    answers = recorded(repo)
    assert answers["architecture"] == "hybrid" and answers["gateway"] == "nginx"
    assert answers["functions"] == [{"name": "resize", "runtime": "node", "trigger": "schedule"}]
    assert (repo / "functions" / "resize" / "package.json").is_file()
    assert (repo / ".github" / "workflows" / "function-resize.yml").is_file()


def test_a_refused_gateway_change_leaves_the_repo_untouched(template_copy, tmp_path):
    repo = new_stack(tmp_path, "svc-shop", "architecture=microservices")
    result = run_cli("add", "service", "pay", "--language", "go", "--gateway", "kong", str(repo))
    assert result.code == 2 and result.err.startswith("stackcraft: gateway: the stack already has its gateway (nginx)")
    assert git(repo, "status", "--porcelain") == ""


def suggested_adds(readme: str) -> list[list[str]]:
    """The `stackcraft add ...` lines of the README's shell blocks, as argument lists."""
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    lines = [line.split("#")[0].split() for block in blocks for line in block.splitlines()]
    return [words[1:] for words in lines if words[:2] == ["stackcraft", "add"]]


@pytest.mark.slow
@pytest.mark.parametrize("architecture", ["serverless", "microservices", "hybrid"])
def test_every_add_the_generated_readme_suggests_works(template_copy, tmp_path, monkeypatch, architecture):
    repo = new_stack(tmp_path, "readme-shop", f"architecture={architecture}")
    commands = suggested_adds((repo / "README.md").read_text())
    assert sorted(command[1] for command in commands) == ["function", "service"]
    monkeypatch.chdir(repo)  # the README's commands run in the repository
    for command in commands:
        result = run_cli(*command)
        assert result.code == 0, (command, result.err)
        commit_if_changed(repo)
    answers = recorded(repo)
    assert answers["architecture"] == "hybrid"
    assert {command[2] for command in commands} <= {unit["name"] for unit in answers["services"] + answers["functions"]}
