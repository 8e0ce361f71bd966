"""The rules table of `stackcraft recommend`: traits (the questions), rules (criterion, condition,
weights or provider suggestion, reason, source) and the trade-offs of each outcome.

The built-in table is generator/advisor_rules.yml; an org catalogue may name its own
(`recommend_rules:`), and `--rules FILE` picks one. docs/recommend.md documents the format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator import yamlfile
from generator.errors import StackcraftError

BUILTIN_RULES = Path(__file__).resolve().parent / "advisor_rules.yml"
OUTCOMES = ("serverless", "microservices", "faas", "baas")
SUGGESTABLE = ("cloud", "baas_provider")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Trait(_Strict):
    """One question: a choice of `values`, a whole number, or a list of `values`."""

    prompt: str
    kind: Literal["choice", "number", "list"] = "choice"
    values: dict[str, str] = Field(default_factory=dict)  # value -> label
    min: int | None = None
    max: int | None = None
    default: Union[str, int, list[str]]

    @model_validator(mode="after")
    def _shape(self) -> Trait:
        if self.kind != "number" and not self.values:
            raise ValueError(f"a {self.kind} trait needs values")
        return self


class Range(_Strict):
    min: int | None = None
    max: int | None = None


Condition = Union[str, int, list[str], Range]


class Rule(_Strict):
    """A criterion: when every condition holds, it adds `weights` or `suggest`s a provider."""

    id: str
    criterion: str
    when: dict[str, Condition]
    weights: dict[Literal["serverless", "microservices", "faas", "baas"], int] = Field(default_factory=dict)
    suggest: dict[Literal["cloud", "baas_provider"], str] = Field(default_factory=dict)
    reason: str
    source: str = ""

    @model_validator(mode="after")
    def _does_something(self) -> Rule:
        if not self.weights and not self.suggest:
            raise ValueError(f"rule {self.id}: needs weights or suggest")
        return self


class Tradeoff(_Strict):
    topic: str
    text: str


class RulesTable(_Strict):
    version: Literal[1] = 1
    hybrid_at: int = Field(default=3, ge=1)
    tie: Literal["serverless", "microservices", "hybrid"] = "serverless"
    traits: dict[str, Trait]
    rules: tuple[Rule, ...]
    tradeoffs: dict[Literal["serverless", "baas", "microservices"], tuple[Tradeoff, ...]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _known_traits(self) -> RulesTable:
        for rule in self.rules:
            for key in [rule.criterion, *rule.when]:
                if key not in self.traits:
                    raise ValueError(f"rule {rule.id}: {key!r} is not a trait of this table")
        return self


def load_rules(path: Path | None = None) -> RulesTable:
    """The rules table at `path`, else the org catalogue's, else the built-in one."""
    path = path or catalogue_rules() or BUILTIN_RULES
    raw: Any = yamlfile.read_file(path, "rules")
    try:
        return RulesTable.model_validate(raw or {})
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "table"
        raise StackcraftError(f"rules: {path}: {where}: {err['msg'].removeprefix('Value error, ')}") from None


def catalogue_rules() -> Path | None:
    """The rules file the first configured org catalogue names (`recommend_rules:`, relative to it)."""
    from generator.catalogue import configured_catalogues

    for catalogue in configured_catalogues():
        raw = yamlfile.read_file(catalogue, f"catalogue {catalogue}") if catalogue.is_file() else None
        if isinstance(raw, dict) and isinstance(raw.get("recommend_rules"), str):
            return (catalogue.parent / raw["recommend_rules"]).resolve()
    return None
