"""The `stack` blueprint rendered by pytest-copie: what each answer puts in the repository."""

from __future__ import annotations

import json
import re
import tomllib

import pytest
import yaml

from tests.conftest import REPO_ROOT

WINDOWS_ILLEGAL = re.compile(r'["|:<>*?]')


def render(copie, **answers):
    result = copie.copy(extra_answers={"project_name": "copie-shop", **answers})
    assert result.exit_code == 0, result.exception
    return result.project_dir


def files(project):
    return sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())


def test_template_file_names_are_legal_on_windows():
    names = [p.name for p in (REPO_ROOT / "blueprints").rglob("*")]
    assert names and not [name for name in names if WINDOWS_ILLEGAL.search(name)]


def test_demo_defaults(copie):
    project = render(copie)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "hybrid" and answers["gateway"] == "nginx"
    for unit in ("services/orders", "services/catalog", "services/stock", "functions/notify"):
        kind, name = unit.split("/")
        assert (project / unit / "Makefile").is_file(), unit
        assert (project / ".github" / "workflows" / f"{kind[:-1]}-{name}.yml").is_file(), unit
    assert (project / "services/orders/pyproject.toml").is_file()
    assert json.loads((project / "services/catalog/package.json").read_text())["name"]
    assert (project / "services/stock/go.mod").read_text().startswith("module ")
    assert (project / "infra/terraform/function_notify.tf").is_file()
    assert not (project / "template.yaml").exists()
    compose = yaml.safe_load((project / "compose.yaml").read_text())
    assert {"orders", "catalog", "stock", "gateway"} <= set(compose["services"])
    assert compose["services"]["orders-db"]["image"].startswith("postgres")  # orders' own database
    assert "@orders-db:5432/orders" in compose["services"]["orders"]["environment"]["DATABASE_URL"]
    assert "orders-db" not in compose["services"]["catalog"].get("depends_on", {})
    readme = (project / "README.md").read_text()
    assert "```mermaid" in readme and "orders" in readme and "notify" in readme
    assert json.loads((project / "renovate.json").read_text())["copier"]["enabled"] is True


def test_every_unit_workflow_is_path_filtered_to_its_unit(copie):
    project = render(copie)  # the demo stack: three services and one function
    seen = []
    for workflow in sorted((project / ".github" / "workflows").glob("*-*.yml")):
        kind, _, name = workflow.stem.partition("-")
        if kind not in ("service", "function"):
            continue
        seen.append(workflow.stem)
        on = yaml.safe_load(workflow.read_text())[True]  # YAML 1.1 reads `on` as True
        for event in ("pull_request", "push"):
            paths = on[event]["paths"]
            assert f"{kind}s/{name}/**" in paths and f".github/workflows/{workflow.name}" in paths
            assert all(p.startswith((f"{kind}s/{name}/", ".github/workflows/")) for p in paths), paths
    assert seen == ["function-notify", "service-catalog", "service-orders", "service-stock"]


def role_assumed(job):
    """The `vars.*` role a job's configure-aws-credentials step assumes, or None."""
    for step in job.get("steps", []):
        if "configure-aws-credentials" in step.get("uses", ""):
            return step["with"]["role-to-assume"]
    return None


