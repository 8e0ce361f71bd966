"""The stack spec's rules, each refused with the field it concerns."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from generator.spec import SpecError, StackSpec, check_name_is_free, demo_spec, parse_spec, with_defaults


def spec_with(**changes):
    return {**demo_spec().answers(), **changes}


def test_demo_spec_is_hybrid_with_python_and_typescript_services_and_a_python_function():
    spec = demo_spec()
    assert spec.architecture == "hybrid" and spec.cloud == "aws" and spec.gateway == "nginx"
    assert {s.language for s in spec.services} >= {"python", "typescript"}
    assert [f.runtime for f in spec.functions] == ["python"]


def test_answers_leave_out_keys_the_architecture_does_not_ask():
    answers = parse_spec(with_defaults({"project_name": "abc", "architecture": "serverless"})).answers()
    assert "services" not in answers and "gateway" not in answers
    assert answers["serverless_kind"] == "faas" and answers["functions"]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"project_name": "Shop"}, "project_name", "lowercase"),
        ({"project_name": "a--b"}, "project_name", "double hyphen"),
        ({"project_name": "x" * 41}, "project_name", "3-40"),
        ({"description": "two\nlines"}, "description", "one line"),
        ({"description": "x" * 201}, "description", "at most 200"),
        ({"description": "   "}, "description", "empty"),
        ({"architecture": "monolith"}, "architecture", "serverless"),
        ({"cloud": "cloudflare"}, "cloud", "serverless only"),
        ({"cloud": "azure", "iac": "native"}, "iac", "azure has no native IaC"),
        ({"gateway": "traefik"}, "gateway", "not available"),
        ({"ci": "gitlab"}, "ci", "not available"),
        ({"colour": "blue"}, "colour", "not a known key"),
        ({"services": [{"name": "gateway", "language": "go"}]}, "services[0].name", "reserved"),
        ({"services": [{"name": "Orders"}]}, "services[0].name", "lowercase"),
        ({"services": [{"name": "a" * 21}]}, "services[0].name", "2-20"),
        ({"services": [{"name": "pay", "language": "java"}]}, "services[0].language", "not available"),
        ({"services": [{"name": "pay", "language": "rust"}]}, "services[0].language", "python"),
        ({"services": [{"name": "pay", "colour": "red"}]}, "services[0].colour", "not a known key"),
        ({"services": [{"name": "pay"}, {"name": "pay"}]}, "services", "twice"),
        ({"functions": [{"name": "orders"}]}, "functions", "twice"),
        ({"functions": [{"name": "img", "trigger": "storage"}]}, "functions[0].trigger", "not available"),
        ({"services": []}, "services", "at least one"),
        ({"functions": []}, "functions", "at least one"),
        ({"serverless_kind": "baas"}, "serverless_kind", "faas"),
        ({"iac": "pulumi"}, "iac", "terraform"),
        ({"project_name": "p" * 40, "services": [{"name": "s" * 20}]}, "services", "63"),
    ],
)
def test_rule_names_its_field(changes, field, words):
    with pytest.raises(SpecError) as caught:
        parse_spec(spec_with(**changes))
    assert caught.value.field == field
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"project_name": "abc", "architecture": "serverless", "gateway": "kong"}, "gateway"),
        ({"project_name": "abc", "architecture": "microservices", "serverless_kind": "faas"}, "serverless_kind"),
        ({"project_name": "abc", "architecture": "hybrid", "baas_provider": "firebase"}, "baas_provider"),
        ({"project_name": "abc", "architecture": "serverless", "services": [{"name": "api"}]}, "services"),
        ({"project_name": "abc", "architecture": "microservices", "functions": [{"name": "fn"}]}, "functions"),
    ],
)
def test_combinations_that_make_no_sense_are_refused(raw, field):
    with pytest.raises(SpecError) as caught:
        parse_spec(with_defaults(raw))
    assert caught.value.field == field


def test_unit_defaults_fill_language_and_database():
    spec = parse_spec(with_defaults({"project_name": "abc", "architecture": "microservices",
                                     "services": [{"name": "api"}]}))
    assert spec.services[0].language == "python" and spec.services[0].database == "none"


def test_spec_is_immutable():
    with pytest.raises(ValidationError, match="frozen_instance"):
        demo_spec().project_name = "other"  # type: ignore[misc]
    assert isinstance(demo_spec(), StackSpec)


@pytest.mark.parametrize("name", ["con", "prn", "aux", "nul", "com1", "com5", "com9", "lpt1", "lpt9"])
def test_windows_device_names_are_refused_for_projects_and_units(name):
    with pytest.raises(SpecError) as project:
        parse_spec(spec_with(project_name=name))
    assert project.value.field == "project_name" and "Windows device name" in project.value.message
    with pytest.raises(SpecError) as unit:
        parse_spec(spec_with(services=[{"name": name}]))
    assert unit.value.field == "services[0].name" and "Windows device name" in unit.value.message


@pytest.mark.parametrize("name", ["com0", "lpt10", "cons", "nul1", "auxx"])
def test_names_that_only_resemble_devices_are_fine(name):
    assert parse_spec(spec_with(services=[{"name": name}])).services[0].name == name


@pytest.mark.parametrize(("changes", "field"), [({"project_name": "shop\n"}, "project_name"),
                                                ({"services": [{"name": "ab\n"}]}, "services[0].name")])
def test_a_trailing_newline_is_not_part_of_a_valid_name(changes, field):
    with pytest.raises(SpecError) as caught:
        parse_spec(spec_with(**changes))
    assert caught.value.field == field and "is not allowed" in caught.value.message


def test_a_new_unit_name_taken_by_the_other_kind_is_named_in_the_users_words():
    answers = demo_spec().answers()
    with pytest.raises(SpecError) as caught:
        check_name_is_free(answers, "services", "notify")
    assert caught.value.field == "services"
    assert caught.value.message == ("'notify' is already the name of a function in this stack; "
                                    "names must be unique across services and functions")
    check_name_is_free(answers, "services", "billing")


@pytest.mark.parametrize("cloud", [[], {}, ["aws"], 1, None])
def test_a_cloud_that_is_not_text_is_refused_without_an_iac_answer(cloud):
    """The cloud's default IaC is looked up only for a text answer; anything else is a bad cloud."""
    raw = {"project_name": "abc", "architecture": "serverless", "cloud": cloud}
    with pytest.raises(SpecError) as caught:
        parse_spec(with_defaults(raw))
    assert caught.value.field == "cloud"
    assert "aws" in str(caught.value) and "\n" not in str(caught.value)
