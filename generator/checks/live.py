"""The live run: every service started natively on loopback, nginx in front, requests through it.

Each service runs `make -C services/<name> run HOST=127.0.0.1 PORT=<free port>` in its own
process group, logging to <tmp>/logs/<name>.log; nginx gets the rendered gateway config and a
free loopback port. A service that owns a database gets a throwaway PostgreSQL of its own
(postgres.py) with its own role, `make migrate` runs against it twice (the second run must
change nothing) and the service starts with that DATABASE_URL. Then one request per service
goes through the gateway with a known X-Request-ID (it must come back, and appear in that
service's and the gateway's JSON logs in request lines that follow the log contract of
`logcontract`); for a service with a database also /readyz, a create and a read of
/items through the gateway, and the created row is read back from the table. Last, the
repository's own tests/e2e run with GATEWAY_URL and STACK_LOGS_CMD. Everything started here
is stopped (process groups, clusters) in a `finally`, on failure and on Ctrl-C too.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from . import postgres
from .discover import Repo, Unit, count
from .gateway import GatewayConfigError, has_nginx, nginx_command, render
from .gomodules import GoModuleMissing
from .logcontract import request_line_problems
from .nginx import find_nginx
from .results import Outcome
from .runner import Check
from .tools import child_env, require, require_module, run
from .units import STATIC_ONLY, make_args, npm_install, unit_env

START_TIMEOUT = 180  # a TypeScript service compiles and a Go service builds before they listen
E2E_TIMEOUT = 600
MIGRATE_TIMEOUT = 300


def checks(repo: Repo) -> list[Check]:
    """The live run through the gateway, then each cloud's functions on loopback."""
    from . import functions_live, workers  # a cloud's functions on loopback (they import this module)

    return _gateway_checks(repo) + functions_live.function_checks(repo) + workers.live_checks(repo)


def _gateway_checks(repo: Repo) -> list[Check]:
    services = repo.services
    if not services:
        return []
    target = f"{count(len(services), 'service')} behind {repo.gateway}"
    if repo.gateway != "nginx":
        return [Check("live run", target,
                      lambda: Outcome.not_applicable(f"the {repo.gateway} gateway runs in Docker only: "
                                                     "docker compose up --wait, then pytest tests/e2e"))]
    if not has_nginx(repo):
        return [Check("live run + tests/e2e", target, lambda: Outcome.fail("gateway/nginx not found"))]
    return [Check("live run + tests/e2e", target, lambda: live_run(repo))]