def test_workflows_have_minimal_permissions(copie):
    project = render(copie)
    workflows = sorted((project / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 6, [w.name for w in workflows]  # one per unit (4), infra, e2e
    oidc_jobs = []
    for workflow in workflows:
        data = yaml.safe_load(workflow.read_text())
        assert data["permissions"] == {"contents": "read"}, workflow.name
        for job_id, job in data["jobs"].items():
            if job.get("permissions", {}).get("id-token") != "write":
                assert role_assumed(job) is None, f"{workflow.name}:{job_id} assumes a role without OIDC"
                continue
            oidc_jobs.append(f"{workflow.stem}:{job_id}")
            condition = " ".join(job["if"].split())
            if role_assumed(job) == "${{ vars.AWS_PLAN_ROLE_ARN }}":  # read-only plan role, pull requests
                assert "github.event_name == 'pull_request'" in condition, condition
                assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
            else:  # the deploy role: pushes to main only
                assert "github.event_name == 'push'" in condition, f"{workflow.name}:{job_id}: {condition}"
                assert "github.ref == 'refs/heads/main'" in condition, f"{workflow.name}:{job_id}: {condition}"
                assert "||" not in condition, condition
    assert "infra:plan" in oidc_jobs and "function-notify:deploy" in oidc_jobs, oidc_jobs
    assert len(oidc_jobs) >= 5, oidc_jobs


def test_serverless_native_has_sam_and_no_services(copie):
    functions = [{"name": "api", "runtime": "node", "trigger": "http"},
                 {"name": "jobs", "runtime": "python", "trigger": "schedule"}]
    project = render(copie, architecture="serverless", iac="native", functions=functions)
    names = files(project)
    assert "template.yaml" in names and "samconfig.toml" in names
    assert not any(n.startswith(("services/", "gateway/", "infra/", "deploy/")) for n in names)
    assert "compose.yaml" not in names
    template = (project / "template.yaml").read_text()
    assert "AWS::Serverless::Function" in template and "nodejs22.x" in template
    tomllib.loads((project / "samconfig.toml").read_text())


def test_microservices_with_kong_and_no_functions(copie):
    project = render(copie, architecture="microservices", gateway="kong",
                     services=[{"name": "billing", "language": "go", "database": "postgres"}])
    names = files(project)
    assert "gateway/kong/kong.yml" in names and not any(n.startswith("gateway/nginx") for n in names)
    assert not any(n.startswith("functions/") for n in names)
    kong = yaml.safe_load((project / "gateway/kong/kong.yml").read_text())
    plugins = [p for s in kong.get("services", []) for p in s.get("plugins", [])] + kong.get("plugins", [])
    assert any(p["name"] == "pre-function" and "X-Request-ID" in p["config"]["access"][0] for p in plugins)


@pytest.mark.parametrize(("gateway", "command"), [
    ("nginx", "scripts/render-gateway.sh /tmp/copie-shop-gateway"),
    ("kong", "docker compose up --detach --force-recreate gateway"),
])
def test_readme_gives_a_local_gateway_command(copie, gateway, command):
    project = render(copie, architecture="microservices", gateway=gateway,
                     services=[{"name": "billing", "language": "python", "database": "none"}])
    readme = (project / "README.md").read_text()
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.S)
    assert any(command in block for block in blocks), blocks
    paragraphs = [p.strip() for p in readme.split("\n\n")]
    hanging = [p for p, after in zip(paragraphs, paragraphs[1:] + [""])
               if p.endswith(":") and not after.startswith(("```", "- ", "| ", "1. "))]
    assert not hanging  # a sentence announcing a command, list or table is followed by one


def test_hybrid_native_splits_functions_to_sam_and_services_to_terraform(copie):
    project = render(copie, iac="native")
    names = files(project)
    assert "template.yaml" in names and "infra/terraform/eks.tf" in names
    assert not any(n.startswith("infra/terraform/function_") for n in names)


def test_terraform_requires_the_archive_provider_only_to_zip_functions(copie):
    def providers(project):
        text = (project / "infra/terraform/versions.tf").read_text()
        return set(re.findall(r'source\s*=\s*"(hashicorp/[a-z]+)"', text))

    assert providers(render(copie)) == {"hashicorp/aws", "hashicorp/archive"}  # the demo has a function
    without = render(copie, architecture="microservices")
    assert providers(without) == {"hashicorp/aws"}
    assert "archive_file" not in "".join(p.read_text() for p in (without / "infra/terraform").glob("*.tf"))
    assert providers(render(copie, iac="native")) == {"hashicorp/aws"}  # SAM zips the functions


@pytest.mark.parametrize(
    ("answers", "field"),
    [({"architecture": "microservices", "services": [{"name": "infra", "language": "go", "database": "none"}]},
      "services"),
     ({"project_name": "9lives"}, "project_name")],
)
def test_invalid_answers_fail_the_copy(copie, answers, field):
    result = copie.copy(extra_answers={"project_name": "copie-shop", **answers})
    assert result.exit_code != 0 and field in str(result.exception)
