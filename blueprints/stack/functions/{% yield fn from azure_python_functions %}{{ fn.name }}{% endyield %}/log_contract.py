"""The stack's log contract for Azure Functions: JSON lines with the keys, levels and request ids of every unit."""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from collections.abc import MutableMapping
from datetime import UTC, datetime
from typing import Any, TextIO

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Attributes every LogRecord has; anything else was passed through `extra=`.
_RECORD_ATTRS = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}


def resolve_request_id(value: object) -> str:
    """Keep a well-formed id (1-128 of A-Z a-z 0-9 . _ : -); otherwise make one of 32 lowercase hex digits."""
    if isinstance(value, str) and _REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


def level_name(levelno: int) -> str:
    """The stack's four levels: debug, info, warn, error (CRITICAL is written as error)."""
    if levelno >= logging.ERROR:
        return "error"
    if levelno >= logging.WARNING:
        return "warn"
    return "info" if levelno >= logging.INFO else "debug"


class ContractFormatter(logging.Formatter):
    """One JSON object per record: time (UTC), level, msg, service, request_id, then the `extra` keys."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        created = datetime.fromtimestamp(record.created, UTC)
        entry: dict[str, Any] = {
            "time": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": level_name(record.levelno),
            "msg": record.getMessage(),
            "service": self.service,
        }
        extra = {key: value for key, value in vars(record).items() if key not in _RECORD_ATTRS}
        if "request_id" in extra:
            entry["request_id"] = extra.pop("request_id")
        entry.update((key, value) for key, value in extra.items() if key not in entry)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class StdoutHandler(logging.StreamHandler[TextIO]):
    """A stream handler bound to whatever `sys.stdout` is when a record is written (the Functions host reads it)."""

    @property
    def stream(self) -> TextIO:
        return sys.stdout

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """Ignore the stream `StreamHandler.__init__` sets."""


class RequestLogger(logging.LoggerAdapter[logging.Logger]):
    """A logger whose every line carries one invocation's request id."""

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> tuple[Any, MutableMapping[str, Any]]:
        kwargs["extra"] = {**(kwargs.get("extra") or {}), **(self.extra or {})}
        return msg, kwargs


def get_logger(service: str) -> logging.Logger:
    """The function's logger: JSON lines on stdout, not passed on to the worker's own handlers."""
    logger = logging.getLogger(f"function.{service}")
    if not logger.handlers:
        handler = StdoutHandler()
        handler.setFormatter(ContractFormatter(service))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def for_request(logger: logging.Logger, request_id: str) -> RequestLogger:
    """`logger`, with `request_id` on every line it writes."""
    return RequestLogger(logger, {"request_id": request_id})
