"""The live run of Google Cloud functions: each one served by the Functions Framework on loopback.

Each function runs `make -C functions/<name> run HOST=127.0.0.1 PORT=<free port>` (the
framework's server, as Cloud Run functions runs it) in its own process group, with
GOOGLE_CLOUD_PROJECT set as the deployment sets it. Then one delivery per function, as its
trigger sends it: an HTTP function gets a GET with a fresh X-Request-ID (it must come back, and
the function's request line must carry it and follow the log contract); a scheduled function
gets Cloud Scheduler's POST with a fresh `traceparent`, whose trace id is the run's request id;
a queue function gets a CloudEvent POST (binary mode) of a Pub/Sub message with a fresh message
id. Every line checked also carries Cloud Logging's `severity` and the trace key. Everything
started here is stopped in a `finally`.
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import time
import urllib.error
import urllib.request

from .discover import Repo, Unit, count
from .live import LiveFailure, Stack, _json_lines, free_port, missing_makefiles, on_loopback
from .logcontract import request_line_problems
from .results import Outcome
from .runner import Check
from .tools import require
from .units import make_args, npm_install, unit_env

START_TIMEOUT = 120
PROJECT = "stackcraft-live"  # GOOGLE_CLOUD_PROJECT of the run: the trace key names it
TRACE_KEY = "logging.googleapis.com/trace"


def function_checks(repo: Repo) -> list[Check]:
    if repo.answers.get("cloud") != "gcp":
        return []
    functions = [unit for unit in repo.units() if unit.kind == "function"]
    if not functions:
        return []
    target = f"{count(len(functions), 'function')} on the Functions Framework"
    return [Check("live run (Functions Framework)", target, lambda: live_run(repo, functions))]


def triggers(repo: Repo) -> dict[str, str]:
    """Each function's trigger, from the answers."""
    return {f["name"]: f.get("trigger", "http") for f in repo.answers.get("functions") or [] if isinstance(f, dict)}


def live_run(repo: Repo, functions: list[Unit]) -> Outcome:
    lacking = missing_makefiles(repo, functions, "serves the function")
    if lacking:
        return lacking
    kinds = triggers(repo)
    return on_loopback("stackcraft-fnlive-", lambda stack: _run(repo, stack, functions, kinds))


def _run(repo: Repo, stack: Stack, functions: list[Unit], kinds: dict[str, str]) -> list[str]:
    for unit in functions:
        if unit.language == "node" and not (repo.root / unit.path / "node_modules").is_dir():
            failed, _ = npm_install(repo, unit)
            if failed:
                raise LiveFailure(f"{unit.label}: {failed.detail}")
    start = time.monotonic()
    for unit in functions:
        port = free_port()
        stack.ports[unit.name] = port
        env = unit_env(unit, repo.root)
        env["GOOGLE_CLOUD_PROJECT"] = PROJECT
        cmd = [require("make"), "-C", str(unit.path), "run", "HOST=127.0.0.1", f"PORT={port}", *make_args(unit)]
        stack.start(unit.name, cmd, cwd=repo.root, env=env)
    for unit in functions:
        _wait_listening(stack, unit.name, start)
    notes = [f"{len(functions)} functions served in {time.monotonic() - start:.0f}s"]
    done = {"http": 0, "schedule": 0, "queue": 0}
    for unit in functions:
        kind = kinds.get(unit.name, "http")
        {"http": _http, "schedule": _schedule, "queue": _cloud_event}[kind](stack, unit.name)
        done[kind] += 1
    if done["http"]:
        notes.append(f"{count(done['http'], 'HTTP request')} with X-Request-ID: id echoed and in the request line")
    if done["schedule"]:
        notes.append(f"{count(done['schedule'], 'Cloud Scheduler request')}: trace id is the run's request id")
    if done["queue"]:
        notes.append(f"{count(done['queue'], 'CloudEvent POST')}: Pub/Sub message id in the log line")
    return notes


def _wait_listening(stack: Stack, name: str, since: float) -> None:
    proc = stack.processes[name]
    while True:
        if proc.poll() is not None:
            raise LiveFailure(f"{name} exited with code {proc.returncode} before it listened:\n{stack.tail(name)}")
        try:
            with socket.create_connection(("127.0.0.1", stack.ports[name]), timeout=1):
                return
        except OSError:
            pass
        if time.monotonic() - since > START_TIMEOUT:
            raise LiveFailure(f"{name}: not listening after {START_TIMEOUT}s:\n{stack.tail(name)}")
        time.sleep(0.3)


def _traceparent() -> tuple[str, str]:
    trace_id = secrets.token_hex(16)
    return trace_id, f"00-{trace_id}-{secrets.token_hex(8)}-01"


