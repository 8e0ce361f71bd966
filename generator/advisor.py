"""The architecture advisor: workload traits in, a recommendation with its reasons out.

Reads a rules table (generator/advice_rules.py): every rule whose conditions hold adds its
weights; serverless and microservices both at `hybrid_at` or more make hybrid, else the
higher score wins (`tie` on equal scores). Suggested providers come from the capability
table at run time: one this release does not build is named as fitting, never suggested.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import capabilities as caps
from generator.advice_rules import Range, Rule, RulesTable, Trait
from generator.errors import SpecError


@dataclass(frozen=True)
class Reason:
    """Why the advice says what it says, traced to the trait it reads and the rule that fired."""

    criterion: str
    text: str
    rule: str
    source: str = ""
    favours: str = ""


@dataclass
class Recommendation:
    architecture: str
    serverless_kind: str | None
    scores: dict[str, int]
    reasons: list[Reason]
    against: list[Reason]
    tradeoffs: list[dict[str, str]]
    suggested: dict[str, str] = field(default_factory=dict)
    also_fits: list[dict[str, str]] = field(default_factory=list)
    traits: dict[str, Any] = field(default_factory=dict)

    @property
    def buildable(self) -> bool:
        """True when this release generates the recommended architecture (and flavour)."""
        return self.architecture in caps.built("architecture") and (
            self.serverless_kind is None or self.serverless_kind in caps.built("serverless_kind"))

    def as_json(self) -> dict[str, Any]:
        return {
            "architecture": self.architecture, "serverless_kind": self.serverless_kind,
            "buildable": self.buildable, "suggested": self.suggested, "also_fits": self.also_fits,
            "scores": self.scores, "traits": self.traits,
            "reasons": [reason.__dict__ for reason in self.reasons],
            "against": [reason.__dict__ for reason in self.against],
            "tradeoffs": self.tradeoffs,
        }

    def as_answer(self) -> dict[str, Any]:
        """What the stack records (`architecture_advice`) so its ADR renders without the advisor."""
        answer: dict[str, Any] = {"traits": self.traits, "recommended": self.architecture}
        if self.serverless_kind:
            answer["serverless_kind"] = self.serverless_kind
        answer.update(self.suggested)
        answer["reasons"] = [{"criterion": r.criterion, "text": r.text} for r in self.reasons]
        answer["tradeoffs"] = self.tradeoffs
        return answer


def parse_traits(table: RulesTable, raw: dict[str, Any]) -> dict[str, Any]:
    """Every trait of the table: the given value, checked, else its default."""
    for key in raw:
        if key not in table.traits:
            raise SpecError(str(key), "is not a trait; traits: " + ", ".join(table.traits))
    return {key: _trait_value(key, trait, raw[key]) if key in raw else trait.default
            for key, trait in table.traits.items()}


def _trait_value(key: str, trait: Trait, value: Any) -> Any:
    if trait.kind == "number":
        text = str(value).strip()
        if isinstance(value, bool) or not text.isdigit():
            raise SpecError(key, f"{value!r} is not a whole number")
        number = int(text)
        if (trait.min is not None and number < trait.min) or (trait.max is not None and number > trait.max):
            raise SpecError(key, f"{number} is outside {trait.min}-{trait.max}")
        return number
    if trait.kind == "list":
        items = value if isinstance(value, list) else [part.strip() for part in str(value).split(",") if part.strip()]
        for item in items:
            if item not in trait.values:
                raise SpecError(key, f"{item!r} is not one of: {', '.join(trait.values)}")
        if not items:
            raise SpecError(key, f"name at least one of: {', '.join(trait.values)}")
        return list(dict.fromkeys(items))
    if isinstance(value, bool):  # YAML reads an unquoted yes/no as a boolean
        value = "yes" if value else "no"
    if not isinstance(value, str) or value not in trait.values:
        raise SpecError(key, f"{value!r} is not one of: {', '.join(trait.values)}")
    return value


def holds(condition: Any, value: Any) -> bool:
    """One condition of a rule against one trait value (docs/recommend.md, "Conditions")."""
    if isinstance(condition, Range):
        measure = len(value) if isinstance(value, list) else value
        return (condition.min is None or measure >= condition.min) and (condition.max is None or measure <= condition.max)
    options = condition if isinstance(condition, list) else [condition]
    if isinstance(value, list):
        return any(option in value for option in options)
    return value in options


def matching(table: RulesTable, traits: dict[str, Any]) -> list[Rule]:
    return [rule for rule in table.rules if all(holds(cond, traits[key]) for key, cond in rule.when.items())]


def _reason(rule: Rule, favours: str = "") -> Reason:
    return Reason(rule.criterion, rule.reason, rule.id, rule.source, favours)


def _favours(rule: Rule, side: str) -> bool:
    return rule.weights.get(side, 0) > 0


def recommend(table: RulesTable, raw_traits: dict[str, Any]) -> Recommendation:
    """The architecture the traits point to, with the reasons for it and against it."""
    traits = parse_traits(table, raw_traits)
    fired = matching(table, traits)
    scores = {outcome: sum(rule.weights.get(outcome, 0) for rule in fired)
              for outcome in ("serverless", "microservices", "faas", "baas")}
    serverless, micro = scores["serverless"], scores["microservices"]
    if serverless >= table.hybrid_at and micro >= table.hybrid_at:
        architecture = "hybrid"
    elif serverless != micro:
        architecture = "serverless" if serverless > micro else "microservices"
    else:
        architecture = table.tie
    kind = ("baas" if scores["baas"] > scores["faas"] else "faas") if architecture == "serverless" else None
    sides = {"hybrid": ("serverless", "microservices")}.get(architecture, (architecture,))
    reasons = [_reason(rule, side) for rule in fired for side in sides if _favours(rule, side)]
    if kind:
        reasons += [_reason(rule, kind) for rule in fired if _favours(rule, kind)]
    if serverless == micro and architecture != "hybrid":
        reasons.insert(0, Reason("tie", f"The traits weigh both ways equally ({serverless} each); the table "
                                 f"settles a tie on {architecture}.", "tie"))
    others = [side for side in ("serverless", "microservices") if side not in sides]
    against = [_reason(rule, side) for rule in fired for side in others if _favours(rule, side)]
    tradeoffs = [{"topic": t.topic, "text": t.text, "of": side}
                 for side in (*sides, *([kind] if kind == "baas" else [])) for t in table.tradeoffs.get(side, ())]
    result = Recommendation(architecture, kind, scores, reasons, against, tradeoffs, traits=traits)
    _suggest(result, fired)
    return result


def _suggest(result: Recommendation, fired: list[Rule]) -> None:
    """The first fitting, built provider of each suggestion; unbuilt ones are named as fitting."""
    for rule in fired:
        for key, value in rule.suggest.items():
            if key in result.suggested or (key == "baas_provider" and result.serverless_kind != "baas"):
                continue
            if key == "cloud" and value in caps.CLOUDS and \
                    result.architecture not in caps.CLOUDS[value].architectures:
                continue  # this cloud does not run the architecture at all
            why = caps.fits(key, value, result.architecture) if value in caps.values(key) else "not a known value"
            if why is None:
                result.suggested[key] = value
                result.reasons.append(_reason(rule, key))
            elif not any(item["value"] == value for item in result.also_fits):
                result.also_fits.append({"key": key, "value": value, "why": why, "reason": rule.reason})
