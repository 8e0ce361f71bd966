"""BaaS stacks (`serverless_kind: baas`): the answers they take, the trees they render, `add
function` on them, the Supabase proof (pgTAP on a real PostgreSQL, which fails on a planted
policy bug in a generated repository), the Firebase rules' static check, which fails on
planted rules that let anyone, or any signed-in user, in, and the Amplify backend's type check,
which fails on a planted typo in the owner rule."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from generator.checks.amplify import backend_types
from generator.checks.discover import scan
from generator.checks.firebase import static_rules
from generator.checks.supabase import pgtap
from generator.spec import SpecError, parse_spec, with_defaults
from tests.conftest import run_cli
from tests.test_growth import commit_if_changed, recorded

BAAS = {"project_name": "shop", "architecture": "serverless", "serverless_kind": "baas"}


def test_a_baas_stack_starts_with_its_providers_hello_function():
    spec = parse_spec(with_defaults({**BAAS, "baas_provider": "supabase"}))
    assert [(f.name, f.runtime, f.trigger) for f in spec.functions] == [("hello", "node", "http")]
    answers = spec.answers()
    assert answers["baas_provider"] == "supabase" and "cloud" not in answers and "iac" not in answers


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"functions": [{"name": "img", "runtime": "python", "trigger": "http"}]}, "functions",
     "runs node (TypeScript) functions triggered by http only"),
    ({"functions": [{"name": "tick", "runtime": "node", "trigger": "schedule"}]}, "functions", "'tick' asks for node schedule"),
    ({"cloud": "aws"}, "cloud", "a baas stack runs on supabase"),
    ({"iac": "native"}, "iac", "deployed with its own CLI"),
    ({"functions": []}, "functions", "needs at least one function"),
    ({"baas_provider": "parse"}, "baas_provider", "'parse' is not one of: 'supabase', 'firebase' or 'amplify'"),
])
def test_what_a_baas_stack_cannot_take_is_refused_naming_the_field(changes, field, words):
    with pytest.raises(SpecError) as caught:
        parse_spec(with_defaults({**BAAS, **changes}))
    assert caught.value.field == field and words in caught.value.message


def new_supabase(tmp_path: Path, name: str = "sb-shop") -> Path:
    repo = tmp_path / name
    result = run_cli("new", str(repo), "-d", f"project_name={name}", "-d", "architecture=serverless",
                     "-d", "serverless_kind=baas", "-d", "baas_provider=supabase", "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    return repo


def test_supabase_renders_its_own_trees_and_nothing_of_a_cloud(tmp_path):
    repo = new_supabase(tmp_path)
    for path in ("supabase/config.toml", "supabase/seed.sql", "supabase/tests/database/items_rls.test.sql",
                 "supabase/functions/hello/index.ts", "supabase/functions/hello/handler.test.ts",
                 "supabase/functions/package-lock.json", "client/src/items.ts", "client/package-lock.json",
                 ".github/workflows/supabase-database.yml"):
        assert (repo / path).is_file(), path
    migrations = list((repo / "supabase" / "migrations").glob("*.sql"))
    assert migrations and all(re.fullmatch(r"\d{14}_[a-z_]+\.sql", m.name) for m in migrations)
    assert "to authenticated\n  using ((select auth.uid()) = owner_id)" in migrations[0].read_text()
    for absent in ("infra", "functions", "services", "template.yaml", "samconfig.toml", ".github/workflows/infra.yml"):
        assert not (repo / absent).exists(), absent
    answers = recorded(repo)
    assert answers["baas_provider"] == "supabase" and "cloud" not in answers and "iac" not in answers
    assert "[functions.hello]" in (repo / "supabase" / "config.toml").read_text()


def test_add_function_on_a_supabase_stack_adds_an_edge_function(template_copy, tmp_path):
    repo = tmp_path / "sb-shop"
    result = run_cli("new", str(repo), "--defaults", "-d", "architecture=serverless", "-d", "serverless_kind=baas",
                     "--vcs-ref", "v0.1.0")
    assert result.code == 0, result.err
    result = run_cli("add", "function", "greet", "--runtime", "node", "--trigger", "http", str(repo))
    assert result.code == 0, result.err
    commit_if_changed(repo)
    answers = recorded(repo)
    assert answers["serverless_kind"] == "baas" and [f["name"] for f in answers["functions"]] == ["hello", "greet"]
    assert (repo / "supabase" / "functions" / "greet" / "handler.ts").is_file()
    assert "[functions.greet]" in (repo / "supabase" / "config.toml").read_text()
    assert not (repo / "functions").exists()
    refused = run_cli("add", "service", "pay", "--language", "go", str(repo))
    assert refused.code == 2 and refused.err.startswith("stackcraft: services: a baas stack has no services")


def test_the_pgtap_check_proves_the_policies_and_fails_on_a_policy_using_true(tmp_path):
    repo = new_supabase(tmp_path)
    passed = pgtap(scan(repo))
    assert passed.status == "passed", passed.detail
    assert re.search(r"\b1 migration applied; 1[0-9] pgTAP tests passed", passed.detail), passed.detail

    migration = next((repo / "supabase" / "migrations").glob("*_create_items.sql"))
    text = migration.read_text()
    select_policy = 'on public.items for select\n  to authenticated\n  using ((select auth.uid()) = owner_id);'
    assert select_policy in text
    migration.write_text(text.replace(select_policy, "on public.items for select\n  to authenticated\n  using (true);"))
    failed = pgtap(scan(repo))
    assert failed.status == "failed"
    assert "not ok" in failed.detail and "user B cannot read user A's items" in failed.detail, failed.detail
    assert "Result: FAIL" in failed.detail


def new_firebase(tmp_path: Path, name: str = "fb-shop") -> Path:
    repo = tmp_path / name
    result = run_cli("new", str(repo), "-d", f"project_name={name}", "-d", "architecture=serverless",
                     "-d", "serverless_kind=baas", "-d", "baas_provider=firebase", "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    return repo


def test_firebase_renders_its_own_trees_and_nothing_of_supabase_or_a_cloud(tmp_path):
    repo = new_firebase(tmp_path)
    for path in ("firebase.json", ".firebaserc", "firestore.rules", "firestore.indexes.json", "storage.rules",
                 "cloud-functions/src/hello.ts", "cloud-functions/test/hello.test.ts", "cloud-functions/package-lock.json",
                 "rules-tests/test/firestore.rules.test.ts", "rules-tests/package-lock.json",
                 "client/src/items.ts", "client/package-lock.json", ".github/workflows/firebase-rules.yml"):
        assert (repo / path).is_file(), path
    for absent in ("supabase", "functions", "infra", "client/src/database.ts", ".github/workflows/supabase-client.yml"):
        assert not (repo / absent).exists(), absent
    config = json.loads((repo / "firebase.json").read_text())
    assert config["functions"][0]["source"] == "cloud-functions"
    assert json.loads((repo / ".firebaserc").read_text()) == {"projects": {"default": "fb-shop"}}
    assert "request.auth.uid == ownerId" in (repo / "firestore.rules").read_text()
    assert '"firebase"' in (repo / "client" / "package.json").read_text()
    assert "export { hello } from \"./hello.js\";" in (repo / "cloud-functions" / "src" / "index.ts").read_text()


def test_add_function_on_a_firebase_stack_adds_a_cloud_function(template_copy, tmp_path):
    repo = tmp_path / "fb-shop"
    result = run_cli("new", str(repo), "--defaults", "-d", "architecture=serverless", "-d", "serverless_kind=baas",
                     "-d", "baas_provider=firebase", "--vcs-ref", "v0.1.0")
    assert result.code == 0, result.err
    result = run_cli("add", "function", "send-digest", "--runtime", "node", "--trigger", "http", str(repo))
    assert result.code == 0, result.err
    commit_if_changed(repo)
    assert [f["name"] for f in recorded(repo)["functions"]] == ["hello", "send-digest"]
    assert (repo / "cloud-functions" / "src" / "send-digest.ts").is_file()
    assert "export const sendDigest = onRequest(" in (repo / "cloud-functions" / "src" / "send-digest.ts").read_text()
    index = (repo / "cloud-functions" / "src" / "index.ts").read_text()
    assert 'export { hello } from "./hello.js";' in index and 'export { sendDigest } from "./send-digest.js";' in index
    assert not (repo / "functions").exists()


def test_the_static_rules_check_fails_on_an_allow_if_true_and_on_any_signed_in_user(tmp_path):
    repo = new_firebase(tmp_path)
    passed = static_rules(scan(repo), ["firestore.rules", "storage.rules"])
    assert passed.status == "passed", passed.detail
    assert "firestore.rules: 3 allow statements" in passed.detail and "storage.rules: 2 allow statements" in passed.detail

    firestore, storage = repo / "firestore.rules", repo / "storage.rules"
    firestore.write_text(firestore.read_text().replace("allow read, delete: if isOwner(resource.data.ownerId);",
                                                       "allow read, delete: if true;"))
    storage.write_text(storage.read_text().replace("allow read, delete: if request.auth != null && request.auth.uid == userId;",
                                                   "allow read, delete: if request.auth != null;"))
    failed = static_rules(scan(repo), ["firestore.rules", "storage.rules"])
    assert failed.status == "failed"
    assert "firestore.rules:21: `allow read, delete: if true` does not bind request.auth.uid" in failed.detail, failed.detail
    assert "storage.rules:8: `allow read, delete: if request.auth != null` does not bind" in failed.detail, failed.detail


def new_amplify(tmp_path: Path, name: str = "amp-shop") -> Path:
    repo = tmp_path / name
    result = run_cli("new", str(repo), "-d", f"project_name={name}", "-d", "architecture=serverless",
                     "-d", "serverless_kind=baas", "-d", "baas_provider=amplify", "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    return repo


def test_amplify_renders_its_own_trees_and_nothing_of_other_providers_or_a_cloud(tmp_path):
    repo = new_amplify(tmp_path)
    for path in ("amplify/backend.ts", "amplify/auth/resource.ts", "amplify/data/resource.ts",
                 "amplify/storage/resource.ts", "amplify/functions/hello/resource.ts",
                 "amplify/functions/hello/handler.ts", "amplify/functions/hello/handler.test.ts",
                 "amplify/package.json", "amplify/tsconfig.json", "package.json", "package-lock.json",
                 "client/src/items.ts", "client/package-lock.json", ".github/workflows/amplify-backend.yml",
                 ".github/workflows/amplify-functions.yml", ".github/workflows/amplify-client.yml"):
        assert (repo / path).is_file(), path
    for absent in ("supabase", "firebase.json", "cloud-functions", "functions", "infra", "template.yaml",
                   ".github/workflows/firebase-client.yml", ".github/workflows/infra.yml"):
        assert not (repo / absent).exists(), absent
    assert json.loads((repo / "amplify" / "package.json").read_text()) == {"type": "module"}
    assert ".authorization((allow) => [allow.owner()])" in (repo / "amplify" / "data" / "resource.ts").read_text()
    root = json.loads((repo / "package.json").read_text())
    assert {"@aws-amplify/backend", "@aws-amplify/backend-cli", "aws-cdk-lib", "constructs"} <= set(root["devDependencies"])
    assert json.loads((repo / "package-lock.json").read_text())["name"] == "amp-shop"
    assert "generateClient<Schema>()" in (repo / "client" / "src" / "items.ts").read_text()
    deploy = yaml.safe_load((repo / ".github" / "workflows" / "amplify-backend.yml").read_text())["jobs"]["deploy"]
    steps = " ".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in deploy["steps"])
    assert 'ampx pipeline-deploy --branch main --app-id "$AMPLIFY_APP_ID"' in steps
    assert "aws-actions/configure-aws-credentials@" in steps and deploy["permissions"]["id-token"] == "write"


def test_add_function_on_an_amplify_stack_adds_an_amplify_function(template_copy, tmp_path):
    repo = tmp_path / "amp-shop"
    result = run_cli("new", str(repo), "--defaults", "-d", "architecture=serverless", "-d", "serverless_kind=baas",
                     "-d", "baas_provider=amplify", "--vcs-ref", "v0.1.0")
    assert result.code == 0, result.err
    result = run_cli("add", "function", "send-digest", "--runtime", "node", "--trigger", "http", str(repo))
    assert result.code == 0, result.err
    commit_if_changed(repo)
    assert [f["name"] for f in recorded(repo)["functions"]] == ["hello", "send-digest"]
    function = repo / "amplify" / "functions" / "send-digest"
    assert 'export const sendDigest = defineFunction({\n  name: "send-digest",' in (function / "resource.ts").read_text()
    assert (function / "handler.ts").is_file() and (function / "handler.test.ts").is_file()
    backend = (repo / "amplify" / "backend.ts").read_text()
    assert 'import { sendDigest } from "./functions/send-digest/resource";' in backend
    assert "  hello,\n  sendDigest,\n});" in backend
    assert not (repo / "functions").exists()


@pytest.mark.slow
def test_the_backend_type_check_fails_naming_data_resource_on_a_misspelt_owner_rule(tmp_path):
    repo = new_amplify(tmp_path)
    passed = backend_types(scan(repo))
    assert passed.status == "passed", passed.detail
    resource = repo / "amplify" / "data" / "resource.ts"
    text = resource.read_text()
    assert "[allow.owner()]" in text
    resource.write_text(text.replace("[allow.owner()]", '[allow.owner().to(["reed"])]'))
    failed = backend_types(scan(repo))
    assert failed.status == "failed"
    assert re.search(r"data/resource\.ts\(\d+,\d+\): error TS\d+: .*\"reed\"", failed.detail), failed.detail
