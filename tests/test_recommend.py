"""`stackcraft recommend`: the cases are the use-case lists of the serverless-vs-microservices
comparison the criteria come from (docs/recommend.md), each with the expected architecture and
the criteria its reasons must cite."""

from __future__ import annotations

import json

import pytest
import yaml

from generator import capabilities as caps
from tests.conftest import run_cli

# name: (traits, expected architecture, expected serverless flavour, criteria the reasons must name)
CASES = {
    # serverless use cases
    "traffic that spikes and idles": ({"traffic": "spiky"}, "serverless", "faas", {"traffic"}),
    "internet of things": ({"events": "yes"}, "serverless", "faas", {"events"}),
    "ci/cd automation as events": ({"events": "yes", "longest_job": "seconds"}, "serverless", "faas",
                                   {"events", "longest_job"}),
    "short-lived functions": ({"longest_job": "seconds"}, "serverless", "faas", {"longest_job"}),
    "immediate start at low cost": ({"start": "immediate", "budget": "pay-per-use"}, "serverless", "faas",
                                    {"start", "budget"}),
    "startup web app, no ops": ({"scale": "small", "teams": 1, "team_size": 3, "ops": "none"}, "serverless",
                                "faas", {"scale", "teams", "ops"}),
    "front end on a managed backend": ({"managed_backend": "yes", "start": "immediate"}, "serverless", "baas",
                                       {"managed_backend", "start"}),
    # microservices use cases
    "scale up and down quickly": ({"traffic": "growing"}, "microservices", None, {"traffic"}),
    "features added often": ({"feature_pace": "frequent", "scale": "large"}, "microservices", None,
                             {"feature_pace", "scale"}),
    "big data, one task per stage": ({"pipeline": "yes"}, "microservices", None, {"pipeline"}),
    "rewriting a legacy application": ({"legacy_rewrite": "yes"}, "microservices", None, {"legacy_rewrite"}),
    "components reused across products": ({"shared_components": "yes"}, "microservices", None,
                                          {"shared_components"}),
    "many autonomous teams": ({"teams": 6}, "microservices", None, {"teams"}),
    "several languages": ({"languages": ["go", "python", "java"]}, "microservices", None, {"languages"}),
    "enterprise with an ops team": ({"scale": "large", "ops": "dedicated", "budget": "upfront"}, "microservices",
                                    None, {"scale", "ops", "budget"}),
    "cold starts unacceptable, long jobs": ({"latency": "sensitive", "longest_job": "hours"}, "microservices",
                                            None, {"latency", "longest_job"}),
    # both: the comparison says they combine
    "spiky traffic but hour-long jobs": ({"traffic": "spiky", "longest_job": "hours"}, "hybrid", None,
                                         {"traffic", "longest_job"}),
    "iot events with live connections": ({"events": "yes", "start": "immediate", "connections": "stateful"},
                                         "hybrid", None, {"events", "start", "connections"}),
    "enterprise with spiky traffic": ({"scale": "large", "teams": 4, "traffic": "spiky"}, "hybrid", None,
                                      {"scale", "teams", "traffic"}),
}


