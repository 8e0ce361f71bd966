"""How fleet and repo status are shown: a rich table on the terminal, or JSON (`--json`)."""

from __future__ import annotations

import json
import os
from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from generator.fleet_update import UpdateOutcome
from generator.repo_status import RepoStatus

STATE_STYLE = {"current": "green", "behind": "yellow", "drifted": "yellow", "dirty": "magenta",
               "conflicted": "red", "error": "red", "updated": "green", "conflicts": "red", "skipped": "magenta"}


@contextmanager
def progress(total: int, what: str) -> Iterator[Callable[[], None]]:
    """A progress bar on stderr while the repos are worked on; yields the per-repo `advance`."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda: bar.advance(task)


def status_json(statuses: list[RepoStatus]) -> str:
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status.state] = counts.get(status.state, 0) + 1
    return json.dumps({"repos": [status.as_dict() for status in statuses], "summary": counts}, indent=2)


def shown_path(path: str) -> str:
    """A repo's path as the table shows it: relative to the current folder when under it."""
    relative = os.path.relpath(path)
    return escape(path if relative.startswith("..") else relative)


def _styled(state: str) -> str:
    return f"[{STATE_STYLE.get(state, 'white')}]{state}[/]"


def status_table(statuses: list[RepoStatus]) -> Table:
    table = Table("repo", "state", "template", "recorded", "latest", "drift", title="Generated repositories")
    for status in statuses:
        templates = status.templates or [None]
        for index, template in enumerate(templates):
            first = index == 0
            detail = status.error or ""
            if first and status.conflicts:
                detail = "conflicts: " + ", ".join(status.conflicts)
            elif first and status.dirty and not detail:
                detail = f"{len(status.dirty)} uncommitted"
            drift = ", ".join(template.drift[:3]) + (" ..." if len(template.drift) > 3 else "") if template else ""
            table.add_row(shown_path(status.path) if first else "", _styled(status.state) if first else "",
                          escape(template.template if template else detail),
                          escape(template.recorded) if template else "",
                          escape(template.latest or "-") if template else "",
                          escape(drift or (detail if first and template else "")))
    return table


def update_json(outcomes: list[UpdateOutcome]) -> str:
    return json.dumps({"repos": [outcome.as_dict() for outcome in outcomes]}, indent=2)


def update_table(outcomes: list[UpdateOutcome]) -> Table:
    table = Table("repo", "result", "version", "branch", "detail", title="Fleet update")
    for outcome in outcomes:
        detail = outcome.detail or ("conflicts: " + ", ".join(outcome.conflicts) if outcome.conflicts else "")
        table.add_row(shown_path(outcome.path), _styled(outcome.result), escape(outcome.version or "-"),
                      escape(outcome.branch or "-"), escape(detail))
    return table
