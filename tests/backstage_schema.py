"""Validate Backstage entities against Backstage's own JSON schemas (tests/schemas/backstage/, see its
NOTICE), plus the naming rules Backstage's catalog applies on top of them (its
`KubernetesValidatorFunctions` and tag rule: names of at most 63 characters made of letters,
digits and single `-`, `_`, `.` between them; tags of lowercase letters, digits and `:+#`,
joined by single hyphens)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).parent / "schemas" / "backstage"
KIND_SCHEMA = {"Component": "ComponentV1alpha1", "System": "SystemV1alpha1", "Template": "TemplateV1beta3"}
NAME = re.compile(r"^[a-zA-Z0-9]+([-_.][a-zA-Z0-9]+)*$")
TAG = re.compile(r"^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$")


def _registry() -> tuple[Registry, dict[str, dict]]:
    schemas = {}
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        schemas[schema["$id"]] = schema
    assert set(KIND_SCHEMA.values()) <= set(schemas), "a vendored kind schema is missing"
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in schemas.items())
    return registry, schemas


REGISTRY, BY_ID = _registry()


def entity_errors(entity: dict) -> list[str]:
    """What Backstage would refuse in `entity`: schema errors and naming-rule breaches."""
    kind = entity.get("kind")
    if kind not in KIND_SCHEMA:
        return [f"unexpected kind {kind!r}"]
    validator = Draft7Validator(BY_ID[KIND_SCHEMA[kind]], registry=REGISTRY)
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(entity)]
    name = str((entity.get("metadata") or {}).get("name", ""))
    if not (NAME.match(name) and len(name) <= 63):
        errors.append(f"metadata.name {name!r} breaks Backstage's name rule")
    for tag in (entity.get("metadata") or {}).get("tags", []):
        if not (isinstance(tag, str) and TAG.match(tag) and len(tag) <= 63):
            errors.append(f"tag {tag!r} breaks Backstage's tag rule")
    return errors
