"""The architecture decision records of a generated repo: docs/adr/0001-architecture.md from the
advisor's recorded answer (or a direct choice), and the next ADR when `add` changes the architecture."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.growth import grown_answers
from tests.conftest import git, run_cli

SECTIONS = ["## Status", "## Context", "## Decision", "## Consequences"]  # Nygard's ADR
ADVICE = {
    "traits": {"traffic": "spiky", "longest_job": "hours", "languages": ["python", "go"]},
    "recommended": "hybrid", "cloud": "aws",
    "reasons": [{"criterion": "traffic", "text": "Spiky <b>traffic</b> suits *functions*."},
                {"criterion": "longest_job", "text": "Hour-long jobs need a service."}],
    "tradeoffs": [{"topic": "cold starts", "text": "The first request is slower.", "of": "serverless"}],
}


def generate(tmp_path: Path, name: str, data: dict, ref: str = "HEAD") -> Path:
    spec = tmp_path / f"{name}.yml"
    spec.write_text(yaml.safe_dump({"project_name": name, **data}))
    repo = tmp_path / name
    result = run_cli("new", str(repo), "--data-file", str(spec), "--vcs-ref", ref)
    assert result.code == 0, result.err
    return repo


def test_the_advice_becomes_adr_0001_and_is_recorded(tmp_path):
    repo = generate(tmp_path, "adr-shop", {"architecture_advice": ADVICE})
    adr = (repo / "docs" / "adr" / "0001-architecture.md").read_text()
    assert [line for line in adr.splitlines() if line.startswith("## ")] == SECTIONS
    assert "| traffic | spiky |" in adr and "| languages | python, go |" in adr
    assert "recommended **hybrid** on aws" in adr
    assert r"- **traffic**: Spiky \<b\>traffic\</b\> suits \*functions\*." in adr  # Markdown escaped
    assert "- **cold starts** (serverless): The first request is slower." in adr
    recorded = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert recorded["architecture_advice"]["traits"] == ADVICE["traits"]
    assert "(docs/adr/0001-architecture.md), with the advisor's reasons" in (repo / "README.md").read_text()


def test_a_direct_choice_says_so_and_lists_the_article_trade_offs(tmp_path):
    repo = generate(tmp_path, "direct-shop", {"architecture": "microservices",
                                              "services": [{"name": "api", "language": "go"}]})
    adr = (repo / "docs" / "adr" / "0001-architecture.md").read_text()
    assert [line for line in adr.splitlines() if line.startswith("## ")] == SECTIONS
    assert "chosen directly" in adr and "**microservices**" in adr
    assert "- **debugging** (microservices)" in adr and "cold starts" not in adr
    recorded = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert "architecture_advice" not in recorded and "architecture_decisions" not in recorded


def test_a_baas_stack_names_its_backend_not_a_cloud(tmp_path):
    repo = generate(tmp_path, "baas-shop", {"architecture": "serverless", "serverless_kind": "baas",
                                            "baas_provider": "firebase"})
    adr = (repo / "docs" / "adr" / "0001-architecture.md").read_text()
    assert "We build a **serverless (BaaS)** stack on **Firebase**" in adr
    assert "**aws**" not in adr and "(FaaS)**" not in adr


def test_growth_records_the_next_decision():
    serverless = {"project_name": "shop", "architecture": "serverless", "serverless_kind": "faas",
                  "functions": [{"name": "resize", "runtime": "node", "trigger": "http"}]}
    grown = grown_answers(serverless, "services", {"name": "pay", "language": "go", "database": "none"})
    assert grown["architecture_decisions"] == [
        {"number": 2, "architecture": "hybrid", "previous": "serverless", "change": "stackcraft add service pay"}]
    same = grown_answers(grown, "services", {"name": "tax", "language": "go", "database": "none"})
    assert len(same["architecture_decisions"]) == 1  # no change of architecture, no new decision


def test_add_that_changes_the_architecture_appends_adr_0002(template_copy, tmp_path):
    repo = generate(tmp_path, "grow-shop", {"architecture": "serverless", "architecture_advice": {
        **ADVICE, "recommended": "serverless", "serverless_kind": "faas"}}, ref="v0.1.0")
    result = run_cli("add", "service", "pay", "--language", "python", str(repo))
    assert result.code == 0, result.err
    second = (repo / "docs" / "adr" / "0002-architecture-hybrid.md").read_text()
    assert [line for line in second.splitlines() if line.startswith("## ")] == SECTIONS
    assert "Supersedes [ADR 0001](0001-architecture.md)" in second and "stackcraft add service pay" in second
    assert "- **API security** (microservices)" in second
    first = (repo / "docs" / "adr" / "0001-architecture.md").read_text()
    assert "superseded by [ADR 0002](0002-architecture-hybrid.md)" in first
    assert "# 1. Architecture: serverless" in first and "| traffic | spiky |" in first  # the advice is kept
    assert "[ADR 0002: serverless becomes hybrid](docs/adr/0002-architecture-hybrid.md)" in (repo / "README.md").read_text()
    assert git(repo, "status", "--porcelain") == ""  # committed by add
    result = run_cli("update", str(repo))
    assert result.code == 0, result.err
    assert (repo / "docs" / "adr" / "0002-architecture-hybrid.md").read_text() == second  # update keeps it
