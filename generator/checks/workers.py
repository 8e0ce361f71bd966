"""Cloudflare Workers: each Worker's wrangler configuration and bundle, and a live `wrangler dev`.

A Worker is a function folder with a `wrangler.jsonc`. Its tools come from its own lock
(`npm ci`: wrangler, and workerd with it, are dev dependencies), so nothing is installed
globally and no Cloudflare account is needed:

- `wrangler deploy --dry-run` bundles the Worker and validates `wrangler.jsonc` without
  uploading anything (static family, one check per Worker);
- the live run (`live_checks`, planned by the live family) starts `wrangler dev` on
  127.0.0.1 for every HTTP Worker, sends a request with a known X-Request-ID, and expects
  the id back in the response and in a request line of the Worker's log that follows the log
  contract. Every Worker's wrangler is installed before any server starts; the servers run on
  the live harness (`live.on_loopback`), each in its own process group, stopped by that
  group's id.

wrangler runs with telemetry off and without fetching Cloudflare's `Request.cf` placeholder
data, which needs the network (WORKER_ENV). Its dry-run bundles go to `.wrangler/`, which
each Worker's .gitignore lists.
"""

from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.request
import uuid

from .discover import Repo, Unit, count
from .live import LiveFailure, Stack, _wait_for_line, free_port, on_loopback
from .logcontract import request_line_problems
from .results import Outcome
from .runner import Check
from .tools import child_env, require, run
from .units import npm_install

CONFIG = "wrangler.jsonc"
WORKER_ENV = {"WRANGLER_SEND_METRICS": "false", "CLOUDFLARE_CF_FETCH_ENABLED": "false"}
DRY_RUN_TIMEOUT = 300
START_TIMEOUT = 120


def workers(repo: Repo) -> list[Unit]:
    """The function units that are Workers (they have a wrangler.jsonc)."""
    return [unit for unit in repo.units() if unit.kind == "function" and (repo.root / unit.path / CONFIG).is_file()]


def checks(repo: Repo) -> list[Check]:
    return [Check("wrangler deploy --dry-run", f"{unit.path.as_posix()}/{CONFIG}",
                  lambda unit=unit: dry_run(repo, unit), slow=True) for unit in workers(repo)]


def worker_env() -> dict[str, str]:
    return child_env(**WORKER_ENV)


def _wrangler(repo: Repo, unit: Unit) -> tuple[str | None, Outcome | None]:
    """The Worker's own wrangler after `npm ci`, or the outcome that stops the check."""
    require("npm")
    failed, _ = npm_install(repo, unit)
    if failed:
        return None, failed
    wrangler = repo.root / unit.path / "node_modules" / ".bin" / "wrangler"
    if not wrangler.exists():
        return None, Outcome.fail(f"{unit.path}/package.json does not install wrangler (node_modules/.bin/wrangler)")
    return str(wrangler), None


def dry_run(repo: Repo, unit: Unit) -> Outcome:
    wrangler, stopped = _wrangler(repo, unit)
    if stopped:
        return stopped
    with tempfile.TemporaryDirectory(prefix="stackcraft-wrangler-") as outdir:
        done = run([wrangler, "deploy", "--dry-run", "--outdir", outdir], cwd=repo.root / unit.path,
                   env=worker_env(), timeout=DRY_RUN_TIMEOUT)
    if done.returncode != 0:
        return Outcome.fail(f"{unit.path}/{CONFIG}: wrangler deploy --dry-run failed:\n{_tail(done.output)}")
    upload = next((line.strip() for line in done.output.splitlines() if line.strip().startswith("Total Upload")), "")
    return Outcome.ok(upload or "bundled")


def live_checks(repo: Repo) -> list[Check]:
    """One live check for the HTTP Workers of REPO (none without)."""
    http = [unit for unit in workers(repo) if '"workers_dev": true' in repo.text(unit.path / CONFIG)]
    if not http:
        return []
    return [Check("wrangler dev", f"{count(len(http), 'HTTP Worker')} on 127.0.0.1", lambda: live_run(repo, http))]


def live_run(repo: Repo, units: list[Unit]) -> Outcome:
    """Every HTTP Worker's own wrangler installed first, then all of them served on loopback."""
    wranglers = {}
    for unit in units:
        wrangler, stopped = _wrangler(repo, unit)
        if stopped:
            return stopped
        wranglers[unit.name] = wrangler
    return on_loopback("stackcraft-workers-", lambda stack: _serve(repo, stack, units, wranglers))


def _serve(repo: Repo, stack: Stack, units: list[Unit], wranglers: dict[str, str]) -> list[str]:
    answered = []
    for unit in units:
        port = free_port()
        stack.start(unit.name, [wranglers[unit.name], "dev", "--ip", "127.0.0.1", "--port", str(port)],
                    cwd=repo.root / unit.path, env=worker_env())
        answered.append(_request(stack, unit.name, f"http://127.0.0.1:{port}"))
    return answered


def _request(stack: Stack, name: str, base: str) -> str:
    """GET / with a fresh X-Request-ID once the Worker listens: the id must come back, in the
    body too, and the Worker's log must hold a request line with it that keeps the contract."""
    request_id = f"stackcraft-check-{uuid.uuid4().hex[:12]}"
    request = urllib.request.Request(f"{base}/", headers={"X-Request-ID": request_id})
    proc, since = stack.processes[name], time.monotonic()
    while True:
        if proc.poll() is not None:
            raise LiveFailure(f"functions/{name}: wrangler dev exited with code {proc.returncode}:\n{stack.tail(name)}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                echoed, body = response.headers.get("X-Request-ID"), json.loads(response.read() or b"{}")
            break
        except (urllib.error.URLError, OSError, ValueError):
            if time.monotonic() - since > START_TIMEOUT:
                raise LiveFailure(f"functions/{name}: wrangler dev did not answer within {START_TIMEOUT}s:\n"
                                  f"{stack.tail(name)}") from None
            time.sleep(0.5)
    if echoed != request_id or body.get("request_id") != request_id:
        raise LiveFailure(f"functions/{name}: sent X-Request-ID {request_id}, got header {echoed!r}, body {body!r}")
    try:
        entry = _wait_for_line(stack, name, request_id)
    except LiveFailure as exc:  # "<name>: no JSON log line ...": say which folder
        raise LiveFailure(f"functions/{exc}") from None
    problems = request_line_problems(entry)
    if problems:
        raise LiveFailure(f"functions/{name}: the log line of GET / breaks the log contract "
                          f"({'; '.join(problems)}): {json.dumps(entry)}")
    return f"{name}: {request_id} answered and logged"


def _tail(text: str, lines: int = 40) -> str:
    kept = text.strip().splitlines()
    return "\n".join(kept[-lines:])
