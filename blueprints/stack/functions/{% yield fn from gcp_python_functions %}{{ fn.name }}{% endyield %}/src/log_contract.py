"""The stack's log contract on Cloud Logging: one JSON object per line on stdout.

Every line has the keys every unit writes (`time` in UTC, `level`, `msg`, `service`,
`request_id`), then the call's own keys, then the keys Cloud Logging reads from a JSON line:
`severity` (the entry's level), `message` (its summary) and, when the request carries a W3C
`traceparent` and GOOGLE_CLOUD_PROJECT is set, `logging.googleapis.com/trace` and
`logging.googleapis.com/spanId`, which join the line to the request's trace.
"""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# version 00, a trace id and a span id that are not all zeros, the flags
_TRACEPARENT = re.compile(r"00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}")
_LEVELS = {
    logging.DEBUG: ("debug", "DEBUG"),
    logging.INFO: ("info", "INFO"),
    logging.WARNING: ("warn", "WARNING"),
    logging.ERROR: ("error", "ERROR"),
    logging.CRITICAL: ("error", "CRITICAL"),
}
_RECORD_KEYS = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}
_CONTEXT: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("log_context", default=None)


def resolve_request_id(value: object) -> str:
    """Keep a well-formed id (1-128 of A-Z a-z 0-9 . _ : -); otherwise make one of 32 lowercase hex digits."""
    if isinstance(value, str) and _REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def parse_traceparent(value: object) -> tuple[str, str] | None:
    """The trace id and span id of a W3C `traceparent` header, or None when it is not one."""
    match = _TRACEPARENT.fullmatch(value) if isinstance(value, str) else None
    return (match.group(1), match.group(2)) if match else None


@contextmanager
def bind(request_id: str, traceparent: object = None) -> Iterator[None]:
    """Lines written inside carry REQUEST_ID and the trace of TRACEPARENT; nothing leaks out."""
    context = {"request_id": request_id}
    trace = parse_traceparent(traceparent)
    if trace:
        context["trace_id"], context["span_id"] = trace
    token = _CONTEXT.set(context)
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def _utc(created: float) -> str:
    """RFC 3339 in UTC with milliseconds: 2026-01-01T12:00:00.000Z."""
    return datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CloudLoggingFormatter(logging.Formatter):
    """The contract's keys first, the call's `extra` keys next, Cloud Logging's special keys last."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        level, severity = _LEVELS.get(record.levelno, ("error", "ERROR"))
        message = record.getMessage()
        context = _CONTEXT.get() or {}
        entry: dict[str, Any] = {
            "time": _utc(record.created),
            "level": level,
            "msg": message,
            "service": self.service,
        }
        if "request_id" in context:
            entry["request_id"] = context["request_id"]
        entry.update((key, value) for key, value in vars(record).items() if key not in _RECORD_KEYS | entry.keys())
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        entry["severity"] = severity
        entry["message"] = message
        project = os.environ.get("GOOGLE_CLOUD_PROJECT")
        if project and "trace_id" in context:
            entry["logging.googleapis.com/trace"] = f"projects/{project}/traces/{context['trace_id']}"
            entry["logging.googleapis.com/spanId"] = context["span_id"]
        return json.dumps(entry, default=str)


def get_logger(service: str) -> logging.Logger:
    """The logger of SERVICE, writing contract lines to stdout (set up once per process)."""
    logger = logging.getLogger(service)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(CloudLoggingFormatter(service))
        logger.addHandler(handler)
        logger.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())
        logger.propagate = False
    return logger
