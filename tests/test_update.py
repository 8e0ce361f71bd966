"""Evolving generated repos: updates and `add` keep local edits; conflicts are reported.

The template is a temporary git copy of this repository tagged v0.1.0, then changed and
tagged v0.2.0. It stands in for the built-in stack through STACKCRAFT_STACK_SOURCE.
The local edits are in real generated files: a function's handler, its workflow and
the Terraform root module.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import git, run_cli
from tests.update_support import UPSTREAM_LINE, append_upstream, commit, lint_template, prepend, release

HANDLER = "functions/notify/src/handler.py"
WORKFLOW = ".github/workflows/function-notify.yml"
TERRAFORM = "infra/terraform/main.tf"
EDITED = (HANDLER, WORKFLOW, TERRAFORM)


@pytest.fixture
def versions(template_copy: Path) -> Path:
    """v0.1.0 as this checkout is; v0.2.0 adds a last line to the handler, the workflow and main.tf."""
    for name in ("handler.py", "function-.yml", "main.tf"):
        append_upstream(template_copy, name)
    release(template_copy, "v0.2.0")
    return template_copy


SERVERLESS = ("-d", "architecture=serverless")  # one python function: the quickest stack to render
HYBRID = ("-d", "services=[{name: orders, language: python, database: none}]")


def generate(tmp_path: Path, *answers: str) -> Path:
    dest = tmp_path / "shop-one"
    result = run_cli("new", str(dest), "--defaults", "--vcs-ref", "v0.1.0", *(answers or SERVERLESS))
    assert result.code == 0, result.err
    assert yaml.safe_load((dest / ".copier-answers.yml").read_text())["_commit"] == "v0.1.0"
    return dest


def edit_first_lines(repo: Path) -> None:
    for rel in EDITED:
        prepend(repo, rel, "# edited here\n")
    commit(repo)


def test_local_edits_survive_update(versions, tmp_path):
    repo = generate(tmp_path)
    edit_first_lines(repo)
    head = git(repo, "rev-parse", "HEAD")
    result = run_cli("update", str(repo))
    assert result.code == 0, result.err
    assert "Updated to v0.2.0" in result.out and result.err == ""
    for rel in EDITED:
        text = (repo / rel).read_text()
        assert text.startswith("# edited here\n") and text.endswith(UPSTREAM_LINE), rel
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v0.2.0"
    # the update is left uncommitted for review, on top of the same HEAD
    assert git(repo, "rev-parse", "HEAD") == head
    changed = {line[3:] for line in git(repo, "status", "--porcelain").splitlines()}
    assert changed == {*EDITED, ".copier-answers.yml"}


def test_conflicting_edit_exits_1_and_lists_the_file(versions, tmp_path):
    repo = generate(tmp_path)
    (repo / HANDLER).write_text((repo / HANDLER).read_text() + "# edited here at the end\n")
    commit(repo)
    result = run_cli("update", str(repo))
    assert result.code == 1
    assert result.err.startswith("stackcraft: conflicts remain in: ") and HANDLER in result.err
    handler = (repo / HANDLER).read_text()
    assert "<<<<<<< before updating" in handler and ">>>>>>> after updating" in handler
    assert "# edited here at the end" in handler and UPSTREAM_LINE in handler


def test_conflicts_as_rej_files(versions, tmp_path):
    repo = generate(tmp_path)
    (repo / HANDLER).write_text((repo / HANDLER).read_text() + "# edited here at the end\n")
    commit(repo)
    result = run_cli("update", str(repo), "--conflict", "rej")
    assert result.code == 1 and f"{HANDLER}.rej" in result.err
    # copier writes the new version and keeps the local change that did not apply in the .rej file
    assert "# edited here at the end" in (repo / f"{HANDLER}.rej").read_text()
    assert (repo / HANDLER).read_text().endswith(UPSTREAM_LINE)


def test_update_refuses_a_dirty_tree(versions, tmp_path):
    repo = generate(tmp_path)
    (repo / HANDLER).write_text("uncommitted\n")
    result = run_cli("update", str(repo))
    assert result.code == 2 and "uncommitted changes" in result.err and HANDLER in result.err
    assert (repo / HANDLER).read_text() == "uncommitted\n"


def test_update_with_nothing_new_says_already_at_and_changes_nothing(versions, tmp_path):
    repo = generate(tmp_path)
    assert run_cli("update", str(repo)).code == 0
    commit(repo, "take v0.2.0")
    head = git(repo, "rev-parse", "HEAD")
    result = run_cli("update", str(repo))
    assert result.code == 0, result.err
    assert result.out.strip() == "Already at v0.2.0; nothing to update." and result.err == ""
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


def test_copier_warnings_never_reach_the_user(template_copy, tmp_path):
    """An untagged template makes copier warn 'No git tags found'; stackcraft says only its own words."""
    git(template_copy, "tag", "-d", "v0.1.0")
    dest = tmp_path / "untagged"
    assert run_cli("new", str(dest), "--defaults", "--vcs-ref", "HEAD").code == 0
    commit_id = yaml.safe_load((dest / ".copier-answers.yml").read_text())["_commit"]
    result = run_cli("update", str(dest))
    assert result.code == 0, result.err
    assert result.err == "" and "tags" not in result.out
    assert result.out.strip() == f"Already at {commit_id}; nothing to update."


def test_add_service_commits_it_then_update_keeps_edits(versions, tmp_path):
    repo = generate(tmp_path, *HYBRID)
    edit_first_lines(repo)
    result = run_cli("add", "service", "payments", "--language", "go", "--database", "postgres", str(repo))
    assert result.code == 0, result.err
    assert "Added service payments and committed it" in result.out
    assert (repo / "services" / "payments" / "go.mod").is_file()
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "log", "-1", "--format=%s").strip() == "Add service payments (go, postgres) with stackcraft"
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert answers["services"][-1] == {"name": "payments", "language": "go", "database": "postgres"}
    assert answers["_commit"] == "v0.1.0"
    assert all((repo / rel).read_text().startswith("# edited here\n") for rel in EDITED)
    # the README's sequence: add, add, update, with no commit typed in between
    result = run_cli("add", "function", "resize", "--runtime", "python", "--trigger", "queue", str(repo))
    assert result.code == 0, result.err
    assert run_cli("update", str(repo)).code == 0
    for rel in EDITED:
        text = (repo / rel).read_text()
        assert text.startswith("# edited here\n") and UPSTREAM_LINE in text, rel
    assert (repo / "services" / "payments" / "go.mod").is_file()
    assert (repo / "functions" / "resize" / "src" / "handler.py").read_text().endswith(UPSTREAM_LINE)


def test_refused_add_leaves_the_repo_as_it_was(versions, tmp_path):
    repo = generate(tmp_path)
    head = git(repo, "rev-parse", "HEAD")
    result = run_cli("add", "function", "notify", "--runtime", "python", "--trigger", "http", str(repo))
    assert result.code == 2 and "functions: 'notify' is already the name of a function in this stack" in result.err
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(repo, "rev-parse", "HEAD") == head
    result = run_cli("add", "function", "resize", "--runtime", "node", "--trigger", "schedule", str(repo))
    assert result.code == 0, result.err
    assert (repo / "functions" / "resize").is_dir()


def test_plain_copier_update_works_on_a_stackcraft_repo(versions, tmp_path):
    repo = generate(tmp_path)
    edit_first_lines(repo)
    copier = Path(sys.executable).with_name("copier")
    subprocess.run([str(copier), "update", "--defaults", "--skip-answered"], cwd=repo, check=True,
                   capture_output=True, text=True)
    for rel in EDITED:
        text = (repo / rel).read_text()
        assert text.startswith("# edited here\n") and text.endswith(UPSTREAM_LINE), rel


def test_every_answers_file_is_updated_and_left_as_one_uncommitted_change(versions, tmp_path):
    repo = generate(tmp_path)
    tool = lint_template(tmp_path)
    import copier

    copier.run_copy(str(tool), repo / "tools" / "lint", vcs_ref="v1", defaults=True, quiet=True)
    prepend(repo, "tools/lint/lint.toml", "# edited here\n")
    edit_first_lines(repo)
    head = git(repo, "rev-parse", "HEAD")
    result = run_cli("update", str(repo))
    assert result.code == 0, result.err
    assert "tools/lint/.copier-answers.lint.yml at v2" in result.out and ".copier-answers.yml at v0.2.0" in result.out
    lint = (repo / "tools" / "lint" / "lint.toml").read_text()
    assert lint.startswith("# edited here\n") and lint.endswith("footer = 2\n")
    assert not (repo / "lint.toml").exists()  # the sub-project rendered in its own folder
    assert yaml.safe_load((repo / "tools/lint/.copier-answers.lint.yml").read_text())["_commit"] == "v2"
    assert all((repo / rel).read_text().endswith(UPSTREAM_LINE) for rel in EDITED)
    assert git(repo, "rev-parse", "HEAD") == head  # no intermediate commit left behind
    assert git(repo, "log", "--format=%s", "-1").strip() == "local edits"


def test_a_stack_in_a_folder_of_a_larger_repository_updates_in_place(versions, tmp_path):
    mono = tmp_path / "mono"
    result = run_cli("new", str(mono / "shop"), "--defaults", *SERVERLESS, "--vcs-ref", "v0.1.0", "--no-git")
    assert result.code == 0, result.err
    (mono / "README.md").write_text("a monorepo\n")
    git(mono, "init", "-q", "--initial-branch=main")
    commit(mono, "monorepo")
    prepend(mono / "shop", HANDLER, "# edited here\n")
    commit(mono)
    result = run_cli("update", str(mono / "shop"))
    assert result.code == 0, result.err
    handler = (mono / "shop" / HANDLER).read_text()
    assert handler.startswith("# edited here\n") and handler.endswith(UPSTREAM_LINE)
    assert not (mono / "functions").exists() and (mono / "README.md").read_text() == "a monorepo\n"
    changed = {line[3:] for line in git(mono, "status", "--porcelain").splitlines()}
    assert changed == {f"shop/{rel}" for rel in (*EDITED, ".copier-answers.yml")}
