"""`stackcraft check` through the CLI on real generated repositories with planted defects.

Each base repository is generated once per module and copied per defect; the defects are
static, so `--no-live` keeps the runs short. Every run must exit 1 and name the tool that
caught the defect, in the report a user reads; the unbroken copy is the passing control.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_cli
from tests.test_checks_support import project_tools  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("project_tools")]

# One Python service behind nginx, on Terraform: every static check family has a file to check.
BASE = {"project_name": "broken-shop", "architecture": "microservices", "gateway": "nginx",
        "services": [{"name": "api", "language": "python", "database": "none"}]}


@pytest.fixture(scope="module")
def base_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("base")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("STACKCRAFT_CACHE_DIR", str(root / "cache"))
        for name in ("STACKCRAFT_CATALOGUES", "STACKCRAFT_STACK_SOURCE"):
            env.delenv(name, raising=False)
        (root / "spec.yml").write_text(yaml.safe_dump(BASE))
        result = run_cli("new", str(root / "repo"), "--data-file", str(root / "spec.yml"), "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    return root / "repo"


@pytest.fixture
def repo(base_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the base repository, to break (reported 200 columns wide: no wrapped rows)."""
    monkeypatch.setenv("COLUMNS", "200")
    return Path(shutil.copytree(base_repo, tmp_path / "repo", symlinks=True))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{path.name}: {old!r} found {text.count(old)} times"
    path.write_text(text.replace(old, new))


def failed_rows(output: str) -> list[str]:
    """The report's table rows that say `failed`."""
    return [line for line in output.splitlines() if re.search(r"\bfailed\b", line) and "│" in line]


def check(repo: Path):
    return run_cli("check", "--no-live", str(repo))


def test_the_unbroken_copy_passes(repo):
    result = check(repo)
    assert result.code == 0, result.out
    assert not failed_rows(result.out)
    assert re.search(r"make test \(python\).*services/api.*passed", result.out), result.out


def test_an_untagged_base_image_fails_hadolint(repo):
    dockerfile = repo / "services/api/Dockerfile"
    first_from = next(line for line in dockerfile.read_text().splitlines() if line.startswith("FROM "))
    edit(dockerfile, first_from, "FROM python" + (" AS" + first_from.split(" AS", 1)[1] if " AS" in first_from else ""))
    result = check(repo)
    assert result.code == 1
    assert any("hadolint" in row for row in failed_rows(result.out)), result.out
    assert "DL3006" in result.out  # "Always tag the version of an image explicitly"


def test_a_failing_unit_test_fails_make_test(repo):
    tests = repo / "services/api/tests/test_api.py"
    tests.write_text(tests.read_text() + "\n\ndef test_planted_failure():\n    assert 1 + 1 == 3, 'planted'\n")
    result = check(repo)
    assert result.code == 1
    assert any("make test (python)" in row and "services/api" in row for row in failed_rows(result.out)), result.out
    assert "test_planted_failure" in result.out


def test_a_broken_route_in_the_gateway_fails_nginx_t(repo):
    edit(repo / "gateway/nginx/templates/default.conf.template", "proxy_pass http://api/;", "proxy_pass http://apii/;")
    result = check(repo)
    assert result.code == 1
    assert any("nginx -t" in row for row in failed_rows(result.out)), result.out
    assert 'host not found in upstream "apii"' in result.out


def test_a_terraform_block_declared_twice_fails_the_config_load(repo):
    service_tf = (repo / "infra/terraform/service_api.tf").read_text()
    block = re.search(r'^resource "aws_ecr_repository" .*?^}\n', service_tf, re.M | re.S).group(0)
    (repo / "infra/terraform/images.tf").write_text(block)
    result = check(repo)
    assert result.code == 1
    assert any("terraform config load" in row for row in failed_rows(result.out)), result.out
    assert 'Duplicate resource "aws_ecr_repository"' in result.out and "images.tf" in result.out


def test_defects_in_every_other_family_fail_each_its_own_row(repo):
    """One copy, one defect per family, each caught by its own tool with its own reason."""
    edit(repo / "scripts/render-gateway.sh", 'mkdir -p "$dest/conf.d"', 'mkdir -p $dest/conf.d')
    edit(repo / ".github/workflows/service-api.yml", "    name: Test and lint\n",
         "    name: Test and lint\n    env:\n      PLANTED: ${{ github.planted_context }}\n")
    edit(repo / "services/api/k8s/deployment.yaml", "  replicas: 2\n", "  replicas: 2\n  replicaz: 2\n")
    edit(repo / "compose.yaml", '    ports:\n      - "8080:8080"\n', '    ports: "8080:8080"\n')
    edit(repo / "infra/terraform/service_api.tf", 'image_tag_mutability = "IMMUTABLE"', 'image_tag_mutability = "MUTABLE"')
    renovate = repo / "renovate.json"
    renovate.write_text(renovate.read_text().replace("{", "{,", 1))
    readme = repo / "services/api/README.md"
    readme.write_text(readme.read_text() + "\n\n\n#### A heading two levels too deep\n")
    result = check(repo)
    assert result.code == 1
    rows = failed_rows(result.out)
    expected = {  # tool -> words of its reason in the report
        "shellcheck": "SC2086", "actionlint": "planted_context", "kubernetes-validate": "replicaz",
        "check-jsonschema": "is not of type 'array'", "checkov": "CKV_AWS_51", "parse json": "renovate.json",
        "pymarkdown": "MD012",
    }
    for tool, reason in expected.items():
        assert any(tool in row for row in rows), f"{tool} did not fail:\n{result.out}"
        assert reason in result.out, f"{tool}: {reason!r} not in the report"
    assert not any("make test" in row or "nginx -t" in row or "hadolint" in row for row in rows), rows
