"""The interactive wizard: branching questions, validated at each prompt, then a summary.

Questions are asked through a `Prompter` (questionary on a terminal; a scripted one in
tests). Keys already given with `-d` or `--data-file` are not asked again. At the summary
the user generates, changes an answer (it is asked again, with every answer that depends
on it, the earlier values as defaults) or cancels.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Callable

from generator import capabilities
from generator import spec as rules
from generator.prompter import Action, Option, Prompter, Row, Validator
from generator.prompter import QuestionaryPrompter  # noqa: F401 (the terminal's prompter, for callers)

NOT_AVAILABLE = capabilities.NOT_AVAILABLE

# Changing an answer asks these again too: their presence or their choices depend on it.
DEPENDENTS: dict[str, tuple[str, ...]] = {
    "architecture": ("serverless_kind", "cloud", "functions", "services", "gateway", "iac"),
    "serverless_kind": ("baas_provider", "functions"),
    "cloud": ("baas_provider", "functions", "iac"),
}
HELP_ME_CHOOSE: Option = ("Help me choose: answer questions about the workload", "help", None)
SUMMARY_ACTIONS = [
    Action("g", "Generate it", "generate"),
    Action("c", "Change an answer", "change"),
    Action("n", "No: cancel and write nothing", "cancel"),
]


def _options(key: str, architecture: str | None = None, cloud: str | None = None) -> list[Option]:
    """The choices that work with the answers so far (capability table); unbuilt ones shown disabled."""
    options = []
    for value in capabilities.values(key):
        reason = capabilities.fits(key, value, architecture, cloud)
        if reason in (None, NOT_AVAILABLE):
            options.append((capabilities.label(key, value, architecture, cloud), value, reason))
    return options


def _as_check(check: Callable[[str], Any]) -> Validator:
    """Adapt a raising check to questionary's validate (True or the message)."""

    def validate(value: str) -> bool | str:
        try:
            check(value)
        except ValueError as exc:
            return str(exc)
        return True

    return validate


def _project_name_check(unit_names: list[str]) -> Callable[[str], None]:
    def check(value: str) -> None:
        if not rules.is_project_name(value):
            raise ValueError("use 3-40 lowercase letters, digits and single hyphens; start with a letter")
        for name in unit_names:
            if rules.longest_resource_name(value, name) > rules.RESOURCE_NAME_MAX:
                raise ValueError(f"too long together with unit {name!r}; keep resource names within "
                                 f"{rules.RESOURCE_NAME_MAX} characters")

    return check


def _unit_name_check(project: str, taken: list[str]) -> Callable[[str], None]:
    def check(name: str) -> None:
        rules.check_unit_name(name)
        if name in taken:
            raise ValueError(f"{name!r} is taken; names are unique across services and functions")
        if rules.longest_resource_name(project, name) > rules.RESOURCE_NAME_MAX:
            raise ValueError(f"too long together with project {project!r}; keep resource names within "
                             f"{rules.RESOURCE_NAME_MAX} characters")

    return check


def _unit_names(data: dict[str, Any]) -> list[str]:
    return [unit["name"] for key in ("functions", "services") for unit in data.get(key) or []
            if isinstance(unit, dict) and "name" in unit]


def _default(options: list[Option], previous: Any, fallback: str) -> str:
    """The earlier answer when it is still offered, else the usual default, else the first offered."""
    offered = [value for _, value, disabled in options if disabled is None]
    if previous in offered:
        return previous
    return fallback if fallback in offered or not offered else offered[0]


