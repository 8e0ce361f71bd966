"""The CLI contract: commands, exit codes, all-or-nothing writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import render
from tests.conftest import REPO_ROOT, run_cli

HEAD = ("--vcs-ref", "HEAD")


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


def test_version_and_help():
    assert run_cli("--version").out.strip().endswith("0.1.0")
    for command in ([], ["new"], ["add", "service"], ["add", "function"], ["update"], ["check"],
                    ["catalogue", "list"], ["catalogue", "show"]):
        result = run_cli(*command, "--help")
        assert result.code == 0 and "Usage:" in result.out, command


def test_help_imports_neither_copier_nor_pydantic():
    probe = ("import sys\nfrom generator.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('copier', 'questionary', 'rich', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_new_with_defaults_writes_a_repo_with_one_commit(tmp_path):
    dest = tmp_path / "demo-shop"
    result = run_cli("new", str(dest), "--defaults", *HEAD)
    assert result.code == 0, result.err
    log = subprocess.run(["git", "log", "--oneline"], cwd=dest, capture_output=True, text=True).stdout
    assert len(log.splitlines()) == 1
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "demo-shop" and answers["architecture"] == "hybrid"
    assert [s["language"] for s in answers["services"]] == ["python", "typescript", "go"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=dest, capture_output=True, text=True).stdout
    assert status == ""
    assert leftovers(tmp_path) == ["demo-shop"]


def test_dry_run_prints_the_tree_and_writes_nothing(tmp_path):
    dest = tmp_path / "shop-one"
    result = run_cli("new", str(dest), "--defaults", "--dry-run", *HEAD)
    assert result.code == 0, result.err
    assert ".copier-answers.yml" in result.out and "services/orders/" in result.out
    assert not dest.exists() and leftovers(tmp_path) == []


def test_no_git_and_data_file(tmp_path):
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump({"project_name": "fn-only", "architecture": "serverless",
                                    "functions": [{"name": "api", "runtime": "node", "trigger": "http"}]}))
    dest = tmp_path / "out"
    result = run_cli("new", str(dest), "--data-file", str(spec), "--no-git", *HEAD)
    assert result.code == 0, result.err
    assert not (dest / ".git").exists()
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["functions"] == [{"name": "api", "runtime": "node", "trigger": "http"}]
    assert "services" not in answers and (dest / "functions" / "api").is_dir()


def test_d_values_are_yaml(tmp_path):
    dest = tmp_path / "ms-shop"
    result = run_cli("new", str(dest), "-d", "architecture=microservices", "-d",
                     "services=[{name: billing, language: go, database: postgres}]", "-d", "description=123", *HEAD)
    assert result.code == 0, result.err
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["services"] == [{"name": "billing", "language": "go", "database": "postgres"}]
    assert answers["description"] == "123"


def test_catalogue_entry_presets_answers(tmp_path):
    dest = tmp_path / "api-shop"
    assert run_cli("new", str(dest), "--blueprint", "serverless-api", "--defaults", *HEAD).code == 0
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "serverless" and answers["iac"] == "native"


def test_local_blueprint_path_is_the_stack(tmp_path):
    dest = tmp_path / "path-shop"
    assert run_cli("new", str(dest), "--blueprint", str(REPO_ROOT), "--defaults", *HEAD).code == 0
    assert (dest / "services" / "orders").is_dir()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--blueprint", "nope"], "blueprint: 'nope' is not a catalogue entry"),
        (["-d", "novalue"], "expected key=value"),
        (["-d", "services=[unclosed"], "services: the value is not valid YAML"),
        (["--data-file", "/nonexistent/spec.yml"], "--data-file: cannot read"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, words):
    result = run_cli("new", str(tmp_path / "shop-x"), "--defaults", *args, *HEAD)
    assert result.code == 2
    assert words in result.err and len(result.err.strip().splitlines()) == 1
    assert leftovers(tmp_path) == []


def test_non_empty_destination_is_refused_untouched(tmp_path):
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    result = run_cli("new", str(dest), "--defaults", "-d", "project_name=taken-one", *HEAD)
    assert result.code == 2 and "DEST:" in result.err and "not empty" in result.err
    assert leftovers(dest) == ["mine.txt"]


def test_empty_destination_folder_is_used(tmp_path):
    dest = tmp_path / "empty-one"
    dest.mkdir()
    assert run_cli("new", str(dest), "--defaults", *HEAD).code == 0
    assert (dest / ".copier-answers.yml").is_file()


def test_interrupt_during_render_leaves_nothing(tmp_path, monkeypatch):
    real = render.copier_copy

    def interrupted(blueprint, dst, answers, **kwargs):
        real(blueprint, dst, answers, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "copier_copy", interrupted)
    result = run_cli("new", str(tmp_path / "halt-shop"), "--defaults", *HEAD)
    assert result.code == 130 and "nothing was written" in result.err
    assert leftovers(tmp_path) == []


def test_failure_after_render_leaves_nothing(tmp_path, monkeypatch):
    from generator import vcs

    def broken(path, message):
        raise vcs.StackcraftError("git commit failed in test")

    monkeypatch.setattr(vcs, "init_with_commit", broken)
    result = run_cli("new", str(tmp_path / "nested" / "fail-shop"), "--defaults", *HEAD)
    assert result.code == 2 and "git commit failed" in result.err
    assert leftovers(tmp_path) == []


def test_catalogue_list_and_show():
    listed = run_cli("catalogue", "list")
    assert listed.code == 0 and "serverless-api" in listed.out and "stack" in listed.out
    shown = run_cli("catalogue", "show", "microservices-starter")
    assert shown.code == 0 and yaml.safe_load(shown.out)["data"]["architecture"] == "microservices"
    missing = run_cli("catalogue", "show", "nope")
    assert missing.code == 2 and "NAME: 'nope' is not in the catalogue" in missing.err


def test_org_catalogue_from_setting(tmp_path, monkeypatch):
    org = tmp_path / "org.yml"
    org.write_text(yaml.safe_dump({"version": 1, "templates": [
        {"name": "team-api", "title": "Team API", "source": "builtin:stack",
         "data": {"architecture": "microservices", "services": [{"name": "team", "language": "go"}]}}]}))
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(org))
    assert "team-api" in run_cli("catalogue", "list").out
    dest = tmp_path / "team-shop"
    assert run_cli("new", str(dest), "--blueprint", "team-api", "--defaults", *HEAD).code == 0
    assert (dest / "services" / "team").is_dir()
    broken = tmp_path / "broken.yml"
    broken.write_text("templates: [{name: x}]")
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(broken))
    result = run_cli("catalogue", "list")
    assert result.code == 2 and "is not a valid catalogue" in result.err


def test_update_and_add_refuse_what_is_not_a_generated_repo(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    assert run_cli("update", str(plain)).code == 2
    result = run_cli("add", "service", "pay", "--language", "go", str(plain))
    assert result.code == 2 and "DIR:" in result.err


def test_git_url_blueprint(tmp_path, template_copy):
    dest = tmp_path / "url-shop"
    result = run_cli("new", str(dest), "--blueprint", f"file://{template_copy}", "--defaults",
                     "-d", "project_name=url-shop", "-d", "architecture=serverless")
    assert result.code == 0, result.err
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == f"git+file://{template_copy}" and answers["_commit"] == "v0.1.0"
