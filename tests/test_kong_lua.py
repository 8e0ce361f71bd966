"""The Kong gateway's Lua snippets (request-id rule, log line keys), run under LuaJIT.

Kong itself does not run here, so the snippets of the rendered `gateway/kong/kong.yml` run
against a small stand-in for the parts of Kong's PDK and ngx they call (stated below, from
Kong's documentation: `kong.request.get_header`, `kong.service.request.set_header`,
`kong.response.set_header`, `kong.ctx.shared`, `ngx.var.request_id`, `ngx.utctime`, ...).
The snippets' own logic — the id rule, the generated id, the log keys — is what is tested.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

from tests.conftest import run_cli

NGINX_REQUEST_ID = "0123456789abcdef0123456789abcdef"  # what nginx's $request_id looks like
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

STAND_IN = r"""
local cjson_escape = function(s) return (tostring(s):gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end)) end
local results = {}
for index, incoming in ipairs(CASES) do
  local headers_in, upstream, downstream = {}, {}, {}
  if incoming ~= "" then headers_in["X-Request-ID"] = incoming end
  kong = {ctx = {shared = {}},
    request = {get_header = function(name) return headers_in[name] end,
               get_method = function() return "GET" end, get_path = function() return "/api/orders/" end},
    service = {request = {set_header = function(name, value) upstream[name] = value end}},
    response = {set_header = function(name, value) downstream[name] = value end,
                get_status = function() return 200 end}}
  ngx = {var = {request_id = REQUEST_ID}, utctime = function() return "2026-11-27 20:55:01" end,
         now = function() return 100.0123 end, req = {start_time = function() return 100.0 end}}
  for _, code in ipairs(ACCESS) do assert(loadstring(code))() end
  for _, code in ipairs(HEADER_FILTER) do assert(loadstring(code))() end
  local fields = {}
  for key, code in pairs(LOG_FIELDS) do
    local value = assert(loadstring(code))()
    fields[#fields + 1] = '"' .. key .. '":' .. (type(value) == "number" and tostring(value) or '"' .. cjson_escape(value) .. '"')
  end
  results[#results + 1] = '{"upstream":"' .. cjson_escape(upstream["X-Request-ID"]) .. '","downstream":"'
    .. cjson_escape(downstream["X-Request-ID"]) .. '","line":{' .. table.concat(fields, ",") .. '}}'
end
print("[" .. table.concat(results, ",") .. "]")
"""

CASES = {"valid": "contract-42.a:b_C", "longest": "x" * 128, "absent": "", "long": "x" * 129,
         "json": '"}{"injected":1', "crlf": "a\r\nSet-Cookie: x=1", "space": "a b", "unicode": "caf\u00e9"}


def lua_string(text: str) -> str:
    return "'" + "".join(f"\\{b}" for b in text.encode()) + "'"


@pytest.fixture(scope="module")
def kong_yml(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("kong")
    repo = root / "stack"
    result = run_cli("new", str(repo), "--no-git", "--vcs-ref", "HEAD", "-d", "project_name=kong-shop",
                     "-d", "architecture=microservices", "-d", "gateway=kong")
    assert result.code == 0, result.err
    return yaml.safe_load((repo / "gateway/kong/kong.yml").read_text())


@pytest.fixture(scope="module")
def outcomes(kong_yml: dict) -> dict[str, dict]:
    plugins = {plugin["name"]: plugin["config"] for plugin in kong_yml["plugins"]}
    pre, fields = plugins["pre-function"], plugins["file-log"]["custom_fields_by_lua"]
    program = "\n".join([
        "CASES = {" + ", ".join(lua_string(value) for value in CASES.values()) + "}",
        f"REQUEST_ID = {lua_string(NGINX_REQUEST_ID)}",
        "ACCESS = {" + ", ".join(lua_string(code) for code in pre["access"]) + "}",
        "HEADER_FILTER = {" + ", ".join(lua_string(code) for code in pre["header_filter"]) + "}",
        "LOG_FIELDS = {" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in fields.items()) + "}",
        STAND_IN,
    ])
    done = subprocess.run(["luajit", "-"], input=program, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return dict(zip(CASES, json.loads(done.stdout), strict=True))


def test_kong_keeps_a_well_formed_id_and_replaces_any_other(outcomes: dict[str, dict]) -> None:
    for case, outcome in outcomes.items():
        incoming = CASES[case]
        want = incoming if ACCEPTED_ID.fullmatch(incoming) else NGINX_REQUEST_ID
        assert outcome["upstream"] == outcome["downstream"] == want, (case, outcome)
        assert outcome["line"]["request_id"] == want


def test_kong_log_line_has_the_contract_keys(outcomes: dict[str, dict]) -> None:
    line = outcomes["valid"]["line"]
    assert line == {"time": "2026-11-27T20:55:01Z", "level": "info", "msg": "request completed",
                    "service": "gateway", "request_id": CASES["valid"], "method": "GET",
                    "path": "/api/orders/", "status": 200, "duration_ms": 12}


def test_stand_in_covers_every_snippet(kong_yml: dict) -> None:
    """Every Lua snippet of kong.yml is one the stand-in runs (a new one needs a new stand-in)."""
    plugins = {plugin["name"]: plugin["config"] for plugin in kong_yml["plugins"]}
    lua_plugins = {name for name, config in plugins.items() if "access" in config or "custom_fields_by_lua" in config}
    assert lua_plugins == {"pre-function", "file-log"}
    assert set(plugins["pre-function"]) <= {"access", "header_filter"}
