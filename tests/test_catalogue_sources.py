"""Catalogues from git repositories (URL or path, at a ref) and files, named in the config file or
the environment; the cache, its progress line, and the stale notice when git cannot be reached."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from tests.catalogue_support import (catalogue_repo, change_last_line, cookiecutter_template, copier_template,
                                     release)
from tests.conftest import git, run_cli


@pytest.fixture
def org(tmp_path: Path) -> dict[str, Path]:
    """A copier and a cookiecutter template (tag v1) and a catalogue repository listing both."""
    copier_bare = copier_template(tmp_path / "svc-template")
    cookie_bare = cookiecutter_template(tmp_path / "lib-template")
    catalogue = catalogue_repo(tmp_path / "org-catalogue", [
        {"name": "svc", "title": "Service", "kind": "copier", "source": str(copier_bare)},
        {"name": "lib", "title": "Library", "kind": "cookiecutter", "source": f"file://{cookie_bare}"},
    ])
    return {"copier": copier_bare, "cookie": cookie_bare, "catalogue": catalogue,
            "copier_work": tmp_path / "svc-template"}


def listed(out: str) -> dict[str, str]:
    """`catalogue list` rows by entry name (the whole row's text)."""
    return {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") > 2}


def test_git_catalogue_from_the_environment_lists_source_and_latest_tag(org, monkeypatch):
    release_dir = org["copier_work"]
    change_last_line(release_dir, "v2 line")
    release(release_dir, "v2")
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(org["catalogue"]))
    result = run_cli("catalogue", "list")
    assert result.code == 0, result.err
    rows = listed(result.out)
    assert "stack" in rows, "the built-in entries stay listed"
    assert "v2" in rows["svc"] and "copier" in rows["svc"]
    assert "v1" in rows["lib"] and "cookiecutter" in rows["lib"]
    assert result.err == "", "without a terminal stderr stays for errors"


def test_fetching_shows_a_spinner_on_a_terminal(org, tmp_path):
    import os
    import sys

    import pexpect

    env = {**os.environ, "STACKCRAFT_CATALOGUES": str(org["catalogue"]), "COLUMNS": "200"}
    child = pexpect.spawn(sys.executable, ["-m", "generator", "catalogue", "list"], env=env, cwd=str(tmp_path),
                          encoding="utf-8", timeout=120)
    child.expect(f"Fetching catalogue {org['catalogue']}")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_config_file_names_a_git_catalogue_at_a_ref_and_a_file(org, tmp_path, monkeypatch):
    work = tmp_path / "org-catalogue"
    git(work, "switch", "-q", "-c", "stable")
    data = yaml.safe_load((work / "catalogue.yml").read_text())
    data["templates"][0]["name"] = "svc-stable"
    (work / "catalogue.yml").write_text(yaml.safe_dump(data))
    git(work, "commit", "-q", "-am", "stable names")
    git(work, "push", "-q", str(org["catalogue"]), "stable")
    local = tmp_path / "team.yml"
    local.write_text(yaml.safe_dump({"version": 1, "templates": [
        {"name": "team-svc", "title": "Team service", "source": "./svc-template"}]}))
    config = tmp_path / "config" / "stackcraft" / "config.yml"
    config.parent.mkdir(parents=True)
    config.write_text(yaml.safe_dump({"catalogues": [
        {"source": f"file://{org['catalogue']}", "ref": "stable"}, str(local)]}))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = run_cli("catalogue", "list")
    assert result.code == 0, result.err
    rows = listed(result.out)
    assert "svc-stable" in rows and "svc" not in rows, "the catalogue is read at the ref the config names"
    assert "team-svc" in rows, "the file catalogue the config names is read too"
    shown = run_cli("catalogue", "show", "team-svc")
    assert shown.code == 0, shown.err
    entry = yaml.safe_load(shown.out)
    assert entry["source"] == str(tmp_path / "svc-template"), "a ./ source is relative to its catalogue file"
    assert entry["latest"] == "v1"
    assert set(entry["questions"]) == {"name", "owner"}


def test_show_lists_a_cookiecutter_entrys_questions(org, monkeypatch):
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(org["catalogue"]))
    result = run_cli("catalogue", "show", "lib")
    assert result.code == 0, result.err
    entry = yaml.safe_load(result.out)
    assert entry["kind"] == "cookiecutter" and entry["latest"] == "v1"
    assert entry["questions"] == {"slug": {"default": "demo"}, "owner": {"default": "team"}}


def test_offline_use_reads_the_cache_and_says_it_is_stale(org, monkeypatch):
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(org["catalogue"]))
    assert run_cli("catalogue", "list").code == 0
    mirrors = list((Path(os.environ["STACKCRAFT_CACHE_DIR"]) / "catalogues").glob("*/stackcraft-fetched"))
    assert len(mirrors) == 1
    fetched = mirrors[0].stat().st_mtime_ns
    assert run_cli("catalogue", "list").code == 0
    assert mirrors[0].stat().st_mtime_ns == fetched, "a fresh cache is used without fetching"
    shutil.rmtree(org["catalogue"])  # the git server is gone
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(org["catalogue"]).removesuffix(".git") + ".git")
    monkeypatch.setenv("STACKCRAFT_CATALOGUE_TTL", "0")
    offline = run_cli("catalogue", "list")
    assert offline.code == 0, offline.err
    assert "svc" in listed(offline.out)
    assert "stale" in offline.err and "cached copy" in offline.err and str(org["catalogue"]) in offline.err


def test_unreachable_catalogue_without_a_cache_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", f"file://{tmp_path}/nowhere.git")
    result = run_cli("catalogue", "list")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert lines[-1].startswith(f"stackcraft: catalogue file://{tmp_path}/nowhere.git: cannot fetch it")
    assert "Traceback" not in result.err


def test_config_file_with_an_unknown_key_is_refused(tmp_path, monkeypatch):
    config = tmp_path / "config.yml"
    config.write_text("catalogs: [x]\n")
    monkeypatch.setenv("STACKCRAFT_CONFIG", str(config))
    result = run_cli("catalogue", "list")
    assert result.code == 2
    assert result.err.strip() == f"stackcraft: config: {config}: catalogs: Extra inputs are not permitted"