def recommend_json(*args: str) -> dict:
    result = run_cli("recommend", "--json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def as_flags(traits: dict) -> list[str]:
    flags = []
    for key, value in traits.items():
        flags += ["-t", f"{key}={','.join(value) if isinstance(value, list) else value}"]
    return flags


@pytest.mark.parametrize("case", CASES)
def test_case_table(case):
    traits, architecture, kind, criteria = CASES[case]
    answer = recommend_json(*as_flags(traits))
    assert answer["architecture"] == architecture, answer["scores"]
    assert answer["serverless_kind"] == kind
    cited = {reason["criterion"] for reason in answer["reasons"]}
    assert criteria <= cited, (criteria, answer["reasons"])
    assert all(reason["text"] and reason["source"] for reason in answer["reasons"] if reason["criterion"] in criteria)


def test_a_data_file_gives_the_same_answer_as_flags(tmp_path):
    traits = CASES["spiky traffic but hour-long jobs"][0]
    spec = tmp_path / "traits.yml"
    spec.write_text(yaml.safe_dump(traits))
    assert recommend_json("--data-file", str(spec)) == recommend_json(*as_flags(traits))


def test_contradiction_is_hybrid_with_the_reason_of_each_side():
    answer = recommend_json("-t", "traffic=spiky", "-t", "longest_job=hours")
    by_criterion = {reason["criterion"]: reason for reason in answer["reasons"]}
    assert by_criterion["traffic"]["favours"] == "serverless" and "spike" in by_criterion["traffic"]["text"]
    assert by_criterion["longest_job"]["favours"] == "microservices"
    assert "continuously" in by_criterion["longest_job"]["text"]
    topics = {item["topic"] for item in answer["tradeoffs"]}
    assert {"cold starts", "provider lock-in", "debugging", "API security"} <= topics


def test_the_losing_side_is_reported_against():
    answer = recommend_json("-t", "traffic=spiky", "-t", "latency=sensitive")
    assert answer["architecture"] == "serverless"
    assert [reason["criterion"] for reason in answer["against"]] == ["latency"]
    assert "cold start" in answer["against"][0]["text"]


def test_no_traits_is_a_tie_settled_by_the_table():
    answer = recommend_json()
    assert answer["architecture"] == "serverless"
    assert answer["reasons"][0]["criterion"] == "tie" and "equally" in answer["reasons"][0]["text"]


def test_a_known_cloud_is_suggested_only_when_this_release_builds_it():
    for cloud in caps.values("cloud"):
        answer = recommend_json("-t", "traffic=spiky", "-t", f"cloud={cloud}")
        if cloud in caps.built("cloud"):
            assert answer["suggested"].get("cloud") == cloud
            assert any(reason["criterion"] == "cloud" for reason in answer["reasons"])
        else:
            assert "cloud" not in answer["suggested"]
            fitting = [item["why"] for item in answer["also_fits"] if (item["key"], item["value"]) == ("cloud", cloud)]
            assert fitting == ["not available in this release"]


def test_a_cloud_that_cannot_run_the_architecture_is_not_suggested():
    answer = recommend_json("-t", "teams=6", "-t", "cloud=cloudflare")
    assert answer["architecture"] == "microservices"
    assert answer["suggested"] == {} and answer["also_fits"] == []


def test_backend_provider_follows_the_cloud_and_lock_in():
    gcp = recommend_json("-t", "managed_backend=yes", "-t", "start=immediate", "-t", "cloud=gcp")
    assert gcp["serverless_kind"] == "baas" and gcp["suggested"]["baas_provider"] == "firebase"
    aws = recommend_json("-t", "managed_backend=yes", "-t", "start=immediate", "-t", "cloud=aws")
    assert aws["serverless_kind"] == "baas" and aws["suggested"]["baas_provider"] == "amplify"
    open_one = recommend_json("-t", "managed_backend=yes", "-t", "start=immediate", "-t", "lock_in=avoid",
                              "-t", "traffic=spiky", "-t", "cloud=aws")
    assert open_one["suggested"]["baas_provider"] == "supabase"
    assert gcp["buildable"] == ("baas" in caps.built("serverless_kind"))


@pytest.mark.parametrize("args, field, words", [
    (["-t", "traffic=bursty"], "traffic", "not one of: steady, spiky, growing"),
    (["-t", "teams=many"], "teams", "not a whole number"),
    (["-t", "teams=0"], "teams", "outside 1-1000"),
    (["-t", "languages=cobol"], "languages", "'cobol' is not one of"),
    (["-t", "colour=blue"], "colour", "is not a trait"),
    (["-t", "traffic"], "-t 'traffic'", "expected key=value"),
])
def test_bad_traits_are_one_line_naming_the_field(args, field, words):
    result = run_cli("recommend", "--json", *args)
    assert result.code == 2 and result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"stackcraft: {field}: ") and words in lines[0], result.err


def test_an_org_rules_table_replaces_the_built_in_one(tmp_path, monkeypatch):
    rules = tmp_path / "rules.yml"
    rules.write_text(yaml.safe_dump({
        "version": 1, "tie": "microservices",
        "traits": {"regulated": {"prompt": "Regulated data?", "values": {"no": "No", "yes": "Yes"}, "default": "no"}},
        "rules": [{"id": "regulated", "criterion": "regulated", "when": {"regulated": "yes"},
                   "weights": {"microservices": 5}, "reason": "Our auditors want our own clusters."}],
    }))
    catalogue = tmp_path / "catalogue.yml"
    catalogue.write_text("version: 1\ntemplates: []\nrecommend_rules: rules.yml\n")
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(catalogue))
    answer = recommend_json("-t", "regulated=yes")
    assert answer["architecture"] == "microservices"
    assert answer["reasons"][0]["text"] == "Our auditors want our own clusters."
    assert run_cli("catalogue", "list").code == 0  # the catalogue with its rules entry still reads


def test_a_broken_rules_table_is_one_line(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text("version: 1\ntraits: {}\nrules:\n  - {id: x, criterion: speed, when: {}, reason: r}\n")
    result = run_cli("recommend", "--rules", str(rules))
    assert result.code == 2 and len(result.err.splitlines()) == 1
    assert result.err.startswith(f"stackcraft: rules: {rules}: ")


def test_the_docs_list_every_built_in_rule():
    from generator.advice_rules import load_rules
    from tests.conftest import REPO_ROOT

    page = (REPO_ROOT / "docs" / "recommend.md").read_text()
    rows = {line.split("|")[1].strip() for line in page.splitlines() if line.startswith("| ")}
    rules = [rule for rule in load_rules().rules if rule.weights]
    assert rules and {rule.id for rule in rules} <= rows
