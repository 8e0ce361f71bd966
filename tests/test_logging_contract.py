"""One logging contract for every unit kind (docs/logging.md).

One stack with every unit kind is rendered once: Python, TypeScript and Go services behind the
nginx gateway, and Python and Node functions with HTTP, queue and schedule triggers. The same
request, with a valid, a missing and three hostile X-Request-ID values, goes to each service
directly and through the gateway, and to each HTTP function's handler (through a small driver
that uses the function's own test tooling for its event and fake Lambda context). Every line the
units write must be one JSON object with the contract's keys and levels, every request line the
request keys, every id must follow the id rule, and no hostile value may reach a response header,
a body or a log line.

The contract is stated here on its own (not imported from the generator), so that the test is an
independent oracle of what the blueprint emits.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.checks.discover import scan
from generator.checks.gateway import nginx_command, render
from generator.checks.nginx import find_nginx
from tests.conftest import run_cli

pytestmark = pytest.mark.slow

# ---- the contract, stated independently --------------------------------------------------
LEVELS = {"debug", "info", "warn", "error"}
LINE_KEYS = {"time", "level", "msg", "service"}
REQUEST_KEYS = LINE_KEYS | {"request_id", "method", "path", "status", "duration_ms"}
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
GENERATED_ID = re.compile(r"[0-9a-f]{32}")

VALID = "contract-42.a:b_C"
HOSTILE = {"long": "a" * 300, "json": '"}{"injected":1', "crlf": "a\r\nSet-Cookie: x=1"}
CASES: dict[str, str | None] = {"valid": VALID, "absent": None, **HOSTILE}

SERVICES = {"pysvc": "python", "tssvc": "typescript", "gosvc": "go"}
FUNCTIONS = [(f"{runtime[:2]}-{trigger}", runtime, trigger)
             for runtime in ("python", "node") for trigger in ("http", "queue", "schedule")]
START_TIMEOUT = 240
STOP_AFTER = "900"  # seconds: every server started here ends by itself even if pytest dies


def is_utc_rfc3339(value: object) -> bool:
    """`2026-01-01T12:00:00.000Z` or `...+00:00`: RFC 3339 with a zero offset."""
    if not isinstance(value, str) or not re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
        return False
    return datetime.fromisoformat(value).utcoffset() == timedelta(0)


def contract_problems(entry: dict[str, Any], service: str) -> list[str]:
    """What one log line does wrong against the contract."""
    problems = [f"missing {key}" for key in sorted(LINE_KEYS - entry.keys())]
    if entry.get("level") not in LEVELS:
        problems.append(f"level {entry.get('level')!r}")
    if not is_utc_rfc3339(entry.get("time")):
        problems.append(f"time {entry.get('time')!r}")
    if entry.get("service") != service:
        problems.append(f"service {entry.get('service')!r}")
    if "request_id" in entry and not ACCEPTED_ID.fullmatch(str(entry["request_id"])):
        problems.append(f"request_id {entry['request_id']!r}")
    if "method" in entry:  # a request line
        problems += [f"missing {key}" for key in sorted(REQUEST_KEYS - entry.keys())]
        if not isinstance(entry.get("status"), int) or isinstance(entry.get("status"), bool):
            problems.append(f"status {entry.get('status')!r}")
        if not isinstance(entry.get("duration_ms"), int | float):
            problems.append(f"duration_ms {entry.get('duration_ms')!r}")
    return problems


def json_lines(*paths: Path) -> list[dict[str, Any]]:
    """Every non-empty line of PATHS, each of which must be one JSON object."""
    entries = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                entry = json.loads(line)  # a line that is not JSON fails here, naming itself
                assert isinstance(entry, dict), line
                entries.append(entry)
    return entries


# ---- the rendered stack -------------------------------------------------------------------
@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contract")
    spec = root / "spec.yml"
    spec.write_text(yaml.safe_dump({
        "project_name": "contract-shop", "architecture": "hybrid", "gateway": "nginx",
        "services": [{"name": name, "language": language, "database": "none"}
                     for name, language in SERVICES.items()],
        "functions": [{"name": name, "runtime": runtime, "trigger": trigger}
                      for name, runtime, trigger in FUNCTIONS],
    }))
    result = run_cli("new", str(root / "stack"), "--data-file", str(spec), "--vcs-ref", "HEAD", "--no-git")
    assert result.code == 0, result.err
    return root / "stack"


def run(cmd: list[str], cwd: Path, **env: str) -> None:
    done = subprocess.run(cmd, cwd=cwd, env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=900, start_new_session=True, check=False)
    assert done.returncode == 0, f"{' '.join(cmd)} in {cwd}:\n{done.stdout}\n{done.stderr}"


def npm_install(unit: Path) -> None:
    run(["npm", "install", "--no-audit", "--no-fund", "--prefer-offline", "--no-package-lock"], unit)


GO_ENV = {"GOTOOLCHAIN": "local", "GOPROXY": "off", "GOFLAGS": "-mod=mod", "GOTELEMETRY": "off"}


@dataclass
class Stack:
    """The servers this test started (each in its own process group) and where they log."""

    logs: Path
    ports: dict[str, int] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, cmd: list[str], cwd: Path, **env: str) -> None:
        with open(self.logs / f"{name}.out", "wb") as out, open(self.logs / f"{name}.err", "wb") as err:
            self.processes[name] = subprocess.Popen(
                ["timeout", STOP_AFTER, *cmd], cwd=cwd, env={**os.environ, **env},
                stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)

    def wait_healthy(self, name: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            proc = self.processes[name]
            assert proc.poll() is None, f"{name} exited: {(self.logs / f'{name}.err').read_text()}"
            try:
                status, _, _ = send(self.ports[name], "/healthz", None)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{name} not healthy after {START_TIMEOUT}s")

    def stop(self) -> None:
        for proc in self.processes.values():
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in self.processes.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def send(port: int, path: str, request_id: str | None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET PATH with X-Request-ID written byte for byte (http.client refuses CR LF in a value)."""
    head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if request_id is not None:
        head += f"X-Request-ID: {request_id}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall((head + "\r\n").encode())
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def stack(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The three services on loopback ports behind nginx, started the way their Makefiles run them."""
    running = Stack(tmp_path_factory.mktemp("logs"))
    try:
        for name, language in SERVICES.items():
            unit = repo / "services" / name
            port = running.ports.setdefault(name, free_port())
            env = {"HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "info"}
            if language == "python":
                running.start(name, [sys.executable, "-m", "app"], unit, **env)
            elif language == "typescript":
                npm_install(unit)
                run(["npm", "run", "build"], unit)
                running.start(name, ["node", "dist/server.js"], unit, **env)
            else:
                run(["go", "build", "-o", "bin/server", "."], unit, **GO_ENV)
                running.start(name, ["./bin/server"], unit, **env)
        prefix = running.logs / "gateway-prefix"
        running.ports["gateway"] = free_port()
        upstreams = {name: f"127.0.0.1:{running.ports[name]}" for name in SERVICES}
        conf = render(scan(repo), prefix, upstreams, listen=f"127.0.0.1:{running.ports['gateway']}")
        running.start("gateway", [*nginx_command(find_nginx(), prefix, conf), "-g", "daemon off;"], prefix, TZ="UTC")
        for name in [*SERVICES, "gateway"]:
            running.wait_healthy(name)
        yield running
    finally:
        running.stop()


@dataclass
class Exchange:
    """One request and what came back."""

    target: str
    case: str
    sent: str | None
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def echoed(self) -> str:
        return self.headers.get("X-Request-ID", "")


@pytest.fixture(scope="module")
def exchanges(stack: Stack) -> list[Exchange]:
    """Every case to every service, directly and through the gateway (GET /); each target gets
    its own valid id, so that its lines can be told apart."""
    sent = []
    for name in SERVICES:
        for target, port, path in ((name, stack.ports[name], "/"), (f"gateway.{name}", stack.ports["gateway"],
                                                                    f"/api/{name}/")):
            for case, value in CASES.items():
                value = f"{VALID}.{target}" if case == "valid" else value
                sent.append(Exchange(target, case, value, *send(port, path, value)))
    time.sleep(1)  # let every process flush its last line
    return sent


def expected_id(ex: Exchange) -> str | None:
    """The id the server must answer with; None where it must make one.

    On the wire CR LF ends a header: the server receives `X-Request-ID: a` and a separate
    `Set-Cookie: x=1` request header, so the id is `a`.
    """
    return {"valid": ex.sent, "crlf": "a"}.get(ex.case)


def test_services_and_gateway_apply_the_id_rule(exchanges: list[Exchange]) -> None:
    assert len(exchanges) == len(SERVICES) * 2 * len(CASES)
    for ex in exchanges:
        assert ex.status == 200, (ex.target, ex.case, ex.body)
        want = expected_id(ex)
        if want is None:
            assert GENERATED_ID.fullmatch(ex.echoed), (ex.target, ex.case, ex.echoed)
        else:
            assert ex.echoed == want, (ex.target, ex.case, ex.echoed)
        assert ex.headers.get_all("X-Request-ID") == [ex.echoed], (ex.target, ex.case)
        assert json.loads(ex.body)["request_id"] == ex.echoed, (ex.target, ex.case)


def test_no_hostile_value_reaches_a_response(exchanges: list[Exchange]) -> None:
    for ex in exchanges:
        assert ex.headers.get("Set-Cookie") is None, (ex.target, ex.case)
        raw = bytes(ex.headers) + ex.body
        assert b"injected" not in raw and HOSTILE["long"].encode() not in raw, (ex.target, ex.case)


def test_every_service_and_gateway_line_follows_the_contract(stack: Stack, exchanges: list[Exchange]) -> None:
    for name in [*SERVICES, "gateway"]:
        lines = json_lines(stack.logs / f"{name}.out")
        assert lines, f"{name} wrote no log line"
        problems = {json.dumps(line): contract_problems(line, name) for line in lines}
        assert not any(problems.values()), {line: p for line, p in problems.items() if p}
        assert all("injected" not in line for line in lines), name


def test_each_request_is_one_line_with_the_same_keys_and_values_everywhere(
        stack: Stack, exchanges: list[Exchange]) -> None:
    request_lines: dict[str, list[dict[str, Any]]] = {
        name: [line for line in json_lines(stack.logs / f"{name}.out") if "method" in line]
        for name in [*SERVICES, "gateway"]}
    seen_kinds = set()
    for ex in exchanges:
        service = ex.target.removeprefix("gateway.")
        hops = [service, "gateway"] if ex.target.startswith("gateway.") else [service]
        for hop in hops:
            matching = [line for line in request_lines[hop] if line["request_id"] == ex.echoed]
            assert matching, f"{hop}: no request line with request_id {ex.echoed} ({ex.target}, {ex.case})"
            if ex.case != "valid":
                continue
            for line in matching:
                assert REQUEST_KEYS <= line.keys(), (hop, line)
                assert (line["level"], line["msg"], line["method"], line["status"]) == (
                    "info", "request completed", "GET", 200), (hop, line)
                assert line["path"] == ("/" if hop == service else f"/api/{service}/"), (hop, line)
                seen_kinds.add(hop)
    assert seen_kinds == {*SERVICES, "gateway"}


# ---- the functions ------------------------------------------------------------------------
PY_DRIVER = """
import json, sys
sys.path[:0] = ["src", "tests"]
from conftest import FakeLambdaContext  # the function's own test tooling
import handler

cases, out = json.loads(sys.argv[1]), sys.argv[2]
results = []
for value in cases:
    event = json.load(open("tests/events/event.json", encoding="utf-8"))
    if "headers" in event:
        event["headers"].pop("x-request-id", None)
        if value is not None:
            event["headers"]["x-request-id"] = value
    elif "Records" in event and value is not None:
        event["Records"][0]["messageId"] = value
    try:
        results.append(handler.handler(event, FakeLambdaContext()))
    except Exception as error:  # a batch where every message fails raises; the logs still count
        results.append({"raised": type(error).__name__})
json.dump(results, open(out, "w", encoding="utf-8"))
"""

NODE_DRIVER = """
import { writeFileSync } from 'node:fs';
import { fakeContext, loadEvent } from './tests/helpers.mjs'; // the function's own test tooling

process.env.POWERTOOLS_DEV = 'false'; // helpers.mjs turns on dev mode; Lambda writes one line per entry
const { FUNCTION_NAME, handler } = await import('./src/handler.mjs');
const [cases, out] = [JSON.parse(process.argv[2]), process.argv[3]];
const results = [];
for (const value of cases) {
  const event = loadEvent();
  if (event.headers) {
    delete event.headers['x-request-id'];
    if (value !== null) event.headers['x-request-id'] = value;
  } else if (event.Records && value !== null) {
    event.Records[0].messageId = value;
  }
  try {
    results.push(await handler(event, fakeContext(FUNCTION_NAME)));
  } catch (error) {
    results.push({ raised: error.name });
  }
}
writeFileSync(out, JSON.stringify(results));
"""


@dataclass
class Invocation:
    """A function's handler called once per case, with the responses and the log lines."""

    name: str
    trigger: str
    responses: list[dict[str, Any]]
    lines: list[dict[str, Any]]


@pytest.fixture(scope="module")
def invocations(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Invocation]:
    work = tmp_path_factory.mktemp("functions")
    done = {}
    for name, runtime, trigger in FUNCTIONS:
        unit = repo / "functions" / name
        cases = list(CASES.values()) if trigger != "schedule" else [None]
        out, stdout, stderr = work / f"{name}.json", work / f"{name}.out", work / f"{name}.err"
        if runtime == "python":
            cmd = [sys.executable, "-c", PY_DRIVER, json.dumps(cases), str(out)]
        else:
            npm_install(unit)
            (unit / "contract-driver.mjs").write_text(NODE_DRIVER)
            cmd = ["node", "contract-driver.mjs", json.dumps(cases), str(out)]
        with open(stdout, "wb") as o, open(stderr, "wb") as e:
            finished = subprocess.run(cmd, cwd=unit, stdout=o, stderr=e, timeout=300, check=False,
                                      env={**os.environ, "POWERTOOLS_DEV": "false"})
        assert finished.returncode == 0, f"{name}: {stderr.read_text()}"
        # Python writes every line to stdout; Node's console writes warn and error to stderr.
        streams = [stdout] if runtime == "python" else [stdout, stderr]
        done[name] = Invocation(name, trigger, json.loads(out.read_text()), json_lines(*streams))
    return done


def test_every_function_line_follows_the_contract(invocations: dict[str, Invocation]) -> None:
    assert len(invocations) == len(FUNCTIONS)
    for inv in invocations.values():
        assert inv.lines, f"{inv.name} wrote no log line"
        problems = {json.dumps(line): contract_problems(line, inv.name) for line in inv.lines}
        assert not any(problems.values()), {line: p for line, p in problems.items() if p}
        assert all("request_id" in line for line in inv.lines), inv.name
        assert all("injected" not in line for line in inv.lines), inv.name  # no key smuggled in
        if inv.trigger == "http":  # a refused header value is not logged either
            assert not any(isinstance(v, str) and hostile in v
                           for line in inv.lines for v in line.values() for hostile in HOSTILE.values())


def test_http_functions_apply_the_id_rule(invocations: dict[str, Invocation]) -> None:
    http_functions = [inv for inv in invocations.values() if inv.trigger == "http"]
    assert {inv.name for inv in http_functions} == {"py-http", "no-http"}
    for inv in http_functions:
        for (case, value), response in zip(CASES.items(), inv.responses, strict=True):
            echoed = response["headers"]["X-Request-ID"]
            if case == "valid":
                assert echoed == VALID, (inv.name, echoed)
            else:  # in an event a header value arrives whole, CR LF included: it is replaced
                assert GENERATED_ID.fullmatch(echoed), (inv.name, case, echoed)
            assert json.loads(response["body"])["request_id"] == echoed
            assert case not in HOSTILE or value not in json.dumps(response), (inv.name, case)
            (line,) = [line for line in inv.lines if line["request_id"] == echoed]
            assert REQUEST_KEYS <= line.keys(), (inv.name, line)
            assert (line["level"], line["msg"], line["status"]) == ("info", "request completed", 200)


def test_queue_functions_log_each_message_under_its_id_and_warn_on_rejects(
        invocations: dict[str, Invocation]) -> None:
    queues = [inv for inv in invocations.values() if inv.trigger == "queue"]
    assert {inv.name for inv in queues} == {"py-queue", "no-queue"}
    for inv in queues:
        ids = {line["request_id"] for line in inv.lines}
        assert VALID in ids, inv.name  # an acceptable message id is kept
        assert all(ACCEPTED_ID.fullmatch(i) for i in ids)
        assert not any(value in ids for value in HOSTILE.values()), inv.name
        assert "warn" in {line["level"] for line in inv.lines}, inv.name


def test_schedule_functions_log_the_invocation_id(invocations: dict[str, Invocation]) -> None:
    for name in ("py-schedule", "no-schedule"):
        inv = invocations[name]
        assert [line["request_id"] for line in inv.lines] == [inv.responses[0]["request_id"]]


def test_every_unit_kind_writes_the_same_request_keys(
        stack: Stack, exchanges: list[Exchange], invocations: dict[str, Invocation]) -> None:
    keys = {name: frozenset(REQUEST_KEYS & next(line for line in json_lines(stack.logs / f"{name}.out")
                                                 if "method" in line).keys())
            for name in [*SERVICES, "gateway"]}
    keys |= {inv.name: frozenset(REQUEST_KEYS & next(line for line in inv.lines if "method" in line).keys())
             for inv in invocations.values() if inv.trigger == "http"}
    assert len(keys) == len(SERVICES) + 1 + 2
    assert set(keys.values()) == {frozenset(REQUEST_KEYS)}, keys


def test_tools_are_present() -> None:
    """The test runs every kind for real: a missing runtime is a failure, never a skip."""
    for tool in ("node", "npm", "go", "timeout"):
        assert shutil.which(tool), f"{tool} is needed to run every unit kind"
    assert find_nginx()
