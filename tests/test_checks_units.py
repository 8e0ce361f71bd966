"""Each unit's own tests through its Makefile, and the native live run behind nginx."""

from __future__ import annotations

import socket

import pytest

from generator.checks import live, units
from generator.checks.results import Status
from tests.test_checks_support import assert_status, make_repo, only, project_tools, run_family  # noqa: F401

pytestmark = pytest.mark.usefixtures("project_tools")

PY_MAKEFILE = """
    PYTHON ?= python3
    HOST ?= 0.0.0.0
    PORT ?= 8080
    test:
    \t$(PYTHON) -m pytest -q -p no:cacheprovider
    run:
    \tHOST=$(HOST) PORT=$(PORT) $(PYTHON) server.py
    """

# A unit-contract service in the standard library: /healthz, / with the request id, JSON logs.
SERVER = '''
    import json, os, sys, time, uuid
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    NAME = os.path.basename(os.path.dirname(os.path.abspath(__file__)))
    LEVEL = "info"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            rid = self.headers.get("X-Request-ID") or uuid.uuid4().hex
            body = {"status": "ok"} if self.path == "/healthz" else {
                "service": NAME, "message": f"hello from {NAME}", "request_id": rid}
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Request-ID", rid)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            print(json.dumps({"time": now, "level": LEVEL, "msg": "request completed", "service": NAME,
                              "request_id": rid, "method": "GET", "path": self.path, "status": 200,
                              "duration_ms": 0.5}), flush=True)

        def log_message(self, *args):
            pass

    ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
    '''


def python_unit(passing: bool = True) -> dict[str, str]:
    return {
        "Makefile": PY_MAKEFILE,
        "pyproject.toml": '[project]\nname = "svc"\nversion = "0.1.0"\n',
        "server.py": SERVER,
        "tests/test_unit.py": f"def test_it():\n    assert {passing}\n",
    }


def unit_files(prefix: str, files: dict[str, str]) -> dict[str, str]:
    return {f"{prefix}/{rel}": text for rel, text in files.items()}


def test_passing_and_failing_unit_tests(tmp_path):
    repo = make_repo(tmp_path, {**unit_files("services/good", python_unit(True)),
                                **unit_files("functions/bad", python_unit(False))})
    results = {r.target: r for r in run_family(units, repo)}
    assert_status(results["services/good"], Status.PASSED)
    assert results["services/good"].detail == "1 tests passed"
    assert_status(results["functions/bad"], Status.FAILED)
    assert "assert False" in results["functions/bad"].detail


def test_a_unit_whose_tests_all_skip_fails(tmp_path):
    files = python_unit(True)
    files["tests/test_unit.py"] = "import pytest\n\n\n@pytest.mark.skip(reason='later')\ndef test_it():\n    pass\n"
    result = only(run_family(units, make_repo(tmp_path, unit_files("services/idle", files))))
    assert_status(result, Status.FAILED)
    assert "passed no test" in result.detail and "1 skipped" in result.detail


NODE_MAKEFILE = ".PHONY: test\ntest:\n\tnode --test\n"
NODE_TEST = """
    import { test } from "node:test";
    import assert from "node:assert/strict";

    test("one", () => assert.equal(1 + 1, 2));
    test("two", () => assert.ok(true));
    test("three", () => assert.match("abc", /b/));
    """
GO_TEST = """
    package svc

    import "testing"

    func TestOne(t *testing.T) {}

    func TestTwo(t *testing.T) {
    	t.Run("inner", func(t *testing.T) {})
    }
    """


