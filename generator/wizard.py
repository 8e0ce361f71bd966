"""The interactive wizard: branching questions, validated at each prompt, then a summary.

Questions are asked through a `Prompter` (questionary on a terminal; a scripted one in
tests). Keys already given with `-d` or `--data-file` are not asked again.
"""

from __future__ import annotations

from typing import Any, Callable, Protocol

from generator import spec as rules

Validator = Callable[[str], "bool | str"]

LABELS = {
    "serverless": "Serverless: functions or a managed backend",
    "microservices": "Microservices: services behind an API gateway",
    "hybrid": "Hybrid: microservices plus FaaS functions",
    "faas": "FaaS: your functions, run by the provider",
    "baas": "BaaS: a managed backend (Supabase, Firebase, Amplify)",
    "aws": "AWS (Lambda / EKS)", "gcp": "Google Cloud", "azure": "Azure",
    "cloudflare": "Cloudflare Workers",
    "terraform": "Terraform", "native": "Native (AWS SAM)",
    "github": "GitHub Actions", "gitlab": "GitLab CI",
    "cloud": "The cloud's managed API gateway",
}
NOT_AVAILABLE = "not available in this release"


class Prompter(Protocol):
    def text(self, message: str, default: str, validate: Validator) -> str: ...
    def select(self, message: str, choices: list[tuple[str, str, str | None]], default: str) -> str: ...
    def confirm(self, message: str, default: bool) -> bool: ...


class QuestionaryPrompter:
    """Asks on the terminal; Ctrl-C raises KeyboardInterrupt (the caller writes nothing)."""

    def text(self, message: str, default: str, validate: Validator) -> str:
        import questionary

        return questionary.text(message, default=default, validate=validate).unsafe_ask()

    def select(self, message: str, choices: list[tuple[str, str, str | None]], default: str) -> str:
        import questionary

        options = [questionary.Choice(title, value=value, disabled=disabled) for title, value, disabled in choices]
        return questionary.select(message, choices=options, default=default).unsafe_ask()

    def confirm(self, message: str, default: bool) -> bool:
        import questionary

        return questionary.confirm(message, default=default).unsafe_ask()


def _options(key: str, values: tuple[str, ...]) -> list[tuple[str, str, str | None]]:
    available = rules.AVAILABLE.get(key, values)
    return [(LABELS.get(value, value), value, None if value in available else NOT_AVAILABLE) for value in values]


def _as_check(check: Callable[[str], Any]) -> Validator:
    """Adapt a raising check to questionary's validate (True or the message)."""

    def validate(value: str) -> bool | str:
        try:
            check(value)
        except ValueError as exc:
            return str(exc)
        return True

    return validate


def _project_name(value: str) -> None:
    if not rules.is_project_name(value):
        raise ValueError("use 3-40 lowercase letters, digits and single hyphens; start with a letter")


def _unit_name_check(project: str, taken: list[str]) -> Callable[[str], None]:
    def check(name: str) -> None:
        rules.check_unit_name(name)
        if name in taken:
            raise ValueError(f"{name!r} is taken; names are unique across services and functions")
        if rules.longest_resource_name(project, name) > rules.RESOURCE_NAME_MAX:
            raise ValueError(f"too long together with project {project!r}; keep resource names within "
                             f"{rules.RESOURCE_NAME_MAX} characters")

    return check


def ask(prompter: Prompter, given: dict[str, Any], default_name: str) -> dict[str, Any]:
    """Ask what `given` does not answer; return the raw answers (validated by the caller)."""
    data = dict(given)

    def pick(key: str, message: str, values: tuple[str, ...], default: str) -> str:
        if key not in data:
            data[key] = prompter.select(message, _options(key, values), default)
        return data[key]

    if "project_name" not in data:
        data["project_name"] = prompter.text("Project name", default_name, _as_check(_project_name))
    if "description" not in data:
        data["description"] = prompter.text("One-line description", "A cloud stack scaffolded by stackcraft.",
                                            _as_check(rules.check_description))
    architecture = pick("architecture", "Architecture", rules.ARCHITECTURES, "hybrid")
    kind = pick("serverless_kind", "Serverless flavour", rules.SERVERLESS_KINDS, "faas") \
        if architecture == "serverless" else "faas"
    pick("cloud", "Cloud provider", rules.CLOUDS, "aws")
    if architecture == "serverless" and kind == "baas":
        pick("baas_provider", "Backend provider", rules.BAAS_PROVIDERS, "supabase")
    taken: list[str] = [unit["name"] for key in ("functions", "services") for unit in data.get(key) or []
                        if isinstance(unit, dict) and "name" in unit]
    if kind == "faas" and architecture in ("serverless", "hybrid") and "functions" not in data:
        data["functions"] = _ask_units(prompter, "function", data["project_name"], taken, _ask_function)
    if architecture in ("microservices", "hybrid"):
        if "services" not in data:
            data["services"] = _ask_units(prompter, "service", data["project_name"], taken, _ask_service)
        pick("gateway", "API gateway", tuple(g for g in rules.GATEWAYS if g != "cloud"), "nginx")
    pick("iac", "Infrastructure as code", rules.IACS, "terraform")
    pick("ci", "CI/CD", rules.CIS, "github")
    return data


def _ask_units(prompter: Prompter, noun: str, project: str, taken: list[str],
               ask_one: Callable[[Prompter, str], dict[str, str]]) -> list[dict[str, str]]:
    units: list[dict[str, str]] = []
    while True:
        suggestion = "" if units else {"function": "notify", "service": "orders"}[noun]
        name = prompter.text(f"Name of {noun} {len(units) + 1}", suggestion, _as_check(_unit_name_check(project, taken)))
        taken.append(name)
        units.append({"name": name, **ask_one(prompter, name)})
        if not prompter.confirm(f"Add another {noun}?", False):
            return units


def _ask_function(prompter: Prompter, name: str) -> dict[str, str]:
    runtime = prompter.select(f"Runtime of {name}", _options("runtime", rules.RUNTIMES), "python")
    trigger = prompter.select(f"Trigger of {name}", _options("trigger", rules.TRIGGERS), "http")
    return {"runtime": runtime, "trigger": trigger}


def _ask_service(prompter: Prompter, name: str) -> dict[str, str]:
    language = prompter.select(f"Language of {name}", _options("language", rules.LANGUAGES), "python")
    database = prompter.select(f"Database of {name}", _options("database", rules.DATABASES), "none")
    return {"language": language, "database": database}


def summary_rows(spec: rules.StackSpec) -> list[tuple[str, str]]:
    """What will be generated, as (key, value) rows for the confirmation table."""
    rows = [("project", spec.project_name), ("description", spec.description),
            ("architecture", spec.kind_label), ("cloud", spec.cloud)]
    rows += [(f"function {f.name}", f"{f.runtime}, {f.trigger} trigger") for f in spec.functions]
    rows += [(f"service {s.name}", f"{s.language}" + (", own postgres" if s.database == "postgres" else ""))
             for s in spec.services]
    if spec.has_services:
        rows.append(("gateway", spec.gateway))
    rows += [("iac", LABELS[spec.iac]), ("ci", LABELS[spec.ci])]
    return rows
