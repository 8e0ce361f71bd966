"""Check families are data: every family module is registered with the tools it runs (each
known to the tool catalogue, with how to get it) and its checkov frameworks, and docs/check.md
shows the same registry."""

from __future__ import annotations

import importlib
import pkgutil
import re

import generator.checks as checks_package
from generator.checks import FAMILIES, LIVE, checkov, tools
from generator.toolset import catalog
from tests.conftest import REPO_ROOT

# How a family module insists on a tool: require("x"), require_module("m", "x"), ToolMissing("x").
TOOL_CALL = re.compile(r"""\b(?:require|ToolMissing)\(["']([^"']+)["']\)|require_module\(["'][^"']+["'], *["']([^"']+)["']\)""")


def _family_modules() -> set[str]:
    found = set()
    for info in pkgutil.iter_modules(checks_package.__path__):
        module = importlib.import_module(f"generator.checks.{info.name}")
        if callable(getattr(module, "checks", None)):
            found.add(info.name)
    assert found
    return found


def test_every_family_module_is_registered_and_every_registered_family_exists():
    registered = [family.module for family in (*FAMILIES, LIVE)]
    assert len(registered) == len(set(registered))
    assert set(registered) == _family_modules()


def test_each_family_declares_every_tool_its_module_requires_and_each_has_an_install_hint():
    seen = 0
    for family in (*FAMILIES, LIVE):
        source = (REPO_ROOT / "generator" / "checks" / f"{family.module}.py").read_text(encoding="utf-8")
        asked = {first or second for first, second in TOOL_CALL.findall(source)}
        seen += len(asked)
        assert asked <= set(family.tools), (family.module, asked - set(family.tools))
        for tool in family.tools:
            hint = catalog.hint(tool)
            assert hint, tool
            assert tool in str(tools.ToolMissing(tool)) and hint in str(tools.ToolMissing(tool))
    assert seen


def test_checkov_scans_the_frameworks_the_families_declare():
    declared = [framework for family in FAMILIES for framework in family.checkov]
    assert declared and set(checkov.FRAMEWORKS) == set(declared)
    assert {"terraform", "cloudformation", "dockerfile", "kubernetes", "github_actions"} <= set(declared)


def test_docs_check_table_is_the_registry():
    text = (REPO_ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    section = text.split("### Check families", 1)[1].split("###", 1)[0]
    rows = {}
    for line in section.splitlines():
        if line.startswith("| `"):
            name, tools_cell, frameworks = (cell.strip() for cell in line.strip("|").split("|"))
            rows[name.strip("`")] = (re.findall(r"`([^`]+)`", tools_cell), re.findall(r"`([^`]+)`", frameworks))
    assert rows == {family.module: (list(family.tools), list(family.checkov)) for family in (*FAMILIES, LIVE)}
    assert "--framework " + " ".join(checkov.FRAMEWORKS) in text
