"""The blueprint's layout rules: plain folder names, conditions in copier's `_exclude`, one
module per cloud with the same interface, no cloud's words in what every cloud shares, and
language-neutral unit files written once."""

from __future__ import annotations

import functools
import fnmatch
import re
from pathlib import Path

import jinja2
import yaml

from generator import capabilities as caps
from tests.conftest import REPO_ROOT

STACK = REPO_ROOT / "blueprints" / "stack"
MACROS = REPO_ROOT / "blueprints" / "macros"
# Each built cloud's words: the names it gives its services and tools, as they would appear in
# text or code. They belong in that cloud's module and trees only. (IAM is every cloud's word.)
CLOUD_WORDS = {
    "aws": re.compile(
        r"\bAWS\b|\baws\b|\bAmazon\b|\bLambda\b|\bECR\b|\bEKS\b|\bSAM\b|\bsam\b|\bSQS\b|EventBridge"
        r"|API Gateway|CloudFormation|CloudWatch|\bS3\b|powertools"
    ),
    "gcp": re.compile(
        r"\bGCP\b|\bgcp\b|Google Cloud|\bGoogle\b|Cloud Run|\bGKE\b|Pub/Sub|\bpubsub\b|Eventarc"
        r"|Artifact Registry|Cloud SQL|Cloud Scheduler|Cloud Logging|\bgcloud\b|Functions Framework"
        r"|Workload Identity"
    ),
    "azure": re.compile(
        r"\bAzure\b|\bazure\b|\bAKS\b|\bACR\b|azurerm|\bEntra\b|Application Insights"
        r"|Flexible Server|\bazd\b|local\.settings"
    ),
    "cloudflare": re.compile(r"\bCloudflare\b|\bcloudflare\b|\bwrangler\b|\bWorkers?\b|workerd|workers\.dev|miniflare"),
}
INTERFACE = {
    "resource_name", "words", "trigger_wiring", "iac_label", "iac_workflow_paths", "iac_jobs",
    "make_native_dev", "make_native_deploy", "make_function_dev", "readme_function_dev", "gitignore_native", "ci_credentials",
    "service_pipeline_note", "service_deploy_jobs", "function_pipeline_note", "function_jobs",
    "diagram_functions", "readme_ci_intro", "readme_ci_variables", "readme_function_pipeline",
    "readme_cold_starts", "readme_native_dev", "readme_function_logs", "readme_evolve_commands",
}
WORD_KEYS = {
    "cloud", "function_platform", "function_gateway", "function_auth", "functions_lock_in", "queue",
    "queue_message_id", "scheduler", "registry", "cluster_variable", "ci_identity", "native_iac",
    "native_iac_files", "native_iac_readme", "native_iac_workflow", "native_lint", "native_ci_summary",
    "native_deploy_summary", "native_stack", "native_local", "ci_auth", "function_permissions",
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


def _owner(relative: str) -> str | None:
    """The cloud whose own file `relative` (a path under the stack blueprint) is, if any."""
    for part in relative.split("/")[:-1]:
        if cloud := _cloud_tree(part):
            return cloud
    relative = relative.removesuffix(".jinja")
    for cloud in caps.CLOUDS.values():
        if any(relative == path or relative.startswith(path + "/") for path in cloud.paths):
            return cloud.value
    for backend in caps.BACKENDS.values():
        if any(fnmatch.fnmatch(relative, path) or relative.startswith(path + "/") for path in backend.paths) \
                or f"baas_provider == '{backend.value}'" in relative:
            return f"baas:{backend.value}"
    return None


def _files_by_owner() -> dict[str | None, list[Path]]:
    """Every blueprint file by the cloud that owns it (None: shared by every cloud): the stack's
    files, the cloud modules with their helper folders, and the shared macros."""
    owners: dict[str | None, list[Path]] = {}
    for path in _template_files():
        owners.setdefault(_owner(path.relative_to(STACK).as_posix()), []).append(path)
    for cloud in caps.built("cloud"):
        owners.setdefault(cloud, []).append(MACROS / "clouds" / f"{cloud}.jinja")
        owners[cloud] += sorted((MACROS / "clouds" / cloud).rglob("*.jinja"))
    owners.setdefault(None, []).extend(MACROS.glob("*.jinja"))
    return owners


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


@functools.cache
def _text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.name == "rules.jinja":  # the reserved names are the answers' words, cloud values among them
        text = re.sub(r"\{%-? set reserved = \[.*?\] -?%\}", "", text, flags=re.S)
    return text


def _words_in(path: Path, words: re.Pattern[str]) -> list[str]:
    if path.name.startswith(("package-lock.json", "uv.lock")):
        return []  # written by npm and uv: package names and URLs, not the blueprint's prose or code
    return [f"{path.relative_to(REPO_ROOT)}: {match.group(0)}" for match in words.finditer(_text(path))]


def test_every_built_cloud_declares_its_words():
    assert set(caps.built("cloud")) <= set(CLOUD_WORDS)


def test_no_cloud_word_outside_that_cloud_s_own_files():
    owners = _files_by_owner()
    shared = owners[None]
    assert any(path.name == "README.md.jinja" for path in shared) and any(path.name == "ci.jinja" for path in shared)
    hits = []
    for cloud, words in CLOUD_WORDS.items():
        # a BaaS provider's own files may name the platform it runs on (Firebase: Google Cloud)
        others = [path for owner, paths in owners.items() if owner != cloud and not str(owner).startswith("baas:")
                  for path in paths]
        assert len(others) > len(shared)  # another cloud's files are searched, not only the shared ones
        hits += [f"{cloud} word in {hit}" for path in others for hit in _words_in(path, words)]
    assert not hits, "\n".join(hits)


def test_each_cloud_s_words_are_found_in_its_own_module():
    for cloud in caps.built("cloud"):
        module = MACROS / "clouds" / f"{cloud}.jinja"
        assert CLOUD_WORDS[cloud].search(module.read_text(encoding="utf-8")), cloud


def test_a_file_s_owner_is_read_from_its_path():
    assert _owner("infra/{% if cloud == 'azure' %}terraform{% endif %}/main.tf.jinja") == "azure"
    assert _owner("functions/{% yield fn from gcp_node_functions %}{{ fn.name }}{% endyield %}/src/index.js.jinja") == "gcp"
    assert _owner("template.yaml.jinja") == "aws"
    assert _owner("README.md.jinja") is None
    assert _owner("cloud-functions/src/log.ts") == "baas:firebase"
    assert _owner(".github/workflows/supabase-database.yml.jinja") == "baas:supabase"


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


def test_make_dev_of_a_functions_only_stack_points_only_to_folders_the_cloud_s_kits_have():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(REPO_ROOT)),
                             extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"])
    seen = 0
    for cloud in caps.built("cloud"):
        module = env.get_template(f"blueprints/macros/clouds/{cloud}.jinja").module
        text = str(module.make_function_dev([{"name": "hook", "runtime": "python", "trigger": "http"}]))
        assert re.search(r"^dev: ## \S", text.strip(), re.M), (cloud, text)
        kit_folders = {path.relative_to(kit).as_posix() for kit in (STACK / "functions").iterdir()
                       if _cloud_tree(kit.name) == cloud for path in kit.rglob("*") if path.is_dir()}
        assert kit_folders, cloud
        for folder in re.findall(r"functions/(?:<name>|hook|\$\(FN\))/([\w./-]+)/", text):
            seen += 1
            assert folder in kit_folders, (cloud, folder)
    assert seen  # AWS's text names its kits' tests/events/