@dataclass
class Stack:
    """What the live run started, so that it can all be stopped."""

    root: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)
    clusters: dict[str, postgres.Cluster] = field(default_factory=dict)  # service name -> its database
    database_urls: dict[str, str] = field(default_factory=dict)

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def start(self, name: str, cmd: list[str], *, cwd: Path, env: dict[str, str]) -> None:
        with open(self.log(name), "wb") as out:
            self.processes[name] = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                                    stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> None:
        """SIGTERM every process group, then SIGKILL what is left after a grace period."""
        for proc in self.processes.values():
            _signal_group(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        for proc in self.processes.values():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(proc.pid, signal.SIGKILL)  # also children that outlived their parent
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        for cluster in self.clusters.values():
            cluster.stop()

    def tail(self, name: str, lines: int = 25) -> str:
        try:
            text = self.log(name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


class LiveFailure(Exception):
    """A step of the live run failed; the message says which and why."""


def live_run(repo: Repo) -> Outcome:
    nginx = find_nginx()
    require_module("pytest", "pytest")  # runs tests/e2e
    services = [u for u in repo.services if u.language not in STATIC_ONLY]
    lacking = missing_makefiles(repo, services, "starts the service")
    if lacking:
        return lacking
    return on_loopback("stackcraft-live-", lambda stack: _run(repo, stack, services, nginx))


def missing_makefiles(repo: Repo, units: list[Unit], run_does: str) -> Outcome | None:
    """Before a live run that starts UNITS with `make run`: make is required, and a failure names
    the units without a Makefile (RUN_DOES: what their run target does); None when all have one."""
    require("make")
    lacking = [u.label for u in units if not u.makefile(repo.root)]
    if lacking:
        return Outcome.fail(f"no Makefile (its run target {run_does}): {', '.join(lacking)}")
    return None


def on_loopback(prefix: str, run: Callable[[Stack], list[str]]) -> Outcome:
    """`run` with a fresh Stack in a temporary folder: its notes pass, a LiveFailure fails, and
    whatever it started is stopped either way."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        stack = Stack(Path(tmp))
        stack.logs.mkdir()
        try:
            notes = run(stack)
        except LiveFailure as exc:
            return Outcome.fail(str(exc))
        finally:
            stack.stop()
    return Outcome.ok("; ".join(notes))


def _run(repo: Repo, stack: Stack, services: list[Unit], nginx: str) -> list[str]:
    notes: list[str] = []
    for unit in services:
        if unit.language == "go":
            require("go")
        if unit.language == "node" and not (repo.root / unit.path / "node_modules").is_dir():
            failed, _ = npm_install(repo, unit)
            if failed:
                raise LiveFailure(f"{unit.label}: {failed.detail}")
    owners = [unit for unit in services if unit.name in database_owners(repo)]
    for unit in owners:
        _provision_database(repo, stack, unit)
    if owners:
        notes.append(f"{count(len(owners), 'PostgreSQL')} started; make migrate ran twice on each")
    start = time.monotonic()
    for unit in services:
        port = free_port()
        stack.ports[unit.name] = port
        cmd = [require("make"), "-C", str(unit.path), "run", "HOST=127.0.0.1", f"PORT={port}", *make_args(unit)]
        stack.start(unit.name, cmd, cwd=repo.root, env=_service_env(repo, stack, unit))
    for unit in services:
        _wait_healthy(stack, unit.name, f"http://127.0.0.1:{stack.ports[unit.name]}/healthz", start)
    notes.append(f"{len(services)} services up in {time.monotonic() - start:.0f}s")

    gateway_port = free_port()
    upstreams = {name: f"127.0.0.1:{port}" for name, port in stack.ports.items()}
    prefix = stack.root / "gateway"
    try:
        conf = render(repo, prefix, upstreams, listen=f"127.0.0.1:{gateway_port}")
    except GatewayConfigError as exc:
        raise LiveFailure(f"gateway config: {exc}") from None
    stack.start("gateway", [*nginx_command(nginx, prefix, conf), "-g", "daemon off;"], cwd=prefix,
                env=child_env(TZ="UTC"))
    gateway = f"http://127.0.0.1:{gateway_port}"
    _wait_healthy(stack, "gateway", f"{gateway}/healthz", time.monotonic(), timeout=30)

    for unit in services:
        _request_through_gateway(stack, gateway, unit.name)
    notes.append("X-Request-ID through nginx into every service log, every line per the log contract")
    for unit in owners:
        _items_through_gateway(stack, gateway, unit.name)
    if owners:
        notes.append("readyz, create + read of /items through nginx; rows found in each items table")

    e2e = repo.root / "tests" / "e2e"
    if not e2e.is_dir():
        raise LiveFailure("tests/e2e not found: the repository's end-to-end tests are part of the live run")
    env = child_env(GATEWAY_URL=gateway, STACK_LOGS_CMD=f"cat {stack.logs}/{{service}}.log")
    done = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(e2e.relative_to(repo.root))],
               cwd=repo.root, env=env, timeout=E2E_TIMEOUT)
    if done.returncode != 0:
        raise LiveFailure(f"tests/e2e failed:\n{_last_lines(done.output, 60)}")
    summary = done.output.strip().splitlines()[-1] if done.output.strip() else "passed"
    notes.append(f"tests/e2e: {summary.strip('= ')}")
    return notes


def database_owners(repo: Repo) -> set[str]:
    """Names of the services whose answers give them a database."""
    return {s["name"] for s in repo.answers.get("services") or []
            if isinstance(s, dict) and s.get("database", "none") != "none"}


def _service_env(repo: Repo, stack: Stack, unit: Unit) -> dict[str, str]:
    try:
        env = unit_env(unit, repo.root)
    except GoModuleMissing as exc:
        raise LiveFailure(f"{unit.label}: {exc}") from None
    if unit.name in stack.database_urls:
        env["DATABASE_URL"] = stack.database_urls[unit.name]
    return env


def _provision_database(repo: Repo, stack: Stack, unit: Unit) -> None:
    """A cluster, a role and a database for UNIT; its migrations applied twice (idempotent)."""
    try:
        cluster = postgres.start()
    except postgres.ClusterError as exc:
        raise LiveFailure(f"{unit.label}: throwaway PostgreSQL: {exc}") from None
    stack.clusters[unit.name] = cluster
    role = unit.name.replace("-", "_")
    try:
        stack.database_urls[unit.name] = cluster.create_database(role)
    except postgres.ClusterError as exc:
        raise LiveFailure(f"{unit.label}: {exc}") from None
    env = _service_env(repo, stack, unit)
    for attempt in ("first", "second"):
        done = run([require("make"), "-C", str(unit.path), "migrate", *make_args(unit)], cwd=repo.root,
                   env=env, timeout=MIGRATE_TIMEOUT)
        if done.returncode != 0:
            raise LiveFailure(f"{unit.label}: make migrate ({attempt} run) failed:\n{_last_lines(done.output, 40)}")
    if cluster.psql("SELECT to_regclass('public.items') IS NOT NULL", database=role) != "t":
        raise LiveFailure(f"{unit.label}: make migrate succeeded but there is no items table")


def _items_through_gateway(stack: Stack, gateway: str, name: str) -> None:
    """/readyz answers 200 (SELECT 1 with the service's credentials); POST then GET one item
    with an X-Request-ID; the row is read back from the table with the service's own role."""
    ready, _, body = _call(stack, "GET", f"{gateway}/api/{name}/readyz", None)
    if ready != 200:
        raise LiveFailure(f"{name}: /readyz answered {ready} with its database running: {body!r}")
    item_name = f"stackcraft-check-{uuid.uuid4().hex[:12]}"
    request_id = f"stackcraft-create-{uuid.uuid4().hex[:12]}"
    status, headers, created = _call(stack, "POST", f"{gateway}/api/{name}/items",
                                     {"name": item_name, "description": "written by the live run"}, request_id)
    if status != 201 or headers.get("X-Request-ID") != request_id or not isinstance(created, dict):
        raise LiveFailure(f"POST /api/{name}/items answered {status} (X-Request-ID "
                          f"{headers.get('X-Request-ID')!r}): {created!r}")
    item_id = created.get("id")
    status, _, read = _call(stack, "GET", f"{gateway}/api/{name}/items/{item_id}", None)
    if status != 200 or not isinstance(read, dict) or read.get("name") != item_name:
        raise LiveFailure(f"GET /api/{name}/items/{item_id} answered {status}: {read!r}")
    url = urllib.parse.urlsplit(stack.database_urls[name])
    row = stack.clusters[name].psql(f"SELECT name FROM items WHERE id = {int(item_id)}",
                                    user=url.username or "", password=url.password, database=url.path.lstrip("/"))
    if row != item_name:
        raise LiveFailure(f"{name}: item {item_id} was created through nginx but the items table holds {row!r}")
    _wait_for_line(stack, name, request_id)


def _call(stack: Stack, method: str, url: str, body: dict | None,
          request_id: str | None = None) -> tuple[int, Message, object]:
    """One JSON request; HTTP errors are answers too (headers are looked up case-insensitively)."""
    headers = {"X-Request-ID": request_id or f"stackcraft-check-{uuid.uuid4().hex[:12]}"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, answer, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer, raw = error.code, error.headers, error.read()
    except (urllib.error.URLError, OSError) as exc:
        raise LiveFailure(f"{method} {url} through nginx failed: {exc}\n{stack.tail('gateway')}") from None
    try:
        decoded: object = json.loads(raw) if raw else None
    except ValueError:
        decoded = raw.decode(errors="replace")
    return status, answer, decoded


def free_port() -> int:
    """A TCP port nobody listens on at 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(stack: Stack, name: str, url: str, since: float, timeout: float = START_TIMEOUT) -> None:
    proc = stack.processes[name]
    while True:
        if proc.poll() is not None:
            raise LiveFailure(f"{name} exited with code {proc.returncode} before it was healthy:\n{stack.tail(name)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() - since > timeout:
            raise LiveFailure(f"{name}: {url} not healthy after {timeout:.0f}s:\n{stack.tail(name)}")
        time.sleep(0.3)


def _request_through_gateway(stack: Stack, gateway: str, name: str) -> None:
    """GET /api/<name>/ with a fresh X-Request-ID: the id must come back and reach the service's log."""
    request_id = f"stackcraft-check-{uuid.uuid4().hex[:12]}"
    url = f"{gateway}/api/{name}/"
    request = urllib.request.Request(url, headers={"X-Request-ID": request_id})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            echoed = response.headers.get("X-Request-ID")
            body = json.loads(response.read() or b"{}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise LiveFailure(f"GET {url} through nginx failed: {exc}\n{stack.tail('gateway')}") from None
    if echoed != request_id:
        raise LiveFailure(f"GET {url}: X-Request-ID came back as {echoed!r}, sent {request_id!r}")
    if body.get("service") != name or body.get("request_id") != request_id:
        raise LiveFailure(f"GET {url}: unexpected body {body!r}")
    for source in (name, "gateway"):
        entry = _wait_for_line(stack, source, request_id)
        problems = request_line_problems(entry)
        if problems:
            raise LiveFailure(f"{source}: the log line of GET {url} breaks the log contract "
                              f"({'; '.join(problems)}): {json.dumps(entry)}")


def _wait_for_line(stack: Stack, name: str, request_id: str) -> dict:
    """NAME's JSON log line that ends the request REQUEST_ID (else any line carrying it), waiting
    up to 5 s for it to be written."""
    deadline = time.monotonic() + 5
    carrying: list[dict] = []
    while time.monotonic() < deadline:
        carrying = [entry for entry in _json_lines(stack.log(name)) if entry.get("request_id") == request_id]
        requests = [entry for entry in carrying if "method" in entry]  # the line that ends the request
        if requests:
            return requests[0]
        time.sleep(0.2)
    if carrying:
        return carrying[0]
    raise LiveFailure(f"{name}: no JSON log line with request_id {request_id}:\n{stack.tail(name)}")


def _json_lines(path: Path) -> list[dict]:
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict):
                entries.append(entry)
    return entries


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _last_lines(text: str, count: int) -> str:
    return "\n".join(text.strip().splitlines()[-count:])