def test_node_and_go_units_report_how_many_tests_passed(tmp_path):
    repo = make_repo(tmp_path, {
        "functions/hook/Makefile": NODE_MAKEFILE,
        "functions/hook/package.json": '{"name": "hook", "private": true, "type": "module"}\n',
        "functions/hook/test/hook.test.js": NODE_TEST,
        "services/ledger/Makefile": ".PHONY: test\ntest:\n\tgo test ./...\n",
        "services/ledger/go.mod": "module example.com/ledger\n\ngo 1.22\n",
        "services/ledger/svc_test.go": GO_TEST,
    })
    results = {r.target: r for r in run_family(units, repo)}
    assert_status(results["functions/hook"], Status.PASSED)
    assert results["functions/hook"].detail.startswith("3 tests passed")
    assert_status(results["services/ledger"], Status.PASSED)
    assert results["services/ledger"].detail == "2 tests passed"  # top-level tests; subtests are theirs


@pytest.mark.parametrize(("language", "output", "count"), [
    ("python", "...\n11 passed, 1 warning in 4.37s\n", 11),
    ("python", "======= 3 passed in 0.10s =======\n", 3),
    ("python", "2 skipped in 0.01s\n", 0),
    ("node", " Test Files  2 passed (2)\n      Tests  11 passed (11)\n", 11),
    ("node", "1..2\n# tests 2\n# pass 2\n# fail 0\n", 2),
    ("node", "\u2139 tests 4\n\u2139 pass 4\n", 4),
    ("go", "=== RUN   TestA\n--- PASS: TestA (0.00s)\nPASS\nok  \tx\t0.1s\n", 1),
    ("go", "ok  \tx\t0.1s\n", 0),
    ("python", "all good\n", None),
])
def test_passed_counts_are_read_from_each_runners_summary(language, output, count):
    assert units.tests_passed(language, output) == count


def test_unit_without_makefile_fails_and_java_is_static_only(tmp_path):
    repo = make_repo(tmp_path, {"services/empty/pyproject.toml": '[project]\nname = "x"\n',
                                "services/legacy/Makefile": "test:\n\tfalse\n",
                                "services/legacy/pom.xml": "<project/>\n"})
    results = {r.target: r for r in run_family(units, repo)}
    assert_status(results["services/empty"], Status.FAILED)
    assert "Makefile" in results["services/empty"].detail
    assert_status(results["services/legacy"], Status.NOT_APPLICABLE)


NGINX_CONF = "events {}\nhttp {\n    include conf.d/*.conf;\n}\n"
GATEWAY = """
    upstream orders {
        server ${ORDERS_UPSTREAM};
    }
    upstream stock {
        server ${STOCK_UPSTREAM};
    }
    log_format contract escape=json '{"time":"$time_iso8601","level":"info","msg":"request completed",'
        '"service":"gateway","request_id":"$rid","method":"$request_method","path":"$uri","status":$status'
        '{DURATION}}';
    access_log /dev/stdout contract;
    map $http_x_request_id $rid {
        "" $request_id;
        default $http_x_request_id;
    }
    server {
        listen 8080;
        listen [::]:8080;
        proxy_hide_header X-Request-ID;
        add_header X-Request-ID $rid always;
        proxy_set_header X-Request-ID $rid;
        location = /healthz {
            return 200 '{"status":"ok"}';
        }
        location /api/orders/ {
            proxy_pass http://orders/;
        }
        location /api/stock/ {
            proxy_pass http://stock/;
        }
    }
    """
E2E = """
    import os, subprocess, urllib.request

    def test_through_the_gateway():
        request = urllib.request.Request(os.environ["GATEWAY_URL"] + "/api/stock/", headers={"X-Request-ID": "e2e-1"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["X-Request-ID"] == "e2e-1"
        logs = subprocess.run(os.environ["STACK_LOGS_CMD"].format(service="stock"), shell=True,
                              capture_output=True, text=True, check=True).stdout
        assert "e2e-1" in logs and {ASSERT}
    """


