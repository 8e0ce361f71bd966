"""`catalogue export --backstage`: a Backstage Template entity per catalogue entry.

Each Template lists the entry's questions as its form (JSON Schema properties, the entry's
presets as defaults) and has one step that runs `stackcraft new` with the answers, so the
org's Backstage portal offers the same templates as the terminal. The step's action id is
`stackcraft:new`: the portal registers it as a small custom action (or a shell action)
that runs the command in its `command` input.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.catalogue import CatalogueEntry, entries
from generator.entry_info import latest_version, questions

API_VERSION = "scaffolder.backstage.io/v1beta3"
ACTION = "stackcraft:new"
DEFAULT_OWNER = "platform"
JSON_TYPES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


def _tag(text: str) -> str | None:
    """A tag as Backstage accepts it (lowercase letters, digits, `:+#`, single hyphens), or None."""
    tag = re.sub(r"[^a-z0-9:+#]+", "-", text.lower()).strip("-")
    return tag[:63] or None


def _is_template_text(value: Any) -> bool:
    return isinstance(value, str) and ("{{" in value or "{%" in value)


def _choices(raw: Any) -> tuple[list[Any], list[str]]:
    """copier's choices (a list, or a mapping of label to value or to {value, validator})."""
    if isinstance(raw, dict):
        labels = [str(label) for label in raw]
        values = [item.get("value") if isinstance(item, dict) else item for item in raw.values()]
        return values, labels
    values = list(raw) if isinstance(raw, (list, tuple)) else []
    return values, [str(value) for value in values]


def _property(name: str, question: dict[str, Any]) -> dict[str, Any]:
    kind = str(question.get("type", "str"))
    prop: dict[str, Any] = {"title": name.replace("_", " ").capitalize(), "type": JSON_TYPES.get(kind, "string")}
    if question.get("help"):
        prop["description"] = str(question["help"])
    default = question.get("preset", question.get("default"))
    if kind in ("yaml", "json") or isinstance(default, (list, dict)):
        prop["ui:widget"] = "textarea"
        if default is not None and not _is_template_text(default):
            default = yaml.safe_dump(default, sort_keys=False).strip() if not isinstance(default, str) else default
    if default is not None and not _is_template_text(default):
        prop["default"] = default
    if "choices" in question and kind not in ("yaml", "json"):
        values, labels = _choices(question["choices"])
        if values and not any(_is_template_text(value) for value in values):
            prop["enum"], prop["enumNames"] = values, labels
    return prop


def template_entity(entry: CatalogueEntry, owner: str = DEFAULT_OWNER) -> dict[str, Any]:
    """The Backstage Template for one catalogue entry."""
    asked = questions(entry)
    properties = {name: _property(name, question) for name, question in asked.items()}
    required = [name for name, prop in properties.items() if "default" not in prop]
    form: dict[str, Any] = {"title": entry.title, "properties": properties}
    if required:
        form["required"] = required
    command = f"stackcraft new . --blueprint {entry.name} --defaults --data-file answers.yml"
    metadata: dict[str, Any] = {"name": entry.name, "title": entry.title}
    if entry.description:
        metadata["description"] = entry.description
    tags = [tag for tag in dict.fromkeys(_tag(tag) for tag in (*entry.tags, entry.kind)) if tag]
    metadata["tags"] = tags
    latest = latest_version(entry)
    metadata["annotations"] = {"stackcraft.dev/catalogue": entry.catalogue, "stackcraft.dev/source": entry.source,
                               **({"stackcraft.dev/version": latest} if latest else {})}
    return {
        "apiVersion": API_VERSION,
        "kind": "Template",
        "metadata": metadata,
        "spec": {
            "owner": owner,
            "type": "service",
            "parameters": [form],
            "steps": [{
                "id": "generate",
                "name": f"Generate with stackcraft ({entry.kind} template {entry.name})",
                "action": ACTION,
                "input": {"blueprint": entry.name, "answers": "${{ parameters }}", "command": command},
            }],
            "output": {"text": [{"title": "Generated", "content": f"Generated from `{entry.name}` by stackcraft."}]},
        },
    }


def export_templates(owner: str = DEFAULT_OWNER) -> str:
    """Every catalogue entry as a Template entity, as one multi-document YAML text."""
    documents = [template_entity(entry, owner) for entry in entries()]
    return yaml.safe_dump_all(documents, sort_keys=False, allow_unicode=True, explicit_start=True)
