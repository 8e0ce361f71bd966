"""The stack spec: one validated model of the answers a blueprint is rendered from.

The keys are the answers contract of docs/answers.md. The same model validates the wizard's
answers, `-d key=value` / `--data-file` and `stackcraft add`; `copier.yml` repeats
the rules as copier validators (tests/test_spec_parity.py keeps the two in step).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator import capabilities
from generator.choices import (  # noqa: F401 (re-exported: the spec is where callers look)
    ARCHITECTURES, AVAILABLE, BAAS_PROVIDERS, CIS, CLOUDS, DATABASES, GATEWAYS, IACS, LANGUAGES, RUNTIMES,
    SERVERLESS_KINDS, TRIGGERS,
)
from generator.errors import SpecError

PROJECT_NAME_PATTERN = r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$"
UNIT_NAME_PATTERN = r"^[a-z][a-z0-9-]{0,18}[a-z0-9]$"
UNIT_NAME_MAX = 20
# Every cloud resource the blueprints name is "<project>-<unit><suffix>" with a
# suffix of at most RESOURCE_SUFFIX_MAX characters (e.g. "-schedule"); the most
# restrictive limit among them is 63 (DNS labels, S3 buckets, Kubernetes names),
# and 64 for Lambda functions and IAM roles.
RESOURCE_NAME_MAX = 63
RESOURCE_SUFFIX_MAX = 9
RESERVED_NAMES = capabilities.RESERVED_NAMES
# Names Windows reserves for devices: no file or folder may be called so, whatever the extension.
WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{digit}" for digit in range(1, 10)} | {f"lpt{digit}" for digit in range(1, 10)}
)
DESCRIPTION_MAX = 200
# `owner`: a Backstage entity reference to a group or user, `[group:|user:][namespace/]name`.
OWNER_PATTERN = r"^((group|user):)?([a-z0-9]+(-[a-z0-9]+)*/)?[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*\Z"
OWNER_NAME_MAX = 63
OWNER_RULE = ("is not allowed: use a group or user reference, [group:|user:][namespace/]name, the name "
              f"of letters, digits and single - _ . between them, at most {OWNER_NAME_MAX} characters")
# Control characters, line separators, lone surrogates and the noncharacters U+FFFE/U+FFFF:
# none has a place in one line of text, and YAML cannot carry the last three.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def choices_text(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def check_unit_name(name: str) -> str:
    if not isinstance(name, str) or not re.fullmatch(UNIT_NAME_PATTERN, name) or "--" in name:
        raise ValueError(
            f"{name!r} is not allowed: use 2-{UNIT_NAME_MAX} lowercase letters, digits and single "
            "hyphens, starting with a letter and ending with a letter or digit"
        )
    if name in RESERVED_NAMES:
        raise ValueError(f"{name!r} is reserved (it names a folder or tool of the generated repo)")
    if name in WINDOWS_DEVICE_NAMES:
        raise ValueError(f"{name!r} is a Windows device name (no file or folder may be called so)")
    return name


def same_id_message(first: str, second: str) -> str:
    """Why two unit names cannot live in one stack: IaC ids (CloudFormation's, say) drop hyphens."""
    return (f"{first!r} and {second!r} differ only in hyphens, which IaC ids drop, so both would get "
            "one id; rename one")


def is_project_name(value: object) -> bool:
    """True for a valid `project_name`: the slug pattern, no double hyphen, no Windows device name."""
    return (isinstance(value, str) and bool(re.fullmatch(PROJECT_NAME_PATTERN, value)) and "--" not in value
            and value not in WINDOWS_DEVICE_NAMES)


def longest_resource_name(project_name: str, unit_name: str) -> int:
    """Length of the longest cloud resource name built for a unit: `<project>-<unit><suffix>`."""
    return len(project_name) + 1 + len(unit_name) + RESOURCE_SUFFIX_MAX


def check_description(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    if len(value) > DESCRIPTION_MAX:
        raise ValueError(f"is {len(value)} characters long; at most {DESCRIPTION_MAX} are allowed")
    if _CONTROL.search(value):
        raise ValueError("must be one line without control characters")
    return value


def check_owner(value: str) -> str:
    name = value.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    if not re.match(OWNER_PATTERN, value) or len(name) > OWNER_NAME_MAX:
        raise ValueError(f"{value!r} {OWNER_RULE}")
    return value


def _check_available(key: str, value: str) -> str:
    available = AVAILABLE.get(key)
    if available is not None and value not in available:
        raise ValueError(
            f"{value!r} is not available in this release; available: {choices_text(available)}"
        )
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class _Unit(_Strict):
    """A deployable unit (service or function): named by a slug."""

    name: str

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_unit_name(value)


class Function(_Unit):
    """One FaaS function: its handler runtime and the event that triggers it."""

    runtime: Literal["python", "node"] = "python"
    trigger: Literal["http", "schedule", "queue", "storage"] = "http"

    @field_validator("trigger")
    @classmethod
    def _trigger_available(cls, value: str) -> str:
        return _check_available("trigger", value)


class Service(_Unit):
    """One microservice: its language and whether it owns a database."""

    language: Literal["python", "typescript", "go", "java", "dotnet"] = "python"
    database: Literal["postgres", "none"] = "none"

    @field_validator("language")
    @classmethod
    def _language_available(cls, value: str) -> str:
        return _check_available("language", value)


class AdviceReason(_Strict):
    criterion: str
    text: str


class AdviceTradeoff(_Strict):
    topic: str
    text: str
    of: str = ""


class Advice(_Strict):
    """What `stackcraft recommend` said (`architecture_advice`): the traits, the recommendation,
    its reasons and trade-offs. docs/adr/0001-architecture.md renders from it."""

    traits: dict[str, Any] = Field(default_factory=dict)
    recommended: Literal["serverless", "microservices", "hybrid"]
    serverless_kind: Literal["faas", "baas"] | None = None
    cloud: str | None = None
    baas_provider: str | None = None
    reasons: tuple[AdviceReason, ...] = ()
    tradeoffs: tuple[AdviceTradeoff, ...] = ()

    @field_validator("reasons", "tradeoffs")
    @classmethod
    def _one_line_each(cls, items: tuple[Any, ...]) -> tuple[Any, ...]:
        for item in items:
            for text in item.model_dump().values():
                if _CONTROL.search(text):
                    raise ValueError("each reason and trade-off must be one line without control characters")
        return items


class Decision(_Strict):
    """A later architecture decision (`architecture_decisions`): docs/adr/NNNN-<architecture>.md."""

    number: int = Field(ge=2, le=9999)
    architecture: Literal["serverless", "microservices", "hybrid"]
    previous: Literal["serverless", "microservices", "hybrid"]
    change: str = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*$")


class StackSpec(_Strict):
    """The answers of the `stack` blueprint (docs/answers.md)."""

    project_name: str = Field(pattern=PROJECT_NAME_PATTERN)
    description: str = "A cloud stack scaffolded by stackcraft."
    owner: str = "platform"  # the Backstage group (or user) owning the stack's catalog entities
    lifecycle: Literal["experimental", "production", "deprecated"] = "experimental"
    architecture: Literal["serverless", "microservices", "hybrid"] = "hybrid"
    serverless_kind: Literal["faas", "baas"] = "faas"
    cloud: Literal["aws", "gcp", "azure", "cloudflare"] = "aws"
    baas_provider: Literal["supabase", "firebase", "amplify"] = "supabase"
    functions: tuple[Function, ...] = ()
    services: tuple[Service, ...] = ()
    gateway: Literal["nginx", "kong", "traefik", "envoy", "cloud"] = "nginx"
    iac: Literal["terraform", "native"] = "terraform"
    ci: Literal["github", "gitlab"] = "github"
    architecture_advice: Advice | None = None
    architecture_decisions: tuple[Decision, ...] = ()

    @field_validator("architecture_advice", mode="before")
    @classmethod
    def _no_advice(cls, value: Any) -> Any:
        return None if value == {} else value  # an empty mapping: the architecture was chosen directly

    @field_validator("architecture_decisions")
    @classmethod
    def _numbered_in_order(cls, decisions: tuple[Decision, ...]) -> tuple[Decision, ...]:
        if [d.number for d in decisions] != list(range(2, 2 + len(decisions))):
            raise ValueError("decisions are numbered 2, 3, ... in order (ADR 0001 is the first choice)")
        return decisions

    @field_validator("project_name", mode="before")
    @classmethod
    def _project_name(cls, value: Any) -> Any:
        if isinstance(value, str) and "--" in value:
            raise ValueError(f"{value!r} has a double hyphen; use single hyphens")
        if isinstance(value, str) and value in WINDOWS_DEVICE_NAMES:
            raise ValueError(f"{value!r} is a Windows device name (no file or folder may be called so)")
        return value

    @field_validator("description")
    @classmethod
    def _description(cls, value: str) -> str:
        return check_description(value)

    @field_validator("owner")
    @classmethod
    def _owner(cls, value: str) -> str:
        return check_owner(value)

    @field_validator("serverless_kind", "cloud", "baas_provider", "gateway", "ci")
    @classmethod
    def _available(cls, value: str, info: Any) -> str:
        return _check_available(info.field_name, value)

    @model_validator(mode="before")
    @classmethod
    def _iac_default(cls, data: Any) -> Any:
        """Without an `iac` answer, the cloud's default (native on a cloud without Terraform)."""
        cloud = data.get("cloud") if isinstance(data, dict) else None
        if isinstance(cloud, str) and "iac" not in data and cloud in capabilities.CLOUDS:
            return {**data, "iac": capabilities.default("iac", cloud)}
        return data

    @model_validator(mode="after")
    def _combinations(self) -> StackSpec:
        arch = self.architecture
        if arch == "hybrid" and self.serverless_kind != "faas":
            raise SpecError("serverless_kind", "hybrid implies faas; choices: faas")
        if self.is_baas:
            self._check_backend()
        else:
            self._check_cloud_limits()
        if self.has_functions and not self.functions:
            raise SpecError("functions", f"{self.kind_label} needs at least one function")
        if self.has_services and not self.services:
            raise SpecError("services", f"{arch} needs at least one service")
        if not self.has_functions and self.functions:
            raise SpecError("functions", f"must be empty for {self.kind_label}")
        if not self.has_services and self.services:
            raise SpecError("services", f"must be empty for {self.kind_label}")
        given = self.model_fields_set
        if "gateway" in given and not self.has_services:
            raise SpecError("gateway", f"applies to microservices and hybrid only, not {self.kind_label}")
        if "baas_provider" in given and not (arch == "serverless" and self.serverless_kind == "baas"):
            raise SpecError("baas_provider", "applies to serverless with serverless_kind baas only")
        if "serverless_kind" in given and arch == "microservices":
            raise SpecError("serverless_kind", "applies to serverless (and hybrid, where it is faas) only")
        if self.gateway == "cloud" and self.has_services:
            raise SpecError("gateway", "the managed cloud gateway fronts functions; choices for services: "
                            + choices_text(capabilities.offered("gateway", arch, self.cloud)))
        if self.is_baas:
            for key in ("cloud", "iac"):
                if key in given:
                    raise SpecError(key, f"applies to faas, microservices and hybrid; a baas stack runs on "
                                    f"{self.baas_provider}, deployed with its own CLI")
        elif self.iac == "native" and not self.has_functions:
            reason = capabilities.fits("iac", "native", arch, self.cloud)
            if reason:
                raise SpecError("iac", f"{reason}; choices for {self.kind_label}: "
                                + choices_text(capabilities.offered("iac", arch, self.cloud)))
        self._check_names()
        return self

    def _check_cloud_limits(self) -> None:
        """What the chosen cloud supports (capability table): architecture, IaC, function runtimes."""
        cloud = capabilities.CLOUDS[self.cloud]
        if self.architecture not in cloud.architectures:
            raise SpecError("cloud", f"{self.cloud} runs {', '.join(cloud.architectures)} only; "
                            f"choices for {self.architecture}: "
                            + choices_text(capabilities.offered("cloud", self.architecture)))
        if self.iac not in cloud.iac:
            raise SpecError("iac", f"{self.cloud} has no {self.iac} IaC here; choices for {self.cloud}: "
                            + choices_text(cloud.iac))
        for function in self.functions:
            if function.runtime not in cloud.runtimes:
                raise SpecError("functions", f"{self.cloud} runs {', '.join(cloud.runtimes)} functions only; "
                                f"{function.name!r} asks for {function.runtime}")
            if function.trigger not in cloud.triggers:
                raise SpecError("functions", f"{self.cloud} triggers functions by {', '.join(cloud.triggers)} "
                                f"only; {function.name!r} asks for {function.trigger}")

    def _check_backend(self) -> None:
        """What the BaaS provider's functions support (capability table): runtime and trigger."""
        backend = capabilities.BACKENDS[self.baas_provider]
        for function in self.functions:
            if function.runtime not in backend.runtimes or function.trigger not in backend.triggers:
                raise SpecError("functions", f"{self.baas_provider} runs {', '.join(backend.runtimes)} (TypeScript) "
                                f"functions triggered by {', '.join(backend.triggers)} only; {function.name!r} asks "
                                f"for {function.runtime} {function.trigger}")

    def _check_names(self) -> None:
        seen: dict[str, str] = {}
        squashed: dict[str, str] = {}  # name without hyphens -> name
        for key, units in (("services", self.services), ("functions", self.functions)):
            for unit in units:
                if unit.name in seen:
                    raise SpecError(key, f"name {unit.name!r} is used twice (also in {seen[unit.name]}); "
                                    "names must be unique across services and functions")
                twin = squashed.get(unit.name.replace("-", ""))
                if twin is not None:
                    raise SpecError(key, same_id_message(twin, unit.name))
                seen[unit.name] = key
                squashed[unit.name.replace("-", "")] = unit.name
                longest = longest_resource_name(self.project_name, unit.name)
                if longest > RESOURCE_NAME_MAX:
                    raise SpecError(key, f"{unit.name!r} with project {self.project_name!r} makes resource "
                                    f"names of {longest} characters; at most {RESOURCE_NAME_MAX}: shorten either")

    @property
    def kind_label(self) -> str:
        return f"{self.architecture} ({self.serverless_kind})" if self.architecture == "serverless" else self.architecture

    @property
    def is_baas(self) -> bool:
        return self.architecture == "serverless" and self.serverless_kind == "baas"

    @property
    def has_functions(self) -> bool:
        """FaaS functions, or a BaaS provider's own functions: every stack but microservices has them."""
        return self.architecture in ("hybrid", "serverless")

    @property
    def has_services(self) -> bool:
        return self.architecture in ("microservices", "hybrid")

    def answers(self) -> dict[str, Any]:
        """The copier data for this spec: only the keys the blueprint asks for it."""
        data = self.model_dump(mode="json")
        if self.architecture != "serverless":
            data.pop("serverless_kind")
        if self.is_baas:
            data.pop("cloud")
            data.pop("iac")
        else:
            data.pop("baas_provider")
        if not self.has_functions:
            data.pop("functions")
        if not self.has_services:
            data.pop("services")
            data.pop("gateway")
        if self.architecture_advice is None:
            data.pop("architecture_advice")
        else:
            data["architecture_advice"] = self.architecture_advice.model_dump(mode="json", exclude_none=True)
        if not self.architecture_decisions:
            data.pop("architecture_decisions")
        return data


def check_name_is_free(answers: dict[str, Any], kind: str, name: str) -> None:
    """Refuse adding unit `name` to `kind` when a service or function of the stack already has it
    (or when the recorded `kind` is not a list the unit could join)."""
    if not isinstance(answers.get(kind) or [], list):
        raise SpecError(kind, "the recorded answer is not a list of units; fix .copier-answers.yml")
    for other in ("services", "functions"):
        units = answers.get(other)
        names = [unit.get("name") for unit in units if isinstance(unit, dict)] if isinstance(units, list) else []
        if name in names:
            raise SpecError(kind, f"{name!r} is already the name of a {other[:-1]} in this stack; "
                            "names must be unique across services and functions")


# The provider function a BaaS stack starts with (Supabase's, Firebase's and Amplify's own examples
# say hello): `add function` adds more of the same kind.
BAAS_EXAMPLE_FUNCTION = {"name": "hello", "runtime": "node", "trigger": "http"}


def demo_spec(project_name: str = "demo-shop") -> StackSpec:
    """The documented `--defaults` stack: hybrid on AWS behind nginx."""
    return StackSpec(
        project_name=project_name,
        architecture="hybrid",
        cloud="aws",
        services=(
            Service(name="orders", language="python", database="postgres"),
            Service(name="catalog", language="typescript"),
            Service(name="stock", language="go"),
        ),
        functions=(Function(name="notify", runtime="python", trigger="queue"),),
        gateway="nginx",
        iac="terraform",
        ci="github",
    )


def with_defaults(raw: dict[str, Any]) -> dict[str, Any]:
    """Fill the unit lists that were not given with the demo's, where the architecture has them."""
    data = dict(raw)
    demo = demo_spec()
    architecture = data.get("architecture", demo.architecture)
    kind = data.get("serverless_kind", "faas")
    if architecture == "serverless" and kind == "baas":
        data.setdefault("functions", [dict(BAAS_EXAMPLE_FUNCTION)])
    elif architecture in ("hybrid", "serverless"):
        data.setdefault("functions", [unit.model_dump() for unit in demo.functions])
    if architecture in ("microservices", "hybrid"):
        data.setdefault("services", [unit.model_dump() for unit in demo.services])
    return data


def parse_spec(data: dict[str, Any]) -> StackSpec:
    """Validate raw answers; raise SpecError naming the first offending field."""
    try:
        return StackSpec.model_validate(data)
    except ValidationError as exc:
        raise _first_error(exc) from None


# pydantic's error types for a value of the wrong shape -> what the field takes
SHAPES = {
    "tuple_type": "a list (YAML `- name: ...` entries, or JSON `[...]`)",
    "list_type": "a list (YAML `- name: ...` entries, or JSON `[...]`)",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "dict_type": "a mapping of keys to values",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
}


def _first_error(exc: ValidationError) -> SpecError:
    err = exc.errors()[0]
    loc = [str(part) for part in err["loc"]]
    field = "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in loc).lstrip(".") or "spec"
    ctx_error = (err.get("ctx") or {}).get("error")
    if isinstance(ctx_error, SpecError):
        return ctx_error
    kind = err["type"]
    if kind == "extra_forbidden":
        return SpecError(field, "is not a known key")
    if kind == "literal_error":
        return SpecError(field, f"{err.get('input')!r} is not one of: {err['ctx']['expected']}")
    if kind == "string_pattern_mismatch" and loc == ["project_name"]:
        return SpecError(field, f"{err.get('input')!r} is not allowed: use 3-40 lowercase letters, "
                         "digits and hyphens, starting with a letter and ending with a letter or digit")
    if kind == "missing":
        return SpecError(field, "is required")
    if kind in SHAPES:
        return SpecError(field, f"must be {SHAPES[kind]}, not {type(err.get('input')).__name__} {err.get('input')!r}")
    message = err["msg"].removeprefix("Value error, ")
    return SpecError(field, message)
