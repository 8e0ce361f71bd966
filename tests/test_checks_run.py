"""run_check: exit codes, missing tools, the table and the JSON report."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from generator.checks import run_check
from generator.checks.results import Status
from tests.test_checks_support import make_repo

DOCKERFILE = "FROM python:3.12-slim\nUSER 10001\nCMD [\"python\"]\n"


def console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=160, force_terminal=False, color_system=None), out


@pytest.fixture
def no_tools(tmp_path, monkeypatch):
    """A PATH without any validator, and nothing next to the interpreter, in the tool cache or sbin."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setattr("generator.toolset.status.search_path", lambda: [empty])
    monkeypatch.setattr("generator.checks.nginx.SYSTEM_NGINX", empty / "nginx")


def test_a_directory_that_is_not_a_generated_repo_exits_2_in_one_line(tmp_path, capsys):
    assert run_check(tmp_path) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and ".copier-answers.yml" in err and "Traceback" not in err
    assert run_check(tmp_path / "nope") == 2


def test_a_missing_tool_is_a_failure_unless_allowed(tmp_path, no_tools):
    make_repo(tmp_path, {"Dockerfile": DOCKERFILE, "ok.yaml": "a: 1\n"})
    out_console, out = console()
    assert run_check(tmp_path, live=False, console=out_console) == 1
    text = out.getvalue()
    assert "hadolint" in text and "missing" in text and "not found on PATH" in text
    assert "Traceback" not in text
    assert run_check(tmp_path, live=False, allow_missing=True, console=console()[0]) == 0


def test_json_report(tmp_path, no_tools):
    make_repo(tmp_path, {"ok.yaml": "a: 1\n", "bad.json": "{", "Dockerfile": DOCKERFILE})
    out_console, out = console()
    assert run_check(tmp_path, as_json=True, allow_missing=True, live=False, console=out_console) == 1
    report = json.loads(out.getvalue())
    assert report["ok"] is False
    by_tool = {r["tool"]: r for r in report["results"]}
    assert by_tool["parse yaml"]["status"] == "passed"
    assert by_tool["parse json"]["status"] == "failed" and "bad.json" in by_tool["parse json"]["detail"]
    assert by_tool["hadolint"]["status"] == Status.MISSING.value
    assert by_tool["checkov"]["status"] == "missing"
    assert "stackcraft tools install" in by_tool["checkov"]["detail"]  # the managed tool set's hint
    assert report["summary"]["failing"] == 1
    assert set(report["results"][0]) == {"tool", "target", "status", "seconds", "detail"}