def _send(stack: Stack, name: str, method: str, path: str, headers: dict[str, str],
          body: bytes | None = None) -> tuple[int, dict[str, str], bytes]:
    url = f"http://127.0.0.1:{stack.ports[name]}{path}"
    request = urllib.request.Request(url, data=body, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, OSError) as exc:
        raise LiveFailure(f"{method} {url} failed: {exc}\n{stack.tail(name)}") from None


def _line(stack: Stack, name: str, request_id: str, msg: str | None = None) -> dict:
    """NAME's JSON log line carrying REQUEST_ID (with message MSG when given), waiting up to 5 s."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for entry in _json_lines(stack.log(name)):
            if entry.get("request_id") == request_id and (msg is None or entry.get("msg") == msg):
                return entry
        time.sleep(0.2)
    raise LiveFailure(f"{name}: no JSON log line with request_id {request_id}"
                      f"{f' and msg {msg!r}' if msg else ''}:\n{stack.tail(name)}")


def _cloud_logging_problems(entry: dict, trace_id: str) -> list[str]:
    problems = []
    if entry.get("severity") not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        problems.append(f"severity {entry.get('severity')!r} is not a Cloud Logging severity")
    if entry.get(TRACE_KEY) != f"projects/{PROJECT}/traces/{trace_id}":
        problems.append(f"{TRACE_KEY} is {entry.get(TRACE_KEY)!r}, not the request's trace")
    return problems


def _http(stack: Stack, name: str) -> None:
    request_id = f"stackcraft-check-{secrets.token_hex(6)}"
    trace_id, traceparent = _traceparent()
    status, headers, body = _send(stack, name, "GET", "/items", {"X-Request-ID": request_id, "traceparent": traceparent})
    echoed = {key.lower(): value for key, value in headers.items()}.get("x-request-id")
    if status != 200 or echoed != request_id:
        raise LiveFailure(f"{name}: GET /items answered {status} with X-Request-ID {echoed!r} (sent {request_id!r}): "
                          f"{body[:300]!r}")
    entry = _line(stack, name, request_id, "request completed")
    problems = request_line_problems(entry) + _cloud_logging_problems(entry, trace_id)
    if problems:
        raise LiveFailure(f"{name}: the log line of GET /items breaks the log contract "
                          f"({'; '.join(problems)}): {json.dumps(entry)}")


def _schedule(stack: Stack, name: str) -> None:
    trace_id, traceparent = _traceparent()
    headers = {"User-Agent": "Google-Cloud-Scheduler", "X-CloudScheduler": "true",
               "X-CloudScheduler-JobName": f"stackcraft-{name}",
               "X-CloudScheduler-ScheduleTime": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
               "traceparent": traceparent}
    status, _, body = _send(stack, name, "POST", "/", headers, b"")
    if status != 200:
        raise LiveFailure(f"{name}: Cloud Scheduler's POST / answered {status}: {body[:300]!r}")
    problems = _cloud_logging_problems(_line(stack, name, trace_id, "scheduled run finished"), trace_id)
    entry = _line(stack, name, trace_id, "request completed")
    problems += request_line_problems(entry)
    if problems:
        raise LiveFailure(f"{name}: the run's log lines break the log contract ({'; '.join(problems)})")


def _cloud_event(stack: Stack, name: str) -> None:
    message_id = str(secrets.randbelow(10**17) + 10**16)
    trace_id, traceparent = _traceparent()
    data = {"message": {"data": base64.b64encode(b'{"order_id": "o-1", "status": "paid"}').decode(),
                        "messageId": message_id, "publishTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "subscription": f"projects/{PROJECT}/subscriptions/eventarc-{name}"}
    headers = {"ce-specversion": "1.0", "ce-id": message_id,
               "ce-source": f"//pubsub.googleapis.com/projects/{PROJECT}/topics/{name}",
               "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
               "ce-time": data["message"]["publishTime"], "ce-traceparent": traceparent,
               "Content-Type": "application/json"}
    status, _, body = _send(stack, name, "POST", "/", headers, json.dumps(data).encode())
    if not 200 <= status < 300:
        raise LiveFailure(f"{name}: the CloudEvent POST answered {status}: {body[:300]!r}")
    entry = _line(stack, name, message_id, "message processed")
    problems = _cloud_logging_problems(entry, trace_id)
    if entry.get("level") != "info" or "time" not in entry or entry.get("service") != name:
        problems.append("level, time or service missing or wrong")
    if problems:
        raise LiveFailure(f"{name}: the message's log line breaks the log contract "
                          f"({'; '.join(problems)}): {json.dumps(entry)}")
