"""Plain `copier copy` applies the spec's rules through copier's validators.

Each case is refused by generator.spec (tests/test_spec.py) and here by copier alone.
The rules copier cannot apply are listed in docs/blueprint.md ("Plain copier").
"""

from __future__ import annotations

import warnings

import copier
import jinja2
import pytest
import yaml

from generator import spec
from generator.spec import SpecError, demo_spec, parse_spec
from tests.conftest import REPO_ROOT

# (changes to the demo answers, the field, the rule's own words: both copier and the spec say them)
CASES = [
    ({"project_name": "Shop"}, "project_name", "is not allowed: use 3-40 lowercase letters, digits and"),
    ({"project_name": "shop\n"}, "project_name", "is not allowed: use 3-40 lowercase letters, digits and"),
    ({"project_name": "a--b"}, "project_name", "has a double hyphen; use single hyphens"),
    ({"project_name": "nul"}, "project_name", "is a Windows device name"),
    ({"owner": "team a"}, "owner", "is not allowed: use a group or user reference"),
    ({"owner": "group:" + "x" * 64}, "owner", "at most 63 characters"),
    ({"description": "two\nlines"}, "description", "must be one line without control characters"),
    ({"description": "x" * 201}, "description", "is 201 characters long; at most 200 are allowed"),
    ({"description": "  "}, "description", "must not be empty"),
    ({"cloud": "cloudflare"}, "cloud", "cloudflare runs serverless only"),  # the demo is hybrid
    ({"cloud": "gcp", "iac": "native"}, "iac", "gcp"),
    ({"cloud": "azure", "iac": "native"}, "iac", "azure has no native IaC here; choices for azure: terraform"),
    ({"gateway": "envoy"}, "gateway", "is not available in this release"),
    ({"gateway": "cloud"}, "gateway", ": nginx, kong"),  # spec: not available; copier: fronts functions only
    ({"ci": "gitlab"}, "ci", "is not available in this release"),
    ({"architecture": "microservices", "iac": "native"}, "iac", ""),  # the spec names the leftover functions first
    ({"services": [{"name": "gateway", "language": "go", "database": "none"}]}, "services[0].name",
     "is reserved (it names a folder or tool of the generated repo)"),
    ({"services": [{"name": "Orders", "language": "go", "database": "none"}]}, "services[0].name",
     "is not allowed: use 2-20 lowercase letters, digits and single hyphens"),
    ({"services": [{"name": "ab\n", "language": "go", "database": "none"}]}, "services[0].name",
     "is not allowed: use 2-20 lowercase letters, digits and single hyphens"),
    ({"services": [{"name": "com1", "language": "go", "database": "none"}]}, "services[0].name",
     "is a Windows device name"),
    ({"services": [{"name": "pay", "language": "java", "database": "none"}]}, "services[0].language", "java"),
    ({"services": [{"name": "pay", "language": "go", "database": "none", "x": 1}]}, "services[0].x",
     "is not a known key"),
    ({"services": [{"name": "pay", "language": "go", "database": "none"}] * 2}, "services",
     "names must be unique across services and functions"),
    ({"functions": [{"name": "orders", "runtime": "python", "trigger": "http"}]}, "services",
     "names must be unique across services and functions"),
    ({"functions": [{"name": "img", "runtime": "python", "trigger": "storage"}]}, "functions[0].trigger", "storage"),
    ({"functions": [{"name": "img", "runtime": "ruby", "trigger": "http"}]}, "functions[0].runtime",
     "'ruby' is not one of"),
    ({"functions": []}, "functions", "at least one"),
    ({"services": "orders"}, "services", ""),
    ({"project_name": "p" * 40, "services": [{"name": "s" * 20, "language": "go", "database": "none"}]}, "services",
     "makes resource names"),
]


def copier_refusal(tmp_path, data) -> str:
    with pytest.raises(ValueError) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(REPO_ROOT), tmp_path / "out", data=data, defaults=True, pretend=True,
                        quiet=True, vcs_ref="HEAD")
    return str(caught.value)


@pytest.mark.parametrize(("changes", "field", "words"), CASES)
def test_copier_refuses_what_the_spec_refuses(tmp_path, changes, field, words):
    data = {**demo_spec().answers(), **changes}
    with pytest.raises(SpecError) as spec_refusal:
        parse_spec(data)
    copier_message = copier_refusal(tmp_path, data)
    assert f"{field}: " in copier_message or f"Invalid choice for '{field}': " in copier_message, copier_message
    assert words.replace("'", '"') in copier_message.replace("'", '"'), copier_message
    assert words.replace("'", '"') in str(spec_refusal.value).replace("'", '"'), spec_refusal.value


def test_copier_accepts_the_demo(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(REPO_ROOT), tmp_path / "out", data=demo_spec().answers(), defaults=True,
                        pretend=True, quiet=True, vcs_ref="HEAD")


def test_copier_choices_match_the_spec():
    questions = yaml.safe_load((REPO_ROOT / "copier.yml").read_text())

    def values(key):
        choices = questions[key]["choices"]
        items = choices.values() if isinstance(choices, dict) else choices
        return {item["value"] if isinstance(item, dict) else item for item in items}

    assert values("architecture") == set(spec.ARCHITECTURES)
    assert values("serverless_kind") == set(spec.SERVERLESS_KINDS)
    assert values("cloud") == set(spec.CLOUDS)
    assert values("baas_provider") == set(spec.BAAS_PROVIDERS)
    assert values("gateway") == set(spec.GATEWAYS)
    assert values("iac") == set(spec.IACS)
    assert values("ci") == set(spec.CIS)


def test_copier_defaults_are_the_demo_stack():
    questions = yaml.safe_load((REPO_ROOT / "copier.yml").read_text())
    demo = demo_spec().answers()
    for key in ("description", "architecture", "cloud", "gateway", "iac", "ci", "services"):
        default = questions[key]["default"]
        if key == "iac":  # a Jinja choice by cloud: native on the cloud that has no Terraform
            assert jinja2.Template(default).render(cloud="cloudflare") == "native"
            default = jinja2.Template(default).render(cloud=demo["cloud"])
        assert default == demo[key], key


@pytest.mark.parametrize("answers", [
    {"architecture": "hybrid"},
    {"architecture": "serverless", "serverless_kind": "faas"},
    {"architecture": "serverless", "serverless_kind": "baas"},
])
def test_copier_default_functions_are_the_specs(answers):
    """copier.yml's `functions` default is a template: the demo's, or a BaaS stack's example."""
    template = yaml.safe_load((REPO_ROOT / "copier.yml").read_text())["functions"]["default"]
    rendered = yaml.safe_load(jinja2.Template(template).render(**answers))
    assert rendered == spec.with_defaults(answers)["functions"]
