"""Strict type checks of the units: mypy --strict on Python units, tsc --noEmit --strict on TypeScript."""

from __future__ import annotations

import pytest

from generator.checks import typecheck
from generator.checks.discover import scan
from generator.checks.results import Status
from tests.conftest import run_cli
from tests.test_checks_support import assert_status, make_repo, project_tools, run_family  # noqa: F401

pytestmark = pytest.mark.usefixtures("project_tools")

TYPED = "def double(x: int) -> int:\n    return 2 * x\n"
UNTYPED = "def double(x):\n    return 2 * x\n"
TS_PACKAGE = '{"name": "web", "private": true, "type": "module", "devDependencies": {"typescript": "^7.0.2"}}\n'
TS_CONFIG = '{"compilerOptions": {"target": "ES2023", "module": "NodeNext", "noEmit": true}, "include": ["src"]}\n'


def by_target(repo):
    return {r.target: r for r in run_family(typecheck, repo)}


def test_mypy_strict_passes_typed_code_and_names_the_untyped_function(tmp_path):
    repo = make_repo(tmp_path, {
        "services/typed/pyproject.toml": '[project]\nname = "typed"\n',
        "services/typed/app/__init__.py": TYPED,
        "functions/untyped/pyproject.toml": "[tool.pytest.ini_options]\n",
        "functions/untyped/src/handler.py": UNTYPED,
    })
    results = by_target(repo)
    assert {r.tool for r in results.values()} == {"mypy --strict"}
    assert_status(results["services/typed"], Status.PASSED)
    assert_status(results["functions/untyped"], Status.FAILED)
    assert "handler.py:1" in results["functions/untyped"].detail
    assert "missing a type annotation" in results["functions/untyped"].detail
    assert not (tmp_path / "functions/untyped/.mypy_cache").exists()  # no cache left in the repository


def test_a_python_unit_without_a_source_package_fails(tmp_path):
    repo = make_repo(tmp_path, {"services/bare/pyproject.toml": '[project]\nname = "bare"\n',
                                "services/bare/main.py": TYPED})
    result = by_target(repo)["services/bare"]
    assert_status(result, Status.FAILED)
    assert "no source package" in result.detail and "app/" in result.detail


def test_tsc_is_strict_even_when_the_tsconfig_is_not(tmp_path):
    repo = make_repo(tmp_path, {
        "services/web/package.json": TS_PACKAGE,
        "services/web/tsconfig.json": TS_CONFIG,
        "services/web/src/index.ts": "export function double(x) {\n  return 2 * x;\n}\n",
        "functions/plain/package.json": '{"name": "plain", "private": true}\n',  # Node without TypeScript
    })
    results = by_target(repo)
    assert list(results) == ["services/web"]
    assert results["services/web"].tool == "tsc --noEmit --strict"
    assert_status(results["services/web"], Status.FAILED)
    assert "src/index.ts" in results["services/web"].detail
    assert "implicitly has an 'any' type" in results["services/web"].detail

    (tmp_path / "services/web/src/index.ts").write_text("export function double(x: number): number {\n  return 2 * x;\n}\n")
    assert_status(by_target(repo)["services/web"], Status.PASSED)


@pytest.mark.slow
def test_generated_units_are_strict_clean_and_a_planted_untyped_function_fails(tmp_path):
    repo = tmp_path / "shop"
    result = run_cli("new", str(repo), "--no-git", "--vcs-ref", "HEAD", "-d", "project_name=typed-shop",
                     "-d", "architecture=hybrid", "-d", "functions=[{name: jobs, runtime: python, trigger: queue}]",
                     "-d", "services=[{name: api, language: python}, {name: web, language: typescript}]")
    assert result.code == 0, result.err
    results = by_target(scan(repo))
    assert set(results) == {"services/api", "services/web", "functions/jobs"}
    for target in results:
        assert_status(results[target], Status.PASSED)

    with (repo / "services/api/app/main.py").open("a") as main:
        main.write("\n\ndef untyped(x):\n    return x\n")
    with (repo / "services/web/src/app.ts").open("a") as app:
        app.write("\nexport const untyped = (x) => x;\n")
    results = by_target(scan(repo))
    assert_status(results["services/api"], Status.FAILED)
    assert "app/main.py" in results["services/api"].detail
    assert_status(results["services/web"], Status.FAILED)
    assert "src/app.ts" in results["services/web"].detail
    assert_status(results["functions/jobs"], Status.PASSED)
