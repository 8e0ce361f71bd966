"""Dockerfiles: hadolint (the repository's own .hadolint.yaml applies)."""

from __future__ import annotations

from pathlib import Path

from .discover import Repo
from .results import Outcome
from .runner import Check
from .tools import require, run


def checks(repo: Repo) -> list[Check]:
    files = repo.glob("Dockerfile", "Dockerfile.*", "*.Dockerfile", "Containerfile")
    return [Check("hadolint", rel.as_posix(), lambda rel=rel: hadolint(repo, rel)) for rel in files]


def hadolint(repo: Repo, rel: Path) -> Outcome:
    exe = require("hadolint")
    done = run([exe, "--no-color", str(rel)], cwd=repo.root, timeout=120)
    return Outcome.from_returncode(done.returncode, done.output)
