"""Fixtures: the sample event, a fake Lambda context and the handler's captured JSON logs."""

from __future__ import annotations

import copy
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import handler as function_module

EVENT_FILE = Path(__file__).parent / "events" / "event.json"


@dataclass
class FakeLambdaContext:
    """The attributes of the Lambda context object that Powertools and the handler read."""

    function_name: str = f"test-{function_module.FUNCTION_NAME}"
    function_version: str = "$LATEST"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = f"arn:aws:lambda:eu-west-1:123456789012:function:test-{function_module.FUNCTION_NAME}"
    aws_request_id: str = "c6af9ac6-7b61-11e6-9a41-93e812345678"
    log_group_name: str = f"/aws/lambda/test-{function_module.FUNCTION_NAME}"
    log_stream_name: str = "2026/11/27/[$LATEST]0123456789abcdef0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@pytest.fixture
def lambda_context() -> FakeLambdaContext:
    return FakeLambdaContext()


@pytest.fixture
def event() -> dict[str, Any]:
    """A fresh copy of tests/events/event.json, safe to modify."""
    return copy.deepcopy(json.loads(EVENT_FILE.read_text(encoding="utf-8")))


@pytest.fixture
def logs():
    """Send the handler's log lines to a buffer; calling the fixture returns them parsed."""
    stream = io.StringIO()
    log_handler = function_module.logger.registered_handler
    previous = log_handler.setStream(stream)

    def lines() -> list[dict[str, Any]]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    yield lines
    log_handler.setStream(previous)
