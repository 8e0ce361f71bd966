"""Shell scripts: shellcheck on every *.sh and every extensionless script with a sh/bash shebang."""

from __future__ import annotations

import re
from pathlib import Path

from .discover import Repo
from .results import Outcome
from .runner import Check
from .tools import require, run

_SHEBANG = re.compile(r"^#!\s*/\S*(?:/env\s+)?(?:ba|da|k)?sh\b")


def scripts(repo: Repo) -> list[Path]:
    found = repo.glob("*.sh", "*.bash")
    for rel in repo.files:
        if rel.suffix or rel in found:
            continue
        try:
            with open(repo.root / rel, "rb") as fh:
                first = fh.readline(200).decode("utf-8", "replace")
        except OSError:
            continue
        if _SHEBANG.match(first):
            found.append(rel)
    return sorted(found)


def checks(repo: Repo) -> list[Check]:
    files = scripts(repo)
    if not files:
        return []
    target = files[0].as_posix() if len(files) == 1 else f"{len(files)} scripts"
    return [Check("shellcheck", target, lambda: shellcheck(repo, files))]


def shellcheck(repo: Repo, files: list[Path]) -> Outcome:
    exe = require("shellcheck")
    done = run([exe, "--format", "gcc", *map(str, files)], cwd=repo.root, timeout=120)
    return Outcome.from_returncode(done.returncode, done.output)
