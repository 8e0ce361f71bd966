"""A catalogue repository offering a copier template, a cookiecutter template and a fork of the stack
blueprint: each rendered from the catalogue, then updated across a tag with one local edit kept and
one conflicting edit reported (exit 1, the file named, both sides in it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.catalogue_support import (catalogue_repo, change_last_line, cookiecutter_template, copier_template,
                                     publish, release)
from tests.conftest import copy_template, git, run_cli
from tests.update_support import append_upstream, commit, prepend

MINE = "mine: kept across the update"


def edit_both_ends(path: Path, last: str) -> None:
    """A local edit on the first line (the template never changes it) and one on the last line."""
    lines = path.read_text().splitlines()
    lines[0] = f"{lines[0]} ({MINE})"
    lines[-1] = last
    path.write_text("\n".join(lines) + "\n")


def assert_update_keeps_and_conflicts(repo: Path, rel: str, theirs: str, mine: str) -> None:
    result = run_cli("update", str(repo))
    assert result.code == 1, result.err
    assert result.err.strip() == f"stackcraft: conflicts remain in: {rel}"
    text = (repo / rel).read_text()
    assert MINE in text, "the local edit on a line the template did not change is kept"
    assert "<<<<<<<" in text and ">>>>>>>" in text and theirs in text and mine in text


@pytest.fixture
def catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    copier_bare = copier_template(tmp_path / "svc-template")
    cookie_bare = cookiecutter_template(tmp_path / "lib-template")
    bare = catalogue_repo(tmp_path / "org-catalogue", [
        {"name": "svc", "title": "Service", "kind": "copier", "source": str(copier_bare)},
        {"name": "lib", "title": "Library", "kind": "cookiecutter", "source": str(cookie_bare),
         "data": {"owner": "platform"}},
    ])
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(bare))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_copier_entry_renders_and_updates_across_a_tag(catalogue):
    made = run_cli("new", "orders", "--blueprint", "svc", "-d", "name=orders")
    assert made.code == 0, made.err
    repo = catalogue / "orders"
    assert (repo / "notes.txt").read_text().startswith("notes for orders\n")
    edit_both_ends(repo / "notes.txt", "my last line")
    commit(repo)
    change_last_line(catalogue / "svc-template", "last line of v2")
    release(catalogue / "svc-template", "v2")
    assert_update_keeps_and_conflicts(repo, "notes.txt", "last line of v2", "my last line")
    assert "_commit: v2" in (repo / ".copier-answers.yml").read_text()


def test_cookiecutter_entry_renders_with_a_record_and_updates_across_a_tag(catalogue):
    made = run_cli("new", "billing", "--blueprint", "lib", "--defaults", "-d", "slug=billing")
    assert made.code == 0, made.err
    repo = catalogue / "billing"
    assert (repo / "notes.txt").read_text() == "notes for billing\nowner: platform\nmiddle\nmore\nlast line\n"
    record = json.loads((repo / ".cruft.json").read_text())
    assert record["template"] == str(catalogue / "lib-template.git") and record["checkout"] == "v1"
    assert record["commit"] == git(catalogue / "lib-template", "rev-parse", "v1").strip()
    assert record["context"]["cookiecutter"]["owner"] == "platform", "the entry's preset answer is recorded"
    assert git(repo, "log", "--format=%s").strip() == "Scaffold billing from lib"

    # a release that only adds a file and changes the middle: taken as is, the edit kept
    (catalogue / "lib-template" / "{{cookiecutter.slug}}" / "CHANGELOG.md").write_text("# {{cookiecutter.slug}}\n")
    prepend(repo, "notes.txt", "# local first line\n")
    commit(repo)
    release(catalogue / "lib-template", "v2")
    clean = run_cli("update", str(repo))
    assert clean.code == 0, clean.err
    assert (repo / "CHANGELOG.md").read_text() == "# billing\n"
    assert (repo / "notes.txt").read_text().startswith("# local first line\nnotes for billing\n")
    assert json.loads((repo / ".cruft.json").read_text())["checkout"] == "v2"
    commit(repo, "take v2")

    edit_both_ends(repo / "notes.txt", "my last line")
    commit(repo)
    change_last_line(catalogue / "lib-template", "last line of v3")
    release(catalogue / "lib-template", "v3")
    assert_update_keeps_and_conflicts(repo, "notes.txt", "last line of v3", "my last line")
    assert json.loads((repo / ".cruft.json").read_text())["checkout"] == "v3"


def test_cookiecutter_hooks_run_only_when_trusted(catalogue):
    hooks = catalogue / "lib-template" / "hooks"
    hooks.mkdir()
    (hooks / "post_gen_project.py").write_text("open('hooked.txt', 'w').write('ran')\n")
    release(catalogue / "lib-template", "v2")
    plain = run_cli("new", "plain", "--blueprint", "lib", "--defaults")
    assert plain.code == 0, plain.err
    assert not (catalogue / "plain" / "hooked.txt").exists()
    trusted = run_cli("new", "trusted", "--blueprint", "lib", "--defaults", "--trust")
    assert trusted.code == 0, trusted.err
    assert (catalogue / "trusted" / "hooked.txt").read_text() == "ran"


@pytest.mark.slow  # two renders of the full stack blueprint and an update (~25 s)
def test_stack_fork_in_a_catalogue_is_a_stack_blueprint(tmp_path, monkeypatch):
    fork_work = copy_template(tmp_path / "stack-fork")
    fork = publish(fork_work)
    bare = catalogue_repo(tmp_path / "org-catalogue", [
        {"name": "our-stack", "title": "Our stack", "source": f"file://{fork}",
         "data": {"architecture": "serverless"}},
    ])
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(bare))
    monkeypatch.chdir(tmp_path)
    refused = run_cli("new", "shop", "--blueprint", "our-stack", "-d", "cloud=nowhere")
    assert refused.code == 2
    assert refused.err.startswith("stackcraft: cloud: 'nowhere' is not one of"), "checked as the stack spec"

    made = run_cli("new", "shop", "--blueprint", "our-stack", "--defaults")
    assert made.code == 0, made.err
    repo = tmp_path / "shop"
    assert "architecture: serverless" in (repo / ".copier-answers.yml").read_text()
    readme = (repo / "README.md").read_text()
    (repo / "README.md").write_text(f"{MINE}\n{readme}my closing line\n")
    commit(repo)
    append_upstream(fork_work, "README.md")
    release(fork_work, "v0.2.0")
    result = run_cli("update", str(repo))
    assert result.code == 1, result.err
    assert result.err.strip() == "stackcraft: conflicts remain in: README.md"
    text = (repo / "README.md").read_text()
    assert text.startswith(MINE) and "my closing line" in text and "changed upstream in v0.2.0" in text
    assert "_commit: v0.2.0" in (repo / ".copier-answers.yml").read_text()
