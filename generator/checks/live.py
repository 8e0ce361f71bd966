"""The live run: every service started natively on loopback, nginx in front, requests through it.

Each service runs `make -C services/<name> run HOST=127.0.0.1 PORT=<free port>` in its own
process group, logging to <tmp>/logs/<name>.log; nginx gets the rendered gateway config and a
free loopback port. Then one request per service goes through the gateway with a known
X-Request-ID (it must come back, and appear in that service's JSON log), and the repository's
own tests/e2e run with GATEWAY_URL and STACK_LOGS_CMD. Everything started here is stopped by
process group in a `finally`, on failure and on Ctrl-C too.
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
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .discover import Repo, Unit, count
from .gateway import GatewayConfigError, has_nginx, nginx_command, render
from .nginx import find_nginx
from .results import Outcome
from .runner import Check
from .tools import child_env, require, require_module, run
from .units import STATIC_ONLY, make_args, npm_install, unit_env

START_TIMEOUT = 180  # a TypeScript service compiles and a Go service builds before they listen
E2E_TIMEOUT = 600


def checks(repo: Repo) -> list[Check]:
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
    require("make")
    require_module("pytest", "pytest")  # runs tests/e2e
    services = [u for u in repo.services if u.language not in STATIC_ONLY]
    lacking = [u.label for u in services if not u.makefile(repo.root)]
    if lacking:
        return Outcome.fail(f"no Makefile (its run target starts the service): {', '.join(lacking)}")
    with tempfile.TemporaryDirectory(prefix="stackcraft-live-") as tmp:
        stack = Stack(Path(tmp))
        stack.logs.mkdir()
        try:
            notes = _run(repo, stack, services, nginx)
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
    start = time.monotonic()
    for unit in services:
        port = free_port()
        stack.ports[unit.name] = port
        cmd = [require("make"), "-C", str(unit.path), "run", "HOST=127.0.0.1", f"PORT={port}", *make_args(unit)]
        stack.start(unit.name, cmd, cwd=repo.root, env=unit_env(unit))
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
    stack.start("gateway", [*nginx_command(nginx, prefix, conf), "-g", "daemon off;"], cwd=prefix, env=child_env())
    gateway = f"http://127.0.0.1:{gateway_port}"
    _wait_healthy(stack, "gateway", f"{gateway}/healthz", time.monotonic(), timeout=30)

    for unit in services:
        _request_through_gateway(stack, gateway, unit.name)
    notes.append("X-Request-ID through nginx into every service log")

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
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if any(entry.get("request_id") == request_id for entry in _json_lines(stack.log(name))):
            return
        time.sleep(0.2)
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
