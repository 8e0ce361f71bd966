"""`stackcraft recommend` and the wizard's "Help me choose": ask for the traits, run the advisor,
show the recommendation with its reasons and trade-offs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator import capabilities as caps
from generator import inputs
from generator.advice_rules import RulesTable, Trait
from generator.advisor import Recommendation, recommend
from generator.prompter import Prompter, Row


def given_traits(data_file: Path | None, assignments: tuple[str, ...], table: RulesTable) -> dict[str, Any]:
    """Traits from a YAML file, then `-t key=value` on top (a list trait takes a comma-separated list)."""
    lists = [key for key, trait in table.traits.items() if trait.kind == "list"]
    return inputs.collect(data_file, assignments, structured=lists, flag="-t")


def _as_check(key: str, trait: Trait):
    from generator.advisor import _trait_value
    from generator.errors import SpecError

    def validate(text: str) -> bool | str:
        try:
            _trait_value(key, trait, text)
        except SpecError as exc:
            return exc.message
        return True

    return validate


def ask_traits(prompter: Prompter, table: RulesTable, given: dict[str, Any],
               before: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ask every trait `given` does not hold; earlier answers (`before`) are the defaults."""
    traits = dict(given)
    earlier = before or {}
    for key, trait in table.traits.items():
        if key in traits:
            continue
        default = earlier.get(key, trait.default)
        if trait.kind == "choice":
            options = [(label, value, None) for value, label in trait.values.items()]
            traits[key] = prompter.select(trait.prompt, options, str(default))
        elif trait.kind == "number":
            traits[key] = int(prompter.text(trait.prompt, str(default), _as_check(key, trait)))
        else:
            hint = f"{trait.prompt} (comma-separated: {', '.join(trait.values)})"
            text = default if isinstance(default, str) else ", ".join(default)
            traits[key] = [part.strip() for part in prompter.text(hint, text, _as_check(key, trait)).split(",")
                           if part.strip()]
    return traits


def headline(result: Recommendation) -> str:
    """One line: the architecture (flavour), the provider, and whether this release builds it."""
    text = result.architecture + (f" ({result.serverless_kind})" if result.serverless_kind else "")
    if result.suggested:
        text += " on " + ", ".join(caps.label(key, value) for key, value in result.suggested.items())
    if not result.buildable:
        built = ", ".join(caps.built("serverless_kind"))
        text += f" (this release generates serverless as {built}: {caps.NOT_AVAILABLE} for {result.serverless_kind})"
    return text


def rows(result: Recommendation) -> list[Row]:
    """The recommendation as rows: reasons, counter-reasons, trade-offs and other fitting providers."""
    found = [Row("recommended", headline(result), None)]
    found += [Row(f"why ({reason.criterion})", reason.text, None) for reason in result.reasons]
    found += [Row(f"against ({reason.criterion})", reason.text, None) for reason in result.against]
    found += [Row(f"you accept ({item['topic']})", item["text"], None) for item in result.tradeoffs]
    found += [Row(f"would also fit ({item['key']})", f"{item['value']}: {item['why']}", None)
              for item in result.also_fits]
    return found


def advise(prompter: Prompter, table: RulesTable, given: dict[str, Any],
           before: dict[str, Any] | None = None) -> Recommendation:
    """Ask the traits, show the recommendation, return it."""
    result = recommend(table, ask_traits(prompter, table, given, before))
    prompter.show_summary("Recommendation", rows(result))
    return result
