"""Fixtures: the decorated function as the host calls it, an invocation context and the captured JSON logs."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Any

import azure.functions as func
import pytest

import function_app


class InvocationContext(func.Context):
    """The invocation context the Functions host passes as `context` (azure.functions declares it abstract)."""

    def __init__(self, invocation_id: str) -> None:
        self._invocation_id = invocation_id

    @property
    def invocation_id(self) -> str:
        return self._invocation_id

    @property
    def thread_local_storage(self) -> type[threading.local]:
        return threading.local

    @property
    def function_name(self) -> str:
        return function_app.FUNCTION_NAME

    @property
    def function_directory(self) -> str:
        return str(function_app.__file__)

    @property
    def trace_context(self) -> func.TraceContext:
        return func.TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "", {})

    @property
    def retry_context(self) -> func.RetryContext:
        return func.RetryContext(0, 0, {})


@pytest.fixture(scope="session")
def indexed() -> func.Function:
    """The function as the Python worker indexes function_app.py: its bindings checked, once per app."""
    (function,) = function_app.app.get_functions()
    assert function.get_function_name() == function_app.FUNCTION_NAME
    return function


@pytest.fixture
def user_function(indexed: func.Function) -> Callable[..., Any]:
    """The decorated handler the host calls."""
    return indexed.get_user_function()


@pytest.fixture
def context() -> InvocationContext:
    return InvocationContext("6c8a3f0e-2b1d-4c7a-9e5f-0d3b2a1c4e7f")


@pytest.fixture
def logs(capsys):
    """The JSON lines the function wrote to stdout so far, parsed (the logger writes to the current stdout)."""

    seen: list[dict[str, Any]] = []

    def lines() -> list[dict[str, Any]]:
        seen.extend(json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip())
        return seen

    return lines
