"""`stackcraft check`: run a generated repository's validators, its units' tests and a live run.

Which real tool checks which file: docs/check.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from .results import CheckResult, Status

__all__ = ["CheckResult", "Status", "plan", "run_check"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def plan(repo, *, live: bool = True):
    """The static checks and the live checks for a scanned repository."""
    from . import (checkov, cloudformation, compose, docker, kubernetes, nginx, schemas, shell, syntax,
                   terraform, units, workflows)
    from . import live as live_run

    static = []
    for family in (syntax, workflows, schemas, cloudformation, terraform, compose, kubernetes, docker, shell,
                   nginx, checkov, units):
        static.extend(family.checks(repo))
    return static, (live_run.checks(repo) if live else [])


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
        print(f"stackcraft check: {exc}", file=sys.stderr)
        return EXIT_USAGE

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
