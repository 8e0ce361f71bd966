"""`stackcraft check` on repositories rendered from the built-in blueprint: everything passes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from generator.checks import run_check
from tests.test_checks_support import ROOT, project_tools  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("project_tools")]

VARIANTS = {
    "hybrid-nginx": {},  # the demo: orders (python, postgres), catalog (typescript), stock (go), notify
    "microservices-kong": {"architecture": "microservices", "gateway": "kong"},
    "serverless-sam": {"architecture": "serverless", "iac": "native",
                       "functions": [{"name": "api", "runtime": "node", "trigger": "http"},
                                     {"name": "jobs", "runtime": "python", "trigger": "schedule"}]},
}


def render(dest: Path, data: dict) -> Path:
    import copier

    copier.run_copy(str(ROOT), str(dest), data={"project_name": "demo-shop", **data}, defaults=True,
                    unsafe=False, quiet=True, vcs_ref="HEAD")
    return dest


@pytest.mark.parametrize("variant", VARIANTS)
def test_generated_repo_passes_every_check(tmp_path, variant):
    repo = render(tmp_path / variant, VARIANTS[variant])
    out = io.StringIO()
    code = run_check(repo, as_json=True, console=Console(file=out, width=200))
    report = json.loads(out.getvalue())
    failing = [f"{r['tool']} {r['target']}: {r['status']}\n{r['detail']}" for r in report["results"]
               if r["status"] in ("failed", "missing")]
    assert code == 0, "\n\n".join(failing)
    tools = {r["tool"] for r in report["results"]}
    assert {"parse yaml", "check-jsonschema", "actionlint", "checkov"} <= tools
    if variant == "hybrid-nginx":
        assert {"nginx -t", "live run + tests/e2e", "hadolint", "terraform fmt -check"} <= tools
    if variant == "serverless-sam":
        assert "cfn-lint" in tools