def ask(prompter: Prompter, given: dict[str, Any], default_name: str,
        previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Ask what `given` does not answer; return the raw answers (validated by the caller).

    `previous` holds earlier answers, offered as the defaults when a question is asked again.
    """
    data = dict(given)
    before = previous or {}
    hints: dict[str, str] = {}  # what "Help me choose" preselects

    def pick(key: str, message: str, default: str) -> str:
        if key not in data:
            options = _options(key, data.get("architecture"), data.get("cloud"))
            data[key] = prompter.select(message, options, _default(options, hints.get(key) or before.get(key), default))
        return data[key]

    if "project_name" not in data:
        data["project_name"] = prompter.text("Project name", before.get("project_name", default_name),
                                             _as_check(_project_name_check(_unit_names(data))))
    if "description" not in data:
        data["description"] = prompter.text(
            "One-line description", before.get("description", "A cloud stack scaffolded by stackcraft."),
            _as_check(rules.check_description))
    if "architecture" not in data:
        data["architecture"] = _ask_architecture(prompter, data, before, hints)
    architecture = data["architecture"]
    kind = pick("serverless_kind", "Serverless flavour", "faas") if architecture == "serverless" else "faas"
    baas = architecture == "serverless" and kind == "baas"
    if baas:  # the provider's platform runs it all: no cloud or IaC to choose, its example function
        pick("baas_provider", "Backend provider", "supabase")
        data.setdefault("functions", [dict(rules.BAAS_EXAMPLE_FUNCTION)])
    else:
        pick("cloud", "Cloud provider", "aws")
    taken = _unit_names(data)
    if kind == "faas" and architecture in ("serverless", "hybrid") and "functions" not in data:
        data["functions"] = _ask_units(prompter, "function", data["project_name"], taken,
                                       partial(_ask_function, cloud=data.get("cloud")),
                                       before.get("functions") or [])
    if architecture in ("microservices", "hybrid"):
        if "services" not in data:
            data["services"] = _ask_units(prompter, "service", data["project_name"], taken, _ask_service,
                                          before.get("services") or [])
        pick("gateway", "API gateway", "nginx")
    if not baas:
        pick("iac", "Infrastructure as code", "terraform")
    pick("ci", "CI/CD", "github")
    return data


def _ask_architecture(prompter: Prompter, data: dict[str, Any], before: dict[str, Any],
                      hints: dict[str, str]) -> str:
    """The architecture question; "Help me choose" runs the advisor, records its advice in
    `architecture_advice` and asks again with its recommendation (and provider) preselected."""
    options = [HELP_ME_CHOOSE, *_options("architecture")]
    default = _default(options, before.get("architecture"), "hybrid")
    while True:
        choice = prompter.select("Architecture", options, default)
        if choice != HELP_ME_CHOOSE[1]:
            return choice
        from generator.advice_rules import load_rules
        from generator.recommend import advise

        earlier = data.get("architecture_advice") or before.get("architecture_advice") or {}
        result = advise(prompter, load_rules(), {}, earlier.get("traits"))
        data["architecture_advice"] = result.as_answer()
        default = _default(options, result.architecture, default)
        hints.clear()
        hints.update(result.suggested)
        if result.serverless_kind:
            hints["serverless_kind"] = result.serverless_kind


def ask_gateway(prompter: Prompter, default: str = "nginx") -> str:
    """The API gateway for a stack's first services (`stackcraft add service` on a serverless stack)."""
    return prompter.select("API gateway", _options("gateway", "microservices"), default)


def _ask_units(prompter: Prompter, noun: str, project: str, taken: list[str],
               ask_one: Callable[[Prompter, str, dict[str, Any]], dict[str, str]],
               previous: list[dict[str, Any]]) -> list[dict[str, str]]:
    units: list[dict[str, str]] = []
    while True:
        before = previous[len(units)] if len(units) < len(previous) and isinstance(previous[len(units)], dict) else {}
        suggestion = before.get("name") or ("" if units else {"function": "notify", "service": "orders"}[noun])
        name = prompter.text(f"Name of {noun} {len(units) + 1}", suggestion,
                             _as_check(_unit_name_check(project, taken)))
        taken.append(name)
        units.append({"name": name, **ask_one(prompter, name, before)})
        if not prompter.confirm(f"Add another {noun}?", len(units) < len(previous)):
            return units


def _ask_function(prompter: Prompter, name: str, before: dict[str, Any], cloud: str | None = None) -> dict[str, str]:
    runtimes, triggers = _options("runtime", cloud=cloud), _options("trigger", cloud=cloud)
    runtime = prompter.select(f"Runtime of {name}", runtimes, _default(runtimes, before.get("runtime"), "python"))
    trigger = prompter.select(f"Trigger of {name}", triggers, _default(triggers, before.get("trigger"), "http"))
    return {"runtime": runtime, "trigger": trigger}


def _ask_service(prompter: Prompter, name: str, before: dict[str, Any]) -> dict[str, str]:
    languages, databases = _options("language"), _options("database")
    language = prompter.select(f"Language of {name}", languages,
                               _default(languages, before.get("language"), "python"))
    database = prompter.select(f"Database of {name}", databases,
                               _default(databases, before.get("database"), "none"))
    return {"language": language, "database": database}


def summary_rows(spec: rules.StackSpec, dest: Path | None = None) -> list[Row]:
    """What will be generated, and where, as rows of the confirmation table."""
    rows = [Row("folder", str(dest.absolute()), None)] if dest is not None else []
    rows += [Row("project", spec.project_name, "project_name"), Row("description", spec.description, "description"),
             Row("architecture", spec.kind_label, "architecture")]
    rows.append(Row("backend", capabilities.label("baas_provider", spec.baas_provider), "baas_provider") if spec.is_baas
                else Row("cloud", spec.cloud, "cloud"))
    if spec.architecture_advice:
        rows.append(Row("advice", f"recommended {spec.architecture_advice.recommended}, reasons in "
                        "docs/adr/0001-architecture.md", None))
    rows += [Row(f"function {f.name}", f"{f.runtime}, {f.trigger} trigger", "functions") for f in spec.functions]
    rows += [Row(f"service {s.name}", f"{s.language}" + (", own postgres" if s.database == "postgres" else ""),
                 "services") for s in spec.services]
    if spec.has_services:
        rows.append(Row("gateway", spec.gateway, "gateway"))
    if not spec.is_baas:
        rows.append(Row("iac", capabilities.label("iac", spec.iac, cloud=spec.cloud), "iac"))
    rows.append(Row("ci", capabilities.label("ci", spec.ci), "ci"))
    return rows


def affected(key: str) -> set[str]:
    """`key` and every answer that depends on it, transitively."""
    found, pending = set(), [key]
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(DEPENDENTS.get(current, ()))
    return found


def interview(prompter: Prompter, given: dict[str, Any], default_name: str, dest: Path) -> rules.StackSpec:
    """Ask, show the summary, and loop until the user generates (returns the spec) or cancels.

    Cancel raises KeyboardInterrupt, as Ctrl-C does: the caller writes nothing.
    """
    data = ask(prompter, given, default_name)
    while True:
        spec = rules.parse_spec(data)
        rows = summary_rows(spec, dest)
        prompter.show_summary("Your stack", rows)
        action = prompter.menu("Generate it?", SUMMARY_ACTIONS, "generate")
        if action == "cancel":
            raise KeyboardInterrupt
        if action == "generate":
            return spec
        changeable = {f"{row.label}: {row.value}": row.key for row in rows if row.key}
        choice = prompter.select("Which answer?", [(label, label, None) for label in changeable],
                                 next(iter(changeable)))
        redo = affected(changeable[choice])
        data = ask(prompter, {k: v for k, v in data.items() if k not in redo}, default_name, previous=data)
