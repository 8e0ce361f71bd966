"""Plain `copier copy` applies the spec's rules through copier's validators.

Each case is refused by generator.spec (tests/test_spec.py) and here by copier alone.
The rules copier cannot apply are listed in docs/blueprint.md ("Plain copier").
"""

from __future__ import annotations

import warnings

import copier
import pytest
import yaml

from generator import spec
from generator.spec import demo_spec
from tests.conftest import REPO_ROOT

CASES = [
    ({"project_name": "Shop"}, "project_name"),
    ({"project_name": "a--b"}, "project_name"),
    ({"description": "two\nlines"}, "description"),
    ({"description": "x" * 201}, "description"),
    ({"cloud": "gcp"}, "cloud"),
    ({"gateway": "envoy"}, "gateway"),
    ({"gateway": "cloud"}, "gateway"),
    ({"ci": "gitlab"}, "ci"),
    ({"architecture": "microservices", "iac": "native"}, "iac"),
    ({"services": [{"name": "gateway", "language": "go", "database": "none"}]}, "services[0].name"),
    ({"services": [{"name": "Orders", "language": "go", "database": "none"}]}, "services[0].name"),
    ({"services": [{"name": "pay", "language": "java", "database": "none"}]}, "services[0].language"),
    ({"services": [{"name": "pay", "language": "go", "database": "none", "x": 1}]}, "services[0].x"),
    ({"services": [{"name": "pay", "language": "go", "database": "none"}] * 2}, "services"),
    ({"functions": [{"name": "orders", "runtime": "python", "trigger": "http"}]}, "services"),
    ({"functions": [{"name": "img", "runtime": "python", "trigger": "storage"}]}, "functions[0].trigger"),
    ({"functions": [{"name": "img", "runtime": "ruby", "trigger": "http"}]}, "functions[0].runtime"),
    ({"functions": []}, "functions"),
    ({"services": "orders"}, "services"),
    ({"project_name": "p" * 40, "services": [{"name": "s" * 20, "language": "go", "database": "none"}]}, "services"),
]


@pytest.mark.parametrize(("changes", "field"), CASES)
def test_copier_refuses_what_the_spec_refuses(tmp_path, changes, field):
    data = {**demo_spec().answers(), **changes}
    with pytest.raises(ValueError) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(REPO_ROOT), tmp_path / "out", data=data, defaults=True, pretend=True,
                        quiet=True, vcs_ref="HEAD")
    assert field in str(caught.value)


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
    for key in ("description", "architecture", "cloud", "gateway", "iac", "ci", "functions", "services"):
        assert questions[key]["default"] == demo[key], key