def live_repo(root, e2e_ok: bool = True, gateway_duration: bool = True):
    return make_repo(root, {
        **unit_files("services/orders", python_unit()),
        **unit_files("services/stock", python_unit()),
        "gateway/nginx/nginx.conf": NGINX_CONF,
        "gateway/nginx/templates/default.conf.template": GATEWAY.replace(
            "{DURATION}", ',"duration_ms":$request_time' if gateway_duration else ""),
        "tests/e2e/test_gateway.py": E2E.replace("{ASSERT}", "True" if e2e_ok else "False"),
    })


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_live_run_starts_services_and_nginx_then_stops_them(tmp_path, monkeypatch):
    started = []
    original = live.free_port

    def tracked_port():
        started.append(original())
        return started[-1]

    monkeypatch.setattr(live, "free_port", tracked_port)
    result = only(run_family(live, live_repo(tmp_path)))
    assert_status(result, Status.PASSED)
    assert "2 services up" in result.detail and "1 passed" in result.detail
    assert len(started) == 3
    assert not any(listening(port) for port in started)  # everything was stopped


def test_live_run_fails_when_the_e2e_tests_fail_and_still_stops_everything(tmp_path, monkeypatch):
    started = []
    original = live.free_port
    monkeypatch.setattr(live, "free_port", lambda: started.append(original()) or started[-1])
    result = only(run_family(live, live_repo(tmp_path, e2e_ok=False)))
    assert_status(result, Status.FAILED)
    assert "tests/e2e failed" in result.detail
    assert not any(listening(port) for port in started)


def test_live_run_reports_a_service_that_does_not_start(tmp_path):
    repo = live_repo(tmp_path)
    (tmp_path / "services/orders/server.py").write_text("raise SystemExit('no config')\n")
    result = only(run_family(live, repo))
    assert_status(result, Status.FAILED)
    assert "orders exited" in result.detail and "no config" in result.detail


def test_live_run_fails_when_a_service_log_line_breaks_the_log_contract(tmp_path):
    repo = live_repo(tmp_path)
    server = tmp_path / "services/stock/server.py"
    server.write_text(server.read_text().replace('LEVEL = "info"', 'LEVEL = "warning"'))
    result = only(run_family(live, repo))
    assert_status(result, Status.FAILED)
    assert "stock: the log line of GET" in result.detail
    assert "level 'warning' is not one of debug, info, warn, error" in result.detail


def test_live_run_fails_when_the_gateway_log_line_lacks_a_contract_key(tmp_path):
    result = only(run_family(live, live_repo(tmp_path, gateway_duration=False)))
    assert_status(result, Status.FAILED)
    assert "gateway: the log line of GET" in result.detail and "missing duration_ms" in result.detail


def test_live_run_of_a_service_without_a_makefile_fails_naming_it_before_starting_anything(tmp_path):
    repo = live_repo(tmp_path)
    (tmp_path / "services/stock/Makefile").unlink()
    result = only(run_family(live, repo))
    assert_status(result, Status.FAILED)
    assert result.detail == "no Makefile (its run target starts the service): services/stock"


def test_live_run_of_a_function_without_a_makefile_fails_naming_it(tmp_path):
    files = {**unit_files("functions/hook", python_unit()), **unit_files("functions/sweep", python_unit())}
    del files["functions/sweep/Makefile"]
    repo = make_repo(tmp_path, files, answers="project_name: x\narchitecture: serverless\ncloud: gcp\n"
                     "functions: [{name: hook, runtime: python, trigger: http}, {name: sweep, runtime: python, "
                     "trigger: schedule}]\n")
    result = only(run_family(live, repo))  # the live family plans the functions run
    assert_status(result, Status.FAILED)
    assert result.detail == "no Makefile (its run target serves the function): functions/sweep"


def test_kong_gateway_has_no_native_live_run(tmp_path):
    repo = make_repo(tmp_path, unit_files("services/orders", python_unit()),
                     answers="project_name: x\narchitecture: microservices\ngateway: kong\n")
    assert_status(only(run_family(live, repo)), Status.NOT_APPLICABLE)
