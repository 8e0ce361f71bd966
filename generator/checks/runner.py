"""Run checks, two at a time, and turn every outcome (or crash) into a CheckResult."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .results import CheckResult, Outcome, Status
from .tools import Timeout, ToolMissing

WORKERS = 2


@dataclass(frozen=True)
class Check:
    """One planned check: the tool, its target, and the function that runs it."""

    tool: str
    target: str
    run: Callable[[], Outcome]


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
        futures = [pool.submit(execute, c) for c in checks]
        try:
            results = []
            for future in futures:
                result = future.result()
                if on_result:
                    on_result(result)
                results.append(result)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return results
