"""Cloudflare Workers: what the answers allow (spec, wizard-free CLI and plain copier say the same),
and planted defects in a generated Worker that its checks catch, naming the tool and the file."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import copier
import pytest
import yaml

from generator.checks import workers
from generator.checks.discover import scan
from generator.spec import SpecError, parse_spec
from tests.conftest import REPO_ROOT, run_cli
from tests.test_checks_support import project_tools, run_family  # noqa: F401

WORKER = {"name": "api", "runtime": "node", "trigger": "http"}
BASE = {"project_name": "edge-shop", "architecture": "serverless", "cloud": "cloudflare", "functions": [WORKER]}

# (changes, the field, the words the spec, the CLI and copier's validators all say)
REFUSALS = [
    ({"iac": "terraform"}, "iac", "cloudflare has no terraform IaC here; choices for cloudflare: native"),
    ({"functions": [{**WORKER, "runtime": "python"}]}, "functions", "cloudflare runs node functions only; 'api' asks for python"),
    ({"architecture": "hybrid", "functions": [WORKER],
      "services": [{"name": "orders", "language": "go", "database": "none"}]}, "cloud", "cloudflare runs serverless only"),
    ({"architecture": "microservices", "functions": [],
      "services": [{"name": "orders", "language": "go", "database": "none"}]}, "cloud", "cloudflare runs serverless only"),
]


@pytest.mark.parametrize(("changes", "field", "words"), REFUSALS)
def test_spec_cli_and_copier_refuse_with_one_line(tmp_path, changes, field, words):
    data = {**BASE, **changes}
    if not data["functions"]:
        del data["functions"]
    with pytest.raises(SpecError) as refusal:
        parse_spec(data)
    assert refusal.value.field == field and words.replace("'", '"') in str(refusal.value).replace("'", '"')

    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump(data))
    result = run_cli("new", str(tmp_path / "out"), "--data-file", str(spec), "--vcs-ref", "HEAD")
    lines = result.err.strip().splitlines()
    assert result.code == 2 and len(lines) == 1 and lines[0].startswith(f"stackcraft: {field}: "), result.err
    assert not (tmp_path / "out").exists()

    with pytest.raises(ValueError) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(REPO_ROOT), tmp_path / "copier", data=data, defaults=True, pretend=True,
                        quiet=True, vcs_ref="HEAD")
    assert words.replace("'", '"') in str(caught.value).replace("'", '"'), caught.value


def test_iac_defaults_to_wrangler_and_no_terraform_is_rendered(tmp_path):
    assert parse_spec(BASE).iac == "native"
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump(BASE))
    repo = tmp_path / "edge"
    result = run_cli("new", str(repo), "--data-file", str(spec), "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["iac"] == "native"
    files = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file() and ".git/" not in p.as_posix())
    assert "functions/api/wrangler.jsonc" in files and "functions/api/package-lock.json" in files
    assert not [f for f in files if f.startswith("infra/") or f.endswith(".tf") or f == ".github/workflows/infra.yml"]
    assert not [f for f in files if f in ("template.yaml", "samconfig.toml")]
    workflow = (repo / ".github/workflows/function-api.yml").read_text()
    assert "cloudflare/wrangler-action@ebbaa1584979971c8614a24965b4405ff95890e0" in workflow
    assert "secrets.CLOUDFLARE_API_TOKEN" in workflow and "id-token" not in workflow
    assert '- "functions/api/**"' in workflow
    config = (repo / "functions/api/wrangler.jsonc").read_text()
    assert '"compatibility_date": "' in config and '"observability"' in config
    makefile = (repo / "Makefile").read_text()
    assert "terraform" not in makefile and "$(MAKE) -C functions/$$fn deploy" in makefile


@pytest.fixture(scope="module")
def worker_repo(tmp_path_factory) -> Path:
    """A generated stack with one HTTP Worker and one queue Worker, installed once."""
    root = tmp_path_factory.mktemp("cf")
    spec = root / "spec.yml"
    spec.write_text(yaml.safe_dump({**BASE, "functions": [WORKER, {"name": "jobs", "runtime": "node", "trigger": "queue"}]}))
    result = run_cli("new", str(root / "edge"), "--data-file", str(spec), "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    return root / "edge"


@pytest.mark.slow
@pytest.mark.usefixtures("project_tools")
def test_a_broken_wrangler_config_fails_the_dry_run_naming_the_file(worker_repo):
    config = worker_repo / "functions/jobs/wrangler.jsonc"
    original = config.read_text()
    try:
        config.write_text(original.replace('"main": "src/index.ts"', '"main": "src/missing.ts"'))
        results = run_family(workers, scan(worker_repo))
        assert len(results) == 2
        broken = next(r for r in results if r.target == "functions/jobs/wrangler.jsonc")
        assert broken.status == "failed" and broken.tool == "wrangler deploy --dry-run"
        assert "functions/jobs/wrangler.jsonc" in broken.detail and "missing.ts" in broken.detail
        fine = next(r for r in results if r.target == "functions/api/wrangler.jsonc")
        assert fine.status == "passed" and "Total Upload" in fine.detail
    finally:
        config.write_text(original)


@pytest.mark.slow
@pytest.mark.usefixtures("project_tools")
def test_the_live_run_fails_when_the_worker_logs_without_the_id(worker_repo):
    source = worker_repo / "functions/api/src/worker.ts"
    original = source.read_text()
    try:
        source.write_text(original.replace("log(WORKER_NAME, 'info', 'request completed', requestId, {",
                                           "log(WORKER_NAME, 'info', 'request completed', 'not-the-id', {"))
        checks = workers.live_checks(scan(worker_repo))
        assert [check.tool for check in checks] == ["wrangler dev"]
        result = run_family_live(checks)
        assert result.status == "failed", result.detail
        assert "functions/api" in result.detail and "no JSON log line with request_id stackcraft-check-" in result.detail
        assert '"request_id": "not-the-id"' in result.detail or "not-the-id" in result.detail
    finally:
        source.write_text(original)
    result = run_family_live(workers.live_checks(scan(worker_repo)))
    assert result.status == "passed" and "api: stackcraft-check-" in result.detail


def run_family_live(checks):
    from generator.checks.runner import execute

    assert len(checks) == 1
    return execute(checks[0])


def test_add_refuses_a_service_or_a_python_function_on_cloudflare(tmp_path):
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump(BASE))
    repo = tmp_path / "edge"
    assert run_cli("new", str(repo), "--data-file", str(spec), "--vcs-ref", "HEAD").code == 0
    before = (repo / ".copier-answers.yml").read_text()
    for args, line in [
        (["function", "digest", "--runtime", "python", "--trigger", "queue"],
         "stackcraft: functions: cloudflare runs node functions only; 'digest' asks for python"),
        (["service", "pay", "--language", "go"], "stackcraft: cloud: cloudflare runs serverless only"),
    ]:
        result = run_cli("add", *args, str(repo))
        assert result.code == 2 and result.err.strip().splitlines() == [result.err.strip()], result.err
        assert result.err.startswith(line), result.err
    assert (repo / ".copier-answers.yml").read_text() == before and not (repo / "functions/digest").exists()
