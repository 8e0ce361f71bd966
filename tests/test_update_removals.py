"""A file the new blueprint version removes or renames: a local edit of it is never dropped.

v0.2.0 of a temporary copy of this template removes `.editorconfig` and every function's
`tests/events/event.json`, and moves `renovate.json` to `.github/renovate.json`, with that
rename in its `hooks/migrations.yml`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import git, run_cli
from tests.update_support import commit, prepend, release, template_files

REMOVED = ".editorconfig"
REMOVED_UNEDITED = "functions/notify/tests/events/event.json"
RENAMED_FROM, RENAMED_TO = "renovate.json", ".github/renovate.json"


@pytest.fixture
def versions(template_copy: Path) -> Path:
    for path in template_files(template_copy, ".editorconfig") + template_files(template_copy, "event.json"):
        git(template_copy, "rm", "-q", str(path.relative_to(template_copy)))
    (source,) = template_files(template_copy, "renovate.json")
    moved = source.parent / ".github" / source.name
    moved.write_text(source.read_text().replace('"config:recommended"', '"config:best-practices"'))
    source.unlink()
    (template_copy / "hooks" / "migrations.yml").write_text(
        "v0.2.0:\n  - {from: renovate.json, to: .github/renovate.json}\n")
    release(template_copy, "v0.2.0")
    return template_copy


def generate(tmp_path: Path) -> Path:
    dest = tmp_path / "shop-one"
    result = run_cli("new", str(dest), "--defaults", "-d", "architecture=serverless", "--vcs-ref", "v0.1.0")
    assert result.code == 0, result.err
    return dest


def test_an_edited_file_the_blueprint_removes_is_a_conflict_kept_at_its_path(versions, tmp_path):
    repo = generate(tmp_path)
    prepend(repo, REMOVED, "# edited here\n")
    commit(repo)
    mine = (repo / REMOVED).read_text()
    result = run_cli("update", str(repo))
    assert result.code == 1
    assert result.err == f"stackcraft: conflicts remain in: {REMOVED}\n"
    kept = (repo / REMOVED).read_text()
    assert kept.startswith("<<<<<<< before updating") and mine in kept
    assert kept.endswith("=======\n>>>>>>> after updating (removed)\n")
    # the unedited file the blueprint removed is simply gone
    assert not (repo / REMOVED_UNEDITED).exists()


def test_with_rej_the_removed_file_goes_and_the_edit_is_saved_beside_it(versions, tmp_path):
    repo = generate(tmp_path)
    prepend(repo, REMOVED, "# edited here\n")
    commit(repo)
    mine = (repo / REMOVED).read_bytes()
    result = run_cli("update", str(repo), "--conflict", "rej")
    assert result.code == 1 and f"{REMOVED}.rej" in result.err
    assert not (repo / REMOVED).exists() and (repo / f"{REMOVED}.rej").read_bytes() == mine


def test_an_edit_follows_its_file_to_the_new_path_of_the_rename_table(versions, tmp_path):
    repo = generate(tmp_path)
    path = repo / RENAMED_FROM
    path.write_text(path.read_text().replace('"labels": ["blueprint"]', '"labels": ["blueprint", "edited-here"]'))
    commit(repo)
    result = run_cli("update", str(repo))
    assert result.code == 0, result.err
    assert not (repo / RENAMED_FROM).exists()
    moved = (repo / RENAMED_TO).read_text()
    assert '"labels": ["blueprint", "edited-here"]' in moved  # the user's edit, at the new path
    assert '"config:best-practices"' in moved  # and the blueprint's change, merged
    assert "<<<<<<<" not in moved
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v0.2.0"


def test_an_unedited_renamed_file_just_moves(versions, tmp_path):
    repo = generate(tmp_path)
    result = run_cli("update", str(repo))
    assert result.code == 0, result.err
    assert not (repo / RENAMED_FROM).exists() and not (repo / REMOVED).exists()
    assert '"config:best-practices"' in (repo / RENAMED_TO).read_text()


def test_plain_copier_drops_an_edited_removed_file_which_is_why_stackcraft_checks(versions, tmp_path):
    """What docs/updating.md tells plain-copier users to look out for."""
    repo = generate(tmp_path)
    prepend(repo, REMOVED, "# edited here\n")
    commit(repo)
    copier = Path(sys.executable).with_name("copier")
    done = subprocess.run([str(copier), "update", "--defaults", "--skip-answered"], cwd=repo,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not (repo / REMOVED).exists() and not (repo / f"{REMOVED}.rej").exists()


def clashing_rename_edit(tmp_path: Path) -> Path:
    """A repo whose renamed file carries an edit of the very line the blueprint changes too."""
    repo = generate(tmp_path)
    path = repo / RENAMED_FROM
    path.write_text(path.read_text().replace('"config:recommended"', '"config:recommended", "edited-here"'))
    commit(repo)
    return repo


def test_a_clash_through_a_rename_is_inline_by_default(versions, tmp_path):
    repo = clashing_rename_edit(tmp_path)
    result = run_cli("update", str(repo))
    assert result.code == 1 and result.err == f"stackcraft: conflicts remain in: {RENAMED_TO}\n"
    moved = (repo / RENAMED_TO).read_text()
    assert "<<<<<<< before updating" in moved and ">>>>>>> after updating" in moved
    assert '"edited-here"' in moved and '"config:best-practices"' in moved
    assert not (repo / f"{RENAMED_TO}.rej").exists()


def test_with_rej_a_clash_through_a_rename_is_a_rej_file_beside_the_new_path(versions, tmp_path):
    repo = clashing_rename_edit(tmp_path)
    result = run_cli("update", str(repo), "--conflict", "rej")
    assert result.code == 1 and result.err == f"stackcraft: conflicts remain in: {RENAMED_TO}.rej\n"
    moved = (repo / RENAMED_TO).read_text()
    assert "<<<<<<<" not in moved and '"config:best-practices"' in moved and "edited-here" not in moved
    rejected = (repo / f"{RENAMED_TO}.rej").read_text()
    assert f"--- a/{RENAMED_FROM}" in rejected  # a diff of the user's change, named by the old path
    assert not (repo / RENAMED_FROM).exists() and not (repo / f"{RENAMED_FROM}.rej").exists()
    lines = rejected.splitlines()
    assert '-  "extends": ["config:recommended", "helpers:pinGitHubActionDigests"],' in lines
    assert '+  "extends": ["config:recommended", "edited-here", "helpers:pinGitHubActionDigests"],' in lines
    assert not (repo / RENAMED_FROM).exists()


def test_with_rej_an_edit_that_merges_through_a_rename_leaves_no_rej(versions, tmp_path):
    repo = generate(tmp_path)
    path = repo / RENAMED_FROM
    path.write_text(path.read_text().replace('"labels": ["blueprint"]', '"labels": ["blueprint", "edited-here"]'))
    commit(repo)
    result = run_cli("update", str(repo), "--conflict", "rej")
    assert result.code == 0, result.err
    assert '"edited-here"' in (repo / RENAMED_TO).read_text()
    assert not list(repo.rglob("*.rej"))
