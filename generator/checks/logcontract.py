"""The stack's log contract, as the live run checks it on the request lines it reads.

Every unit and the gateway write one JSON object per line; a request's line has `time`
(RFC 3339 in UTC), `level` (debug, info, warn or error), `msg`, `service`, `request_id`,
`method`, `path`, `status` and `duration_ms`. docs/logging.md states the whole contract.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

LEVELS = ("debug", "info", "warn", "error")
REQUEST_KEYS = ("time", "level", "msg", "service", "request_id", "method", "path", "status", "duration_ms")


def request_line_problems(entry: dict[str, Any]) -> list[str]:
    """What is wrong with one request's log line; empty when it follows the contract."""
    missing = [key for key in REQUEST_KEYS if key not in entry]
    problems = [f"missing {', '.join(missing)}"] if missing else []
    if "level" in entry and entry["level"] not in LEVELS:
        problems.append(f"level {entry['level']!r} is not one of {', '.join(LEVELS)}")
    if "time" in entry and not _is_utc_rfc3339(entry["time"]):
        problems.append(f"time {entry['time']!r} is not RFC 3339 in UTC")
    for key in ("status", "duration_ms"):
        value = entry.get(key)
        if key in entry and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems.append(f"{key} {value!r} is not a number")
    return problems


def _is_utc_rfc3339(value: object) -> bool:
    if not isinstance(value, str) or len(value) < 20 or value[10] != "T":
        return False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.utcoffset() == timedelta(0)
