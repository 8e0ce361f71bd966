"""Evolving generated repos: updates and `add` keep local edits; conflicts are reported.

The template is a temporary git copy of this repository tagged v0.1.0, then changed and
tagged v0.2.0. It stands in for the built-in stack through STACKCRAFT_STACK_SOURCE.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import git, run_cli

NOTES = "blueprints/stack/NOTES.md.jinja"


@pytest.fixture
def versions(template_copy: Path) -> Path:
    """v0.1.0 with a NOTES.md; v0.2.0 changes its "beta" line and adds a last one."""
    notes = template_copy / NOTES
    body = "\n".join(["alpha", "beta", "one", "two", "three", "four", "five", "gamma"])
    notes.write_text("# Notes for {{ project_name }}\n" + body + "\n")
    git(template_copy, "add", "-A")
    git(template_copy, "commit", "-q", "-m", "notes")
    git(template_copy, "tag", "-f", "v0.1.0")
    notes.write_text("# Notes for {{ project_name }}\n" + body.replace("beta", "beta, revised upstream") + "\ndelta\n")
    git(template_copy, "commit", "-q", "-am", "revise notes")
    git(template_copy, "tag", "v0.2.0")
    return template_copy


def generate(tmp_path: Path, *extra: str) -> Path:
    dest = tmp_path / "shop-one"
    result = run_cli("new", str(dest), "--defaults", "--vcs-ref", "v0.1.0", *extra)
    assert result.code == 0, result.err
    assert yaml.safe_load((dest / ".copier-answers.yml").read_text())["_commit"] == "v0.1.0"
    return dest


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    path.write_text(path.read_text().replace(old, new))
    git(repo, "commit", "-q", "-am", f"local edit of {rel}")


def test_local_edit_survives_update(versions, tmp_path):
    repo = generate(tmp_path)
    edit(repo, "NOTES.md", "three", "three, edited here")
    result = run_cli("update", str(repo))
    assert result.code == 0, result.err
    notes = (repo / "NOTES.md").read_text()
    assert "beta, revised upstream" in notes and "three, edited here" in notes and "delta" in notes
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v0.2.0"


def test_conflicting_edit_exits_1_and_lists_the_file(versions, tmp_path):
    repo = generate(tmp_path)
    edit(repo, "NOTES.md", "beta", "beta, edited here")
    result = run_cli("update", str(repo))
    assert result.code == 1
    assert "NOTES.md" in result.err and "conflicts remain" in result.err
    notes = (repo / "NOTES.md").read_text()
    assert "<<<<<<<" in notes and "beta, edited here" in notes and "beta, revised upstream" in notes


def test_conflicts_as_rej_files(versions, tmp_path):
    repo = generate(tmp_path)
    edit(repo, "NOTES.md", "beta", "beta, edited here")
    result = run_cli("update", str(repo), "--conflict", "rej")
    assert result.code == 1 and "NOTES.md.rej" in result.err
    # copier writes the new version and keeps the local change that did not apply in the .rej file
    assert "beta, edited here" in (repo / "NOTES.md.rej").read_text()


def test_update_refuses_a_dirty_tree(versions, tmp_path):
    repo = generate(tmp_path)
    (repo / "NOTES.md").write_text("uncommitted\n")
    result = run_cli("update", str(repo))
    assert result.code == 2 and "uncommitted changes" in result.err and "NOTES.md" in result.err
    assert (repo / "NOTES.md").read_text() == "uncommitted\n"


def test_add_service_then_update_keep_edits(versions, tmp_path):
    repo = generate(tmp_path)
    edit(repo, "NOTES.md", "three", "three, edited here")
    result = run_cli("add", "service", "payments", "--language", "go", "--database", "postgres", str(repo))
    assert result.code == 0, result.err
    assert (repo / "services" / "payments" / "go.mod").is_file()
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert answers["services"][-1] == {"name": "payments", "language": "go", "database": "postgres"}
    assert answers["_commit"] == "v0.1.0"
    assert "three, edited here" in (repo / "NOTES.md").read_text()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "add payments")
    assert run_cli("update", str(repo)).code == 0
    notes = (repo / "NOTES.md").read_text()
    assert "three, edited here" in notes and "beta, revised upstream" in notes
    assert (repo / "services" / "payments" / "go.mod").is_file()


def test_add_function_is_validated_before_anything_changes(versions, tmp_path):
    repo = generate(tmp_path)
    result = run_cli("add", "function", "orders", "--runtime", "python", "--trigger", "http", str(repo))
    assert result.code == 2 and "functions: 'orders' is already the name of a service in this stack" in result.err
    assert git(repo, "status", "--porcelain") == ""
    result = run_cli("add", "function", "resize", "--runtime", "node", "--trigger", "schedule", str(repo))
    assert result.code == 0, result.err
    assert (repo / "functions" / "resize").is_dir()


def test_plain_copier_update_works_on_a_stackcraft_repo(versions, tmp_path):
    repo = generate(tmp_path)
    edit(repo, "NOTES.md", "three", "three, edited here")
    copier = Path(sys.executable).with_name("copier")
    subprocess.run([str(copier), "update", "--defaults", "--skip-answered"], cwd=repo, check=True,
                   capture_output=True, text=True)
    notes = (repo / "NOTES.md").read_text()
    assert "beta, revised upstream" in notes and "three, edited here" in notes
