"""The blueprint's layout rules: plain folder names, conditions in copier's `_exclude`, one
module per cloud with the same interface, no cloud's words in what every cloud shares, and
language-neutral unit files written once."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import yaml

from generator import capabilities as caps
from tests.conftest import REPO_ROOT

STACK = REPO_ROOT / "blueprints" / "stack"
MACROS = REPO_ROOT / "blueprints" / "macros"
# Names AWS gives its services and tools, as they would appear in text or code.
AWS_WORDS = re.compile(
    r"\bAWS\b|\baws\b|\bAmazon\b|\bLambda\b|\bECR\b|\bEKS\b|\bSAM\b|\bsam\b|\bSQS\b|EventBridge"
    r"|API Gateway|CloudFormation|CloudWatch|\bIAM\b|\bS3\b|powertools"
)
INTERFACE = {
    "resource_name", "words", "trigger_wiring", "iac_label", "iac_workflow_paths", "iac_jobs",
    "make_native_dev", "make_native_deploy", "gitignore_native", "ci_credentials",
    "service_pipeline_note", "service_deploy_jobs", "diagram_functions", "readme_ci_variables",
    "readme_function_logs",
}
WORD_KEYS = {
    "cloud", "function_platform", "function_gateway", "function_auth", "functions_lock_in", "queue",
    "queue_message_id", "scheduler", "registry", "cluster_variable", "ci_identity", "native_iac",
    "native_iac_files", "native_iac_readme", "native_iac_workflow", "native_lint", "native_ci_summary",
    "native_deploy_summary", "native_stack", "native_local",
}


def _template_files() -> list[Path]:
    files = [path for path in STACK.rglob("*") if path.is_file()]
    assert files
    return files


def _cloud_tree(part: str) -> str | None:
    """The cloud whose own source tree `part` is, if it is one: a folder that renders to a
    plain name on that cloud only, or a yield over that cloud's function list."""
    for cloud in caps.CLOUDS:
        if re.fullmatch(rf"\{{% if cloud == '{cloud}' %\}}[a-z]+\{{% endif %\}}", part):
            return cloud
        if re.fullmatch(rf"\{{% yield fn from {cloud}_[a-z]+_functions %\}}\{{\{{ fn\.name \}}\}}\{{% endyield %\}}", part):
            return cloud
    return None


def _owned_by_a_cloud(relative: str) -> bool:
    if any(_cloud_tree(part) for part in relative.split("/")[:-1]):
        return True
    relative = relative.removesuffix(".jinja")
    return any(relative == path or relative.startswith(path + "/")
               for cloud in caps.CLOUDS.values() for path in cloud.paths)


def test_folder_names_are_plain_and_conditions_sit_on_the_last_part():
    folders_with_jinja = set()
    for path in _template_files():
        for part in path.relative_to(STACK).parts[:-1]:
            # a per-unit folder may be conditional on that unit: `_exclude` cannot see yield variables
            per_unit = part.startswith("{% if svc.") or part.startswith("{% if fn.")
            if "{%" in part and not part.startswith("{% yield ") and not per_unit and not _cloud_tree(part):
                folders_with_jinja.add(part)
    assert not folders_with_jinja


def test_a_cloud_condition_on_a_folder_is_the_cloud_tree_form_only():
    conditioned = {part for path in _template_files() for part in path.relative_to(STACK).parts[:-1]
                   if "cloud" in part and "{%" in part}
    assert conditioned, "no cloud tree found"
    assert [part for part in conditioned if not _cloud_tree(part)] == []
    assert _cloud_tree("{% if cloud != 'aws' %}terraform{% endif %}") is None
    assert _cloud_tree("{% if cloud == 'aws' %}terraform{% endif %}") == "aws"


def test_every_cloud_tree_belongs_to_a_built_cloud():
    owners = {_cloud_tree(part) for path in _template_files() for part in path.relative_to(STACK).parts[:-1]}
    owners.discard(None)
    assert owners and owners <= set(caps.built("cloud"))


def test_exclude_is_templated_and_copier_is_new_enough_for_it():
    config = yaml.safe_load((REPO_ROOT / "copier.yml").read_text(encoding="utf-8"))
    major, minor = (int(part) for part in config["_min_copier_version"].split(".")[:2])
    assert (major, minor) >= (9, 6)
    assert any("{% if not unit_services %}/services" in line for line in config["_exclude"])


def test_shared_templates_and_macros_carry_no_aws_word():
    shared = [path for path in _template_files() if not _owned_by_a_cloud(path.relative_to(STACK).as_posix())]
    shared += [path for path in MACROS.glob("*.jinja")]
    assert any(path.name == "README.md.jinja" for path in shared) and any(path.name == "ci.jinja" for path in shared)
    hits = []
    for path in shared:
        text = path.read_text(encoding="utf-8")
        if path.name == "rules.jinja":  # the reserved names are the answers' words, "aws" among them
            text = re.sub(r"\{%-? set reserved = \[.*?\] -?%\}", "", text, flags=re.S)
        hits += [f"{path.relative_to(REPO_ROOT)}: {match.group(0)}" for match in AWS_WORDS.finditer(text)]
    assert not hits, "\n".join(hits)


def test_the_aws_words_check_sees_the_aws_module():
    text = (MACROS / "clouds" / "aws.jinja").read_text(encoding="utf-8")
    assert AWS_WORDS.search(text)


def test_every_built_cloud_has_a_module_with_the_interface():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO_ROOT)),
                             extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"])
    built = caps.built("cloud")
    assert built
    for cloud in built:
        module = env.get_template(f"blueprints/macros/clouds/{cloud}.jinja").module
        assert INTERFACE <= set(dir(module)), INTERFACE - set(dir(module))
        assert set(module.words) == WORD_KEYS, cloud


def test_language_neutral_unit_files_come_from_one_services_tree():
    neutral = {"k8s/deployment.yaml.jinja", "k8s/kustomization.yaml.jinja", "k8s/service.yaml.jinja",
               "openapi.yaml.jinja"}
    trees: dict[str, set[str]] = {}
    for path in (STACK / "services").rglob("*"):
        if path.is_file():
            tree, *rest = path.relative_to(STACK / "services").parts
            trees.setdefault(tree, set()).add("/".join(rest))
    every_service = [tree for tree in trees if "from unit_services" in tree]
    assert len(every_service) == 1 and trees[every_service[0]] == neutral
    language_trees = [tree for tree in trees if "from unit_services" not in tree]
    assert len(language_trees) == len(caps.built("language"))
    for tree in language_trees:
        assert not trees[tree] & neutral, tree
