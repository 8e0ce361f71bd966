"""Ctrl-C, SIGKILL and a second run at once: `update` and `add` leave the repo untouched or fully changed.

The repo (a serverless stack at v0.1.0 plus a sub-project with its own answers file,
so `update` runs copier twice) is rendered once per test run, shared by pytest-xdist's
workers; each case works on a copy of it.
The test hook in generator/checkpoints.py makes stackcraft signal itself on reaching
a named point, so every point is hit deterministically.
"""

from __future__ import annotations

import fcntl
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.conftest import built_once, copy_template, git
from tests.update_support import (append_upstream, cli_env, commit, copy_repo, lint_template, prepend, release,
                                  run_stackcraft, snapshot)

pytestmark = pytest.mark.slow

UPDATE_POINTS = ["locked", "workspace-ready", "update-1", "copier-done-1", "removals-checked-1", "update-2",
                 "copier-done-2", "removals-checked-2", "conflicts-listed", "applying", "writing", "applied",
                 "workspace-removed"]
ADD_POINTS = ["locked", "answers-computed", "workspace-ready", "copier-done", "removals-checked",
              "conflicts-listed", "applying", "writing", "applied", "workspace-removed"]
# Up to "applying" the user's tree is untouched. From "writing" on the last step runs: Ctrl-C is held
# back until it has finished; SIGKILL at "writing" comes before its first write.
WRITTEN_AFTER_SIGINT = {"writing", "applied", "workspace-removed"}
WRITTEN_AFTER_SIGKILL = {"applied", "workspace-removed"}
ADD_ARGS = ("add", "function", "resize", "--runtime", "python", "--trigger", "http")


@dataclass
class State:
    files: dict[str, bytes]
    head: str
    tree: str
    status: str

    @classmethod
    def of(cls, repo: Path) -> "State":
        return cls(snapshot(repo), git(repo, "rev-parse", "HEAD").strip(), git(repo, "rev-parse", "HEAD^{tree}").strip(),
                   git(repo, "status", "--porcelain", "--untracked-files=all"))


@dataclass
class Lab:
    root: Path
    env: dict[str, str]
    base: Path
    before: State
    updated: State
    added: State

    def fresh(self, name: str) -> Path:
        return copy_repo(self.base, self.root / "cases" / name)


def lab_env(root: Path) -> dict[str, str]:
    return cli_env(root / "template", root, STACKCRAFT_CACHE_DIR=str(root / "cache"), STACKCRAFT_LOCK_TIMEOUT="600")


def build_lab(root: Path) -> None:
    """The template (v0.1.0, v0.2.0), the base repo, and one finished update and add of it, each
    with the points it passed in `<name>.points`."""
    template = copy_template(root / "template")
    append_upstream(template, "handler.py")
    release(template, "v0.2.0")
    env = lab_env(root)
    base = root / "base"
    made = run_stackcraft(env, "new", str(base), "--defaults", "-d", "architecture=serverless", "--vcs-ref", "v0.1.0")
    assert made.returncode == 0, made.stderr
    import copier

    copier.run_copy(str(lint_template(root)), base / "tools" / "lint", vcs_ref="v1", defaults=True, quiet=True)
    prepend(base, "functions/notify/src/handler.py", "# edited here\n")
    commit(base)
    for name, args in (("update", ("update",)), ("add", ADD_ARGS)):
        repo = copy_repo(base, root / f"reference-{name}")
        log = root / f"{name}.points"
        done = run_stackcraft({**env, "STACKCRAFT_TEST_CHECKPOINTS": str(log)}, *args, str(repo))
        assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    """Built once per test run (every pytest-xdist worker shares it); each case copies the base."""
    root = built_once(tmp_path_factory, "interrupts", build_lab)
    assert (root / "update.points").read_text().split() == UPDATE_POINTS
    assert (root / "add.points").read_text().split() == ADD_POINTS
    cases = tmp_path_factory.mktemp("interrupt-cases")
    return Lab(cases, lab_env(root), root / "base", State.of(root / "base"),
               State.of(root / "reference-update"), State.of(root / "reference-add"))


def stopped_run(lab: Lab, args: tuple[str, ...], point: str, sig: str,
                case: str = "") -> tuple[Path, subprocess.CompletedProcess]:
    repo = lab.fresh(case or f"{args[0]}-{point}-{sig}")
    env = {**lab.env, "STACKCRAFT_TEST_STOP_AT": point, "STACKCRAFT_TEST_STOP_SIGNAL": sig}
    return repo, run_stackcraft(env, *args, str(repo))


