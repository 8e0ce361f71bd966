"""The report: a table of what ran (tool, target, result, time), the details of what failed, or JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .results import CheckResult, Status

STYLES = {Status.PASSED: "green", Status.FAILED: "bold red", Status.MISSING: "bold yellow",
          Status.NOT_APPLICABLE: "dim"}
DETAIL_LINES = 40


def summary(results: Sequence[CheckResult], *, allow_missing: bool) -> dict[str, int]:
    counts = {status.value: 0 for status in Status}
    for result in results:
        counts[result.status.value] += 1
    counts["failing"] = sum(r.failed(allow_missing=allow_missing) for r in results)
    return counts


def to_json(results: Sequence[CheckResult], *, allow_missing: bool, seconds: float) -> str:
    return json.dumps(
        {
            "ok": not any(r.failed(allow_missing=allow_missing) for r in results),
            "seconds": round(seconds, 1),
            "summary": summary(results, allow_missing=allow_missing),
            "results": [r.to_dict() for r in results],
        },
        indent=2,
    )


def table(results: Sequence[CheckResult], *, title: str | None = None):
    from rich.table import Table

    grid = Table(title=title, title_justify="left", show_lines=False)
    grid.add_column("tool")
    grid.add_column("target", overflow="fold")
    grid.add_column("result")
    grid.add_column("time", justify="right")
    for r in results:
        note = f" ({r.detail})" if r.status is Status.PASSED and _short(r.detail) else ""
        grid.add_row(r.tool, r.target, f"[{STYLES[r.status]}]{r.status.value}[/]{_escape(note)}", f"{r.seconds:.1f}s")
    return grid


def print_report(console, results: Sequence[CheckResult], *, allow_missing: bool, seconds: float) -> None:
    from rich.markup import escape
    from rich.panel import Panel

    console.print(table(results))
    for r in results:
        if r.status in (Status.FAILED, Status.MISSING) and r.detail:
            lines = r.detail.splitlines()
            if len(lines) > DETAIL_LINES:
                lines = lines[:DETAIL_LINES] + [f"... {len(lines) - DETAIL_LINES} more lines (--json has all)"]
            console.print(Panel(escape("\n".join(lines)), title=escape(f"{r.tool}: {r.target}"),
                                title_align="left", border_style=STYLES[r.status]))
    for r in results:
        if r.status is Status.NOT_APPLICABLE or (r.status is Status.PASSED and r.detail and not _short(r.detail)):
            console.print(f"[dim]{escape(f'{r.tool} ({r.target}): {r.detail}')}[/]")
    counts = summary(results, allow_missing=allow_missing)
    verdict = "[bold red]FAILED[/]" if counts["failing"] else "[bold green]OK[/]"
    console.print(
        f"{verdict}  {counts['passed']} passed, {counts['failed']} failed, {counts['missing']} missing"
        f"{' (allowed)' if allow_missing and counts['missing'] else ''}, "
        f"{counts['not-applicable']} not applicable in {seconds:.0f}s"
    )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _short(detail: str) -> bool:
    return bool(detail) and "\n" not in detail and len(detail) <= 40
