"""Markdown: pymarkdown (the markdownlint rules) on every README, ADR and doc of the repository.

Line length (MD013) is the one rule left out: tables, URLs and generated names run long, and
the rendered page wraps them anyway.
"""

from __future__ import annotations

from .discover import Repo, count
from .results import Outcome
from .runner import Check
from .tools import require, run

DISABLED_RULES = "md013"


def checks(repo: Repo) -> list[Check]:
    files = sorted(repo.glob("*.md"))
    if not files:
        return []
    target = files[0].as_posix() if len(files) == 1 else count(len(files), "Markdown file")
    return [Check("pymarkdown", target, lambda: pymarkdown(repo, files))]


def pymarkdown(repo: Repo, files) -> Outcome:
    exe = require("pymarkdown")
    done = run([exe, "--disable-rules", DISABLED_RULES, "scan", *map(str, files)], cwd=repo.root, timeout=120)
    return Outcome.from_returncode(done.returncode, done.output)
