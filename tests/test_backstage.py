"""Backstage interop: the stack's catalog-info.yaml (a System, a Component per unit, owner and lifecycle
from the answers) is valid against Backstage's entity schema for every matrix combination; and
`catalogue export --backstage` writes a valid Template entity per catalogue entry."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import copier
import pytest
import yaml

from generator.spec import parse_spec, with_defaults
from tests.backstage_schema import entity_errors
from tests.catalogue_support import catalogue_repo, cookiecutter_template, copier_template
from tests.conftest import REPO_ROOT, run_cli
from tests.test_matrix import MATRIX


@pytest.fixture(scope="module")
def template_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The blueprint as a plain folder (copier renders it without cloning)."""
    folder = tmp_path_factory.mktemp("template") / "stack"
    folder.mkdir()
    shutil.copy(REPO_ROOT / "copier.yml", folder)
    for part in ("blueprints", "hooks"):
        shutil.copytree(REPO_ROOT / part, folder / part)
    return folder


def catalog_info(template: Path, dst: Path, answers: dict) -> list[dict]:
    """Render only catalog-info.yaml for `answers` and return its documents."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(template), dst, data=answers, defaults=True, quiet=True, unsafe=False,
                        exclude=["*", "!catalog-info.yaml"])
    documents = list(yaml.safe_load_all((dst / "catalog-info.yaml").read_text()))
    assert documents, "catalog-info.yaml holds no entity"
    return documents


@pytest.mark.parametrize("combination", sorted(MATRIX))
def test_catalog_info_of_every_matrix_combination_is_valid(template_folder, tmp_path, combination):
    spec = parse_spec(with_defaults({"project_name": "matrix-shop", **MATRIX[combination]}))
    documents = catalog_info(template_folder, tmp_path / "repo", spec.answers())
    for entity in documents:
        assert entity_errors(entity) == [], (combination, entity)
    systems = [entity for entity in documents if entity["kind"] == "System"]
    components = [entity for entity in documents if entity["kind"] == "Component"]
    assert [system["metadata"]["name"] for system in systems] == ["matrix-shop"]
    # the units the stack has: services for microservices and hybrid, functions (FaaS or the backend's) otherwise
    units = [unit.name for unit in (*spec.services, *spec.functions)] if spec.architecture == "hybrid" else \
        [unit.name for unit in (spec.services if spec.architecture == "microservices" else spec.functions)]
    assert units or spec.serverless_kind == "baas", "every stack but a bare backend has units"
    assert sorted(c["metadata"]["name"] for c in components) == sorted(f"matrix-shop-{name}" for name in units)
    for component in components:
        assert component["spec"]["system"] == "matrix-shop"
        assert (component["spec"]["owner"], component["spec"]["lifecycle"]) == ("platform", "experimental")


def test_owner_lifecycle_and_description_come_from_the_answers(template_folder, tmp_path):
    answers = parse_spec(with_defaults({"project_name": "shop", "owner": "group:payments/checkout-team",
                                        "lifecycle": "production",
                                        "description": "Shop: 'quoted' # not a comment"})).answers()
    documents = catalog_info(template_folder, tmp_path / "repo", answers)
    for entity in documents:
        assert entity_errors(entity) == [], entity
        assert entity["spec"]["owner"] == "group:payments/checkout-team"
    assert documents[0]["metadata"]["description"] == "Shop: 'quoted' # not a comment"
    assert {entity["spec"]["lifecycle"] for entity in documents[1:]} == {"production"}


@pytest.mark.parametrize("owner", ["team a", "group:", "group:ns/", "x" * 64, "team--a"])
def test_an_owner_backstage_would_refuse_is_bad_input(owner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("new", "shop", "--defaults", "-d", f"owner={owner}", "--dry-run")
    assert result.code == 2
    assert result.err.startswith("stackcraft: owner: ") and "group or user reference" in result.err


def test_export_writes_a_valid_template_entity_per_entry(tmp_path, monkeypatch):
    copier_bare = copier_template(tmp_path / "svc-template")
    cookie_bare = cookiecutter_template(tmp_path / "lib-template")
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(catalogue_repo(tmp_path / "org", [
        {"name": "svc", "title": "Service", "kind": "copier", "source": str(copier_bare), "tags": ["go"]},
        {"name": "lib", "title": "Library", "kind": "cookiecutter", "source": str(cookie_bare)},
    ])))
    out = tmp_path / "templates.yaml"
    result = run_cli("catalogue", "export", "--backstage", "-o", str(out))
    assert result.code == 0, result.err
    templates = list(yaml.safe_load_all(out.read_text()))
    names = [template["metadata"]["name"] for template in templates]
    assert names == ["stack", "serverless-api", "microservices-starter", "svc", "lib"]
    for template in templates:
        assert entity_errors(template) == [], template
        steps = template["spec"]["steps"]
        assert any("stackcraft new" in str(step) for step in steps), "a step runs stackcraft"
    svc = templates[names.index("svc")]
    assert set(svc["spec"]["parameters"][0]["properties"]) >= {"name", "owner"}, "the template's questions"
    assert svc["spec"]["parameters"][0]["properties"]["name"]["default"] == "demo"


def test_the_schema_oracle_refuses_what_backstage_refuses():
    component = {"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                 "metadata": {"name": "shop-orders", "tags": ["service"]},
                 "spec": {"type": "service", "lifecycle": "experimental", "owner": "platform"}}
    assert entity_errors(component) == []
    del component["spec"]["owner"]
    assert any("'owner' is a required property" in error for error in entity_errors(component))
    renamed = {**component, "metadata": {"name": "shop orders"}, "spec": {**component["spec"], "owner": "x"}}
    assert entity_errors(renamed) == ["metadata.name 'shop orders' breaks Backstage's name rule"]
