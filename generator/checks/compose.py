"""docker compose files: the Compose Specification schema."""

from __future__ import annotations

from .discover import Repo
from .runner import Check
from .schemas import describe, jsonschema

PATTERNS = ("compose.yml", "compose.yaml", "compose.*.yml", "compose.*.yaml",
            "docker-compose.yml", "docker-compose.yaml", "docker-compose.*.yml", "docker-compose.*.yaml")


def checks(repo: Repo) -> list[Check]:
    files = repo.glob(*PATTERNS)
    if not files:
        return []
    return [Check("check-jsonschema", f"compose-spec: {describe(files)}",
                  lambda: jsonschema(repo, "vendor.compose-spec", files))]
