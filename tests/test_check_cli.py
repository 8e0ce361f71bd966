"""`stackcraft check` through the CLI on real generated repositories with planted defects.

The base repository is generated once; an unbroken copy is the passing control, and one
broken copy holds a defect per check family (checked once per test run). The defects are
static, so `--no-live` keeps the runs short. The broken run must exit 1 and name, for each
defect, the tool that caught it with its reason, in the report a user reads, and fail no
other row.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import built_once, render_stack, run_cli
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


@dataclass
class Report:
    code: int
    out: str

    @property
    def rows(self) -> list[str]:
        return failed_rows(self.out)


def plant_defects(repo: Path) -> None:
    """One defect per check family, each for its own tool."""
    dockerfile = repo / "services/api/Dockerfile"  # hadolint: an untagged base image
    first_from = next(line for line in dockerfile.read_text().splitlines() if line.startswith("FROM "))
    edit(dockerfile, first_from, "FROM python" + (" AS" + first_from.split(" AS", 1)[1] if " AS" in first_from else ""))
    tests = repo / "services/api/tests/test_api.py"  # make test: a failing unit test (typed, for mypy --strict)
    tests.write_text(tests.read_text() + "\n\ndef test_planted_failure() -> None:\n    assert 1 + 1 == 3, 'planted'\n")
    edit(repo / "gateway/nginx/templates/default.conf.template", "proxy_pass http://api/;", "proxy_pass http://apii/;")
    service_tf = (repo / "infra/terraform/service_api.tf").read_text()  # the config loader: a block twice
    block = re.search(r'^resource "aws_ecr_repository" .*?^}\n', service_tf, re.M | re.S).group(0)
    (repo / "infra/terraform/images.tf").write_text(block)
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


def _check_broken_copy(folder: Path) -> None:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("COLUMNS", "200")
        env.setenv("STACKCRAFT_CACHE_DIR", str(folder / "cache"))
        for name in ("STACKCRAFT_CATALOGUES", "STACKCRAFT_STACK_SOURCE"):
            env.delenv(name, raising=False)
        repo = render_stack(folder / "repo", BASE)
        plant_defects(repo)
        result = check(repo)
    (folder / "report.json").write_text(json.dumps({"code": result.code, "out": result.out}))


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """One copy with every planted defect, checked once per test run (shared by xdist workers):
    a full `stackcraft check` per defect would cost a run of every family each time."""
    folder = built_once(tmp_path_factory, "check-cli-broken", _check_broken_copy)
    return Report(**json.loads((folder / "report.json").read_text()))


# tool (as its report row names it) -> words of its reason in the report
PLANTED = {
    "hadolint": "DL3006",  # "Always tag the version of an image explicitly"
    "make test (python)": "test_planted_failure",
    "nginx -t": 'host not found in upstream "apii"',
    "terraform config load": 'Duplicate resource "aws_ecr_repository"',
    "shellcheck": "SC2086", "actionlint": "planted_context", "kubernetes-validate": "replicaz",
    "check-jsonschema": "is not of type 'array'", "checkov": "CKV_AWS_51", "parse json": "renovate.json",
    "pymarkdown": "MD012",
}


def assert_fails_for(report: Report, tool: str) -> None:
    assert report.code == 1
    assert any(tool in row for row in report.rows), f"{tool} did not fail:\n{report.out}"
    assert PLANTED[tool] in report.out, f"{tool}: {PLANTED[tool]!r} not in the report"


def test_an_untagged_base_image_fails_hadolint(broken):
    assert_fails_for(broken, "hadolint")


def test_a_failing_unit_test_fails_make_test(broken):
    assert_fails_for(broken, "make test (python)")
    assert any("services/api" in row for row in broken.rows if "make test (python)" in row)


def test_a_broken_route_in_the_gateway_fails_nginx_t(broken):
    assert_fails_for(broken, "nginx -t")


def test_a_terraform_block_declared_twice_fails_the_config_load(broken):
    assert_fails_for(broken, "terraform config load")
    assert "images.tf" in broken.out


@pytest.mark.parametrize("tool", ["shellcheck", "actionlint", "kubernetes-validate", "check-jsonschema", "checkov",
                                  "parse json", "pymarkdown"])
def test_defects_in_every_other_family_fail_each_its_own_row(broken, tool):
    assert_fails_for(broken, tool)


def test_only_the_families_with_a_defect_fail(broken):
    """Each defect is caught by its own tool: no other tool has a failing row. (The manifest with
    `replicaz` fails again through kustomize, in every overlay that includes it.)"""
    cells = [[cell.strip() for cell in row.split("│")[1:-1]] for row in broken.rows]
    failing = {row[0] for row in cells if len(row) == 4 and row[2] == "failed"}
    assert failing == set(PLANTED) | {"kustomize + kubernetes-validate"}, "\n".join(broken.rows)