def assert_exit(done: subprocess.CompletedProcess, sig: str, written: bool) -> None:
    if sig == "KILL":
        assert done.returncode == -signal.SIGKILL
    else:
        assert done.returncode == 130
        expected = ("interrupted after the changes were written" if written else "aborted; nothing was written")
        lines = done.stderr.strip().splitlines()  # click puts a newline after the terminal's ^C first
        assert len(lines) == 1 and lines[0].startswith("stackcraft: " + expected), done.stderr


@pytest.mark.parametrize("sig", ["INT", "KILL"])
@pytest.mark.parametrize("point", UPDATE_POINTS)
def test_update_stopped_at_any_point_leaves_the_repo_untouched_or_updated(lab, point, sig):
    repo, done = stopped_run(lab, ("update",), point, sig)
    written = point in (WRITTEN_AFTER_SIGINT if sig == "INT" else WRITTEN_AFTER_SIGKILL)
    assert_exit(done, sig, written)
    state = State.of(repo)
    if written:
        assert state.files == lab.updated.files and state.head == lab.before.head
        assert state.status == lab.updated.status != ""
    else:
        assert state == lab.before and state.status == ""


@pytest.mark.parametrize("sig", ["INT", "KILL"])
@pytest.mark.parametrize("point", ADD_POINTS)
def test_add_stopped_at_any_point_leaves_the_repo_untouched_or_with_the_unit_committed(lab, point, sig):
    repo, done = stopped_run(lab, ADD_ARGS, point, sig)
    written = point in (WRITTEN_AFTER_SIGINT if sig == "INT" else WRITTEN_AFTER_SIGKILL)
    assert_exit(done, sig, written)
    state = State.of(repo)
    if written:
        assert state.files == lab.added.files and state.tree == lab.added.tree and state.status == ""
        assert git(repo, "rev-parse", "HEAD~1").strip() == lab.before.head
    else:
        assert state == lab.before and state.status == ""


def test_the_next_run_clears_what_a_killed_run_left_and_succeeds(lab):
    repo, done = stopped_run(lab, ("update",), "copier-done-1", "KILL", case="killed-then-run-again")
    assert done.returncode == -signal.SIGKILL
    scratch = repo / ".git" / "stackcraft" / "work"
    assert len(list(scratch.iterdir())) == 1  # the killed run's worktree
    again = run_stackcraft(lab.env, "update", str(repo))
    assert again.returncode == 0, again.stderr
    assert State.of(repo).files == lab.updated.files
    assert list(scratch.iterdir()) == []
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1


def test_a_held_lock_makes_a_second_run_wait_then_exit_2(lab):
    repo = lab.fresh("held-lock")
    with open(repo / ".git" / "stackcraft.lock", "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        done = run_stackcraft({**lab.env, "STACKCRAFT_LOCK_TIMEOUT": "1"}, *ADD_ARGS, str(repo))
    assert done.returncode == 2
    assert done.stderr.startswith("stackcraft: DIR: another stackcraft add or update is running in ")
    assert "run again when it has finished" in done.stderr and done.stderr.count("\n") == 1
    assert State.of(repo) == lab.before


def test_two_adds_at_once_both_land_whole(lab):
    repo = lab.fresh("two-adds")
    command = [sys.executable, "-m", "generator", "add", "function"]
    runs = [subprocess.Popen([*command, name, "--runtime", "python", "--trigger", "http", str(repo)], env=lab.env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for name in ("resize", "thumbs")]
    results = [(run.wait(timeout=900), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    assert [code for code, _ in results] == [0, 0], results
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    names = {unit["name"] for unit in answers["functions"]}
    assert names == {"notify", "resize", "thumbs"}
    # the files agree with the answers: every unit has its folder, workflow and handler
    assert {path.name for path in (repo / "functions").iterdir()} == names
    for name in names:
        assert (repo / ".github" / "workflows" / f"function-{name}.yml").is_file()
        assert (repo / "functions" / name / "src" / "handler.py").is_file()
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    assert git(repo, "rev-list", "--count", f"{lab.before.head}..HEAD").strip() == "2"
    shutil.rmtree(repo)
