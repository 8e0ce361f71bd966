"""Run checks, one per CPU at a time (at least two), and turn every outcome (or crash) into a CheckResult."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from .results import CheckResult, Outcome, Status
from .tools import Timeout, ToolMissing, stop_all

# The checks wait on tools in child processes, so one thread per CPU keeps every CPU busy.
WORKERS = max(2, os.cpu_count() or 2)


@dataclass(frozen=True)
class Check:
    """One planned check: the tool, its target, and the function that runs it."""

    tool: str
    target: str
    run: Callable[[], Outcome]
    slow: bool = False  # started first, so the workers finish together


def execute(check: Check) -> CheckResult:
    """Run CHECK; a missing tool, a timeout or an unexpected error becomes a result, never a traceback."""
    start = time.monotonic()
    try:
        outcome = check.run()
    except ToolMissing as exc:
        outcome = Outcome(Status.MISSING, str(exc))
    except Timeout as exc:
        outcome = Outcome.fail(str(exc))
    except OSError as exc:
        outcome = Outcome.fail(f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # a bug in a check must not hide the other results
        outcome = Outcome.fail(f"internal error: {type(exc).__name__}: {exc}")
    return CheckResult(check.tool, check.target, outcome.status, time.monotonic() - start, outcome.detail)


def execute_all(
    checks: Iterable[Check], *, workers: int = WORKERS, on_result: Callable[[CheckResult], None] | None = None
) -> list[CheckResult]:
    """Run CHECKS in parallel; results come back in the planned order."""
    checks = list(checks)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="check") as pool:
        order = sorted(range(len(checks)), key=lambda i: not checks[i].slow)
        submitted = {i: pool.submit(execute, checks[i]) for i in order}
        futures = [submitted[i] for i in range(len(checks))]
        try:
            for future in as_completed(futures):
                if on_result:
                    on_result(future.result())
            results = [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            stop_all()
            raise
    return results
