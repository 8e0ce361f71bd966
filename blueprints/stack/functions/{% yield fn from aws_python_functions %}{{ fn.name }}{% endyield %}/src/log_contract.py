"""The stack's log contract for Powertools' Logger: the keys, levels and request ids of every unit."""

from __future__ import annotations

import re
import uuid
from typing import Any

from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter
from aws_lambda_powertools.logging.types import LogRecord

_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_LEVELS = {"DEBUG": "debug", "INFO": "info", "WARNING": "warn", "ERROR": "error", "CRITICAL": "error"}


def resolve_request_id(value: object) -> str:
    """Keep a well-formed id (1-128 of A-Z a-z 0-9 . _ : -); otherwise make one of 32 lowercase hex digits."""
    if isinstance(value, str) and _REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class ContractFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON lines keyed like every other unit's: time (UTC), level, msg, service, request_id.

    Powertools' own keys (location, function_request_id, cold_start, ...) follow them; its
    correlation id is written as `request_id`.
    """

    def __init__(self) -> None:
        super().__init__(utc=True, datefmt="%Y-%m-%dT%H:%M:%S.%FZ")

    def serialize(self, log: LogRecord) -> str:
        rest: dict[str, Any] = dict(log)
        entry: dict[str, Any] = {
            "time": rest.pop("timestamp", None),
            "level": _LEVELS.get(str(rest.pop("level", "")), "error"),
            "msg": rest.pop("message", None),
            "service": rest.pop("service", None),
        }
        request_id = rest.pop("correlation_id", None)
        if request_id is not None:
            entry["request_id"] = request_id
        return super().serialize({**entry, **rest})
