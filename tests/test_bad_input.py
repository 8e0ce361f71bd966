"""Hostile and malformed input: one line naming the field, exit 2, nothing written;
hostile but valid descriptions are escaped so that every generated file still parses."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import hcl2
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.spec import PROJECT_NAME_PATTERN, RESERVED_NAMES, UNIT_NAME_PATTERN
from tests.conftest import run_cli

HYPOTHESIS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
SLOW_HYPOTHESIS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=4)


def refused(tmp_path: Path, data: dict, field: str) -> None:
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump(data, allow_unicode=True))
    dest = tmp_path / "out"
    result = run_cli("new", str(dest), "--data-file", str(spec), "--vcs-ref", "HEAD")
    assert result.code == 2, (data, result)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"stackcraft: {field}"), lines
    assert "Traceback" not in result.err
    assert not dest.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["spec.yml"]


def valid_unit_name(name: str) -> bool:
    return bool(re.fullmatch(UNIT_NAME_PATTERN, name)) and "--" not in name and name not in RESERVED_NAMES


@HYPOTHESIS
@given(name=st.one_of(st.text(), st.from_regex(r"[a-z0-9-]{0,30}", fullmatch=True), st.sampled_from(sorted(RESERVED_NAMES))))
def test_hostile_service_names_are_refused(tmp_path_factory, name):
    assume(not valid_unit_name(name))
    tmp = tmp_path_factory.mktemp("svc")
    refused(tmp, {"project_name": "shop", "architecture": "microservices",
                  "services": [{"name": name, "language": "python", "database": "none"}]}, "services[0].name")


@HYPOTHESIS
@given(name=st.one_of(st.text(), st.from_regex(r"[a-zA-Z0-9_-]{0,45}", fullmatch=True)))
def test_hostile_project_names_are_refused(tmp_path_factory, name):
    assume(not (re.fullmatch(PROJECT_NAME_PATTERN, name) and "--" not in name))
    refused(tmp_path_factory.mktemp("proj"), {"project_name": name}, "project_name")


@HYPOTHESIS
@given(text=st.one_of(st.text(min_size=201), st.text().filter(lambda t: not t.strip()),
                      st.text(alphabet=st.characters(categories=["Cc"]), min_size=1).map(lambda c: "a" + c + "b")))
def test_malformed_descriptions_are_refused(tmp_path_factory, text):
    refused(tmp_path_factory.mktemp("desc"), {"project_name": "shop", "description": text}, "description")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"project_name": "shop", "colour": "blue"}, "colour"),
        ({"project_name": "shop", "services": [{"name": "a1", "language": "python", "x": 1}]}, "services[0].x"),
        ({"project_name": "shop", "services": {"name": "a1"}}, "services"),
        ({"project_name": "shop", "services": [{"name": "a1"}, {"name": "a1"}]}, "services"),
        ({"project_name": "shop", "functions": [{"name": "orders"}]}, "functions"),
        ({"project_name": "shop", "architecture": "serverless", "gateway": "nginx"}, "gateway"),
        ({"project_name": "shop", "architecture": "microservices", "cloud": "cloudflare"}, "cloud"),
        ({"project_name": "shop", "architecture": "serverless", "serverless_kind": "baas", "gateway": "kong"}, "serverless_kind"),
        ({"project_name": "shop", "services": [{"name": "a1", "language": "java"}]}, "services[0].language"),
        ({"project_name": ["a"]}, "project_name"),
        ({"project_name": "shop", "description": 42}, "description"),
    ],
)
def test_malformed_specs_are_refused(tmp_path, data, field):
    refused(tmp_path, data, field)


NASTY = [
    'Quotes " and \' and back\\slash',
    "Template ${var.x} %{ if true } {{ jinja }} {% raw %}",
    "YAML: - item # comment & *anchor !tag | > @at `tick`",
    "Markdown **bold** [link](http://x) <script>alert(1)</script> # heading",
    "TOML ''' \"\"\" [table] key = 1",
    "Unicode café ☕ 日本語 emoji 🚀 and ‮rtl",
]


def assert_every_file_parses(repo: Path, description: str) -> None:
    checked = 0
    for path in repo.rglob("*"):
        if not path.is_file() or ".git" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".yml", ".yaml"):
            if path.name == "template.yaml" or "AWSTemplateFormatVersion" in text:
                import cfnlint.decode

                _, errors = cfnlint.decode.decode_str(text)
                assert not errors, (path, errors)
            else:
                list(yaml.safe_load_all(text))
        elif path.suffix == ".json":
            json.loads(text)
        elif path.suffix == ".toml":
            tomllib.loads(text)
        elif path.suffix == ".tf":
            hcl2.loads(text)
        elif path.suffix == ".py":
            compile(text, str(path), "exec")
        else:
            continue
        checked += 1
    assert checked > 5
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "<script>" not in readme


def assert_description_round_trips(repo: Path, description: str) -> None:
    """The stack's description reads back unchanged from the answers file and the root README."""
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["description"] == description
    for path in repo.rglob("package.json"):
        json.loads(path.read_text())
    for path in repo.rglob("pyproject.toml"):
        tomllib.loads(path.read_text())


@pytest.mark.slow
@pytest.mark.parametrize("description", NASTY)
def test_hostile_descriptions_are_escaped_everywhere(tmp_path, description):
    dest = tmp_path / "nasty-shop"
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump({"description": description}, allow_unicode=True))
    result = run_cli("new", str(dest), "--defaults", "--data-file", str(spec), "--no-git", "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    assert_every_file_parses(dest, description)
    assert_description_round_trips(dest, description)


@pytest.mark.slow
@SLOW_HYPOTHESIS
@given(description=st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1,
                           max_size=200).filter(str.strip))
def test_generated_descriptions_are_escaped(tmp_path_factory, description):
    tmp = tmp_path_factory.mktemp("nasty")
    spec = tmp / "spec.yml"
    spec.write_text(yaml.safe_dump({"description": description, "architecture": "serverless", "iac": "native",
                                    "functions": [{"name": "api", "runtime": "node", "trigger": "http"}]},
                                   allow_unicode=True))
    result = run_cli("new", str(tmp / "gen-shop"), "--defaults", "--data-file", str(spec), "--no-git",
                     "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    assert_every_file_parses(tmp / "gen-shop", description)
    assert_description_round_trips(tmp / "gen-shop", description)
