"""Every fenced `sh` block of README.md and docs/*.md runs as written.

The blocks of one document run in order, each in its own bash (`set -euo pipefail`), all in
one empty folder, without a terminal, with stackcraft and the project's tools on PATH, the way
a reader types them. Two marks on the info string exempt a block, each for a stated reason:

- `sh network`: sets up the machine or installs stackcraft (PyPI, npm, apt; root);
- `sh terminal`: the wizard, which needs a terminal.

The list of marked blocks is fixed below, so a new exemption is a visible change here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

DOCS = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
MARKS = {"network", "terminal"}
# (document, mark) -> how many blocks carry it. Each one is justified by its mark.
MARKED = {
    ("README.md", "network"): 4,  # make setup, make wheel + pipx, pipx from git, make demo/test
    ("README.md", "terminal"): 1,  # the wizard
    ("docs/getting-started.md", "network"): 1,  # make wheel + pipx
    ("docs/check.md", "network"): 1,  # stackcraft tools install (PyPI, npm)
}
FENCE = re.compile(r"^```(.*)$")


def fenced_blocks(path: Path) -> list[tuple[str, str, int]]:
    """(info string, code, line of the opening fence) of every fenced block in PATH."""
    blocks, info, code, start = [], None, [], 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        fence = FENCE.match(line)
        if info is None and fence:
            info, code, start = fence.group(1).strip(), [], number
        elif info is not None and line == "```":
            blocks.append((info, "\n".join(code) + "\n", start))
            info = None
        elif info is not None:
            code.append(line)
    assert info is None, f"{path.name}: the block opened on line {start} is never closed"
    return blocks


def sh_blocks(path: Path) -> list[tuple[str, str, int]]:
    """The `sh` blocks of PATH: (mark or "", code, line)."""
    found = []
    for info, code, line in fenced_blocks(path):
        words = info.split()
        if words and words[0] == "sh":
            found.append((" ".join(words[1:]), code, line))
    return found


def runnable(path: Path) -> list[tuple[str, int]]:
    return [(code, line) for mark, code, line in sh_blocks(path) if not mark]


def test_only_the_listed_blocks_are_exempt():
    seen: dict[tuple[str, str], int] = {}
    for doc in DOCS:
        for mark, _code, line in sh_blocks(doc):
            if mark:
                assert mark in MARKS, f"{doc.name}:{line}: unknown mark 'sh {mark}' (allowed: {sorted(MARKS)})"
                key = (doc.relative_to(REPO_ROOT).as_posix(), mark)
                seen[key] = seen.get(key, 0) + 1
    assert seen == MARKED


def test_readme_shows_the_spec_file_before_using_it():
    text = (REPO_ROOT / "README.md").read_text()
    assert "--data-file spec.yml" in text
    assert text.index("cat > spec.yml") < text.index("--data-file spec.yml")


def test_readme_using_it_is_runnable():
    """The README's "Using it" commands are plain `sh` blocks, so the slow test below runs them."""
    codes = [code for code, _line in runnable(REPO_ROOT / "README.md")]
    joined = "".join(codes)
    for command in ("stackcraft new my-shop --defaults", "stackcraft check", "stackcraft add service",
                    "stackcraft add function", "stackcraft update", "--data-file spec.yml"):
        assert command in joined, command


def documents_with_runnable_blocks() -> list[Path]:
    found = [doc for doc in DOCS if runnable(doc)]
    assert REPO_ROOT / "README.md" in found
    return found


@pytest.mark.slow
@pytest.mark.parametrize("doc", documents_with_runnable_blocks(), ids=lambda p: p.name)
def test_sh_blocks_run_as_written(doc: Path, template_copy: Path, tmp_path: Path):
    work = tmp_path / "reader"
    work.mkdir()
    bindirs = [REPO_ROOT / ".tools" / "bin", Path(sys.executable).parent]
    env = {
        **os.environ,
        "PATH": os.pathsep.join([*map(str, bindirs), os.environ.get("PATH", "")]),
        "GOTOOLCHAIN": "local", "GOPROXY": "off",
        "GIT_AUTHOR_NAME": "reader", "GIT_AUTHOR_EMAIL": "reader@localhost",
        "GIT_COMMITTER_NAME": "reader", "GIT_COMMITTER_EMAIL": "reader@localhost",
    }
    env.pop("VIRTUAL_ENV", None)
    blocks = runnable(doc)
    assert blocks
    for code, line in blocks:
        done = subprocess.run(["bash", "-euo", "pipefail", "-c", code], cwd=work, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=3600)
        output = "\n".join((done.stdout + done.stderr).strip().splitlines()[-40:])
        assert done.returncode == 0, f"{doc.name}:{line} exited {done.returncode}:\n{code}\n--- output ---\n{output}"
