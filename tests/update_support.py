"""Blueprint versions for the update tests: change, remove or rename template files and tag a release.

Template files are found by the generated file they render (the name that ends their
path once `.jinja` is dropped), so the tests follow the blueprint's own layout.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, git

_JINJA = re.compile(r"\{([%{]).*?[%}]\}")
UPSTREAM_LINE = "# changed upstream in v0.2.0\n"


def template_files(template: Path, name: str) -> list[Path]:
    """Template files under blueprints/ whose name, without Jinja expressions and `.jinja`, is `name`."""
    found = [path for path in (template / "blueprints").rglob("*")
             if path.is_file() and _JINJA.sub("", path.name).removesuffix(".jinja") == name]
    assert found, f"no template file renders {name}"
    return found


def append_upstream(template: Path, name: str) -> None:
    """The blueprint adds a last line to every template file of `name` (see template_files)."""
    for path in template_files(template, name):
        with path.open("a", encoding="utf-8") as handle:
            handle.write(UPSTREAM_LINE)


def release(template: Path, tag: str) -> None:
    git(template, "add", "-A")
    git(template, "commit", "-q", "-m", f"blueprint {tag}")
    git(template, "tag", tag)


def prepend(repo: Path, rel: str, line: str) -> None:
    """A local edit: a new first line."""
    path = repo / rel
    path.write_text(line + path.read_text())


def commit(repo: Path, message: str = "local edits") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def snapshot(repo: Path) -> dict[str, bytes]:
    """Every file of the work tree (not .git) and its bytes."""
    files = {path.relative_to(repo).as_posix(): path.read_bytes()
             for path in repo.rglob("*") if path.is_file() and ".git" not in path.relative_to(repo).parts}
    assert files, f"{repo} holds no files"
    return files


def cli_env(template: Path, tmp: Path, **extra: str) -> dict[str, str]:
    """Environment for running stackcraft as a subprocess against `template`."""
    scratch = tmp / "tmp"
    scratch.mkdir(exist_ok=True)
    return {**os.environ, "STACKCRAFT_STACK_SOURCE": str(template), "TMPDIR": str(scratch),
            "PYTHONPATH": str(REPO_ROOT), **extra}


def run_stackcraft(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`stackcraft ARGS` in a child process that takes Ctrl-C as a terminal's would (even when this
    process runs in the background, where the shell ignores SIGINT for its children)."""
    return subprocess.run([sys.executable, "-m", "generator", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=300, preexec_fn=default_sigint)


def default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def copy_repo(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, symlinks=True)
    return dest


def lint_template(root: Path) -> Path:
    """A second, tiny copier template (v1, then v2 adds a line) for a sub-project of the repo."""
    tool = root / "lint-template"
    tool.mkdir()
    (tool / "copier.yml").write_text("_answers_file: .copier-answers.lint.yml\nlevel:\n  type: str\n  default: strict\n")
    (tool / "{{ _copier_conf.answers_file }}.jinja").write_text("{{ _copier_answers | to_nice_yaml }}")
    (tool / "lint.toml.jinja").write_text("level = \"{{ level }}\"\nrules = [\"a\", \"b\"]\n\n\n\nfooter = 1\n")
    git(tool, "init", "-q", "--initial-branch=main")
    release(tool, "v1")
    (tool / "lint.toml.jinja").write_text("level = \"{{ level }}\"\nrules = [\"a\", \"b\"]\n\n\n\nfooter = 2\n")
    release(tool, "v2")
    return tool
