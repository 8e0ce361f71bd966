"""The capability table: every answer's choices, their labels, what this release builds,
and what each cloud supports. Plain data, the single source for the spec, the wizard,
`add --help`, copier.yml's choice blocks (`make copier-yml`) and the docs' tables.

Kept free of heavy imports: the CLI reads it at start-up.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choice:
    """One value of an answer: what the user sees, and whether this release builds it."""

    value: str
    label: str
    built: bool = True


@dataclass(frozen=True)
class Cloud:
    """What one cloud runs: the values of the other answers it supports (built or not)."""

    value: str
    architectures: tuple[str, ...]
    runtimes: tuple[str, ...]
    triggers: tuple[str, ...]
    iac: tuple[str, ...]
    gateways: tuple[str, ...]
    native_iac: str = ""  # what `iac: native` means on this cloud
    native_deploys: tuple[str, ...] = ()  # the unit kinds native IaC deploys; Terraform does the rest
    function_platform: str = ""  # labels, per architecture, in the wizard and the docs
    service_platform: str = ""
    # Paths of the generated repo that only this cloud has (its native IaC files); copier.yml
    # leaves them out for the other clouds. Where clouds share a generated path, each cloud has
    # a source tree of its own: `functions/{% yield fn from <cloud>_<runtime>_functions %}...`
    # and `infra/{% if cloud == '<cloud>' %}terraform{% endif %}` (docs/blueprint.md).
    paths: tuple[str, ...] = ()
    # Each function's own pipeline deploys it (its native IaC is per function): no infra.yml.
    per_function_deploy: bool = False


@dataclass(frozen=True)
class Question:
    """An answer with a fixed set of values: its prompt, default and choices."""

    key: str
    prompt: str
    default: str
    choices: tuple[Choice, ...]
    help: str = ""

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices)

    @property
    def built(self) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices if choice.built)

    def label(self, value: str) -> str:
        return next(choice.label for choice in self.choices if choice.value == value)


_ALL_ARCHITECTURES = ("serverless", "microservices", "hybrid")
_SERVICE_GATEWAYS = ("nginx", "kong", "traefik", "envoy")

CLOUDS: dict[str, Cloud] = {
    "aws": Cloud(
        "aws", _ALL_ARCHITECTURES, ("python", "node"), ("http", "schedule", "queue", "storage"),
        ("terraform", "native"), _SERVICE_GATEWAYS + ("cloud",),
        native_iac="AWS SAM", native_deploys=("functions",),
        function_platform="Lambda", service_platform="EKS",
        paths=("template.yaml", "samconfig.toml"),
    ),
    "gcp": Cloud(
        "gcp", _ALL_ARCHITECTURES, ("python", "node"), ("http", "schedule", "queue"),
        ("terraform",), _SERVICE_GATEWAYS + ("cloud",),
        function_platform="Cloud Run functions", service_platform="GKE Autopilot",
    ),
    # Terraform only: Bicep cannot be compiled or validated offline, so `iac: native` is refused.
    "azure": Cloud(
        "azure", _ALL_ARCHITECTURES, ("python", "node"), ("http", "schedule", "queue"),
        ("terraform",), _SERVICE_GATEWAYS,
        function_platform="Azure Functions", service_platform="AKS",
    ),
    "cloudflare": Cloud(
        "cloudflare", ("serverless",), ("node",), ("http", "schedule", "queue"),
        ("native",), ("cloud",),
        native_iac="wrangler", native_deploys=("functions",),
        function_platform="Cloudflare Workers", per_function_deploy=True,
    ),
}

@dataclass(frozen=True)
class Backend:
    """What one BaaS provider runs: its functions (runtime, trigger, folder) and the paths of
    the generated repo only it renders (copier.yml leaves them out for every other stack). Every
    provider also renders SHARED_BACKEND_PATHS (the typed client), each in its own way."""

    value: str
    function_platform: str
    function_dir: str  # a function NAME lives in <function_dir>/NAME
    runtimes: tuple[str, ...] = ("node",)  # TypeScript on the provider's JavaScript runtime
    triggers: tuple[str, ...] = ("http",)
    paths: tuple[str, ...] = ()


BACKENDS: dict[str, Backend] = {
    "supabase": Backend("supabase", "Supabase Edge Functions (Deno)", "supabase/functions",
                        paths=("supabase", ".github/workflows/supabase-*")),
    "firebase": Backend("firebase", "Cloud Functions for Firebase", "cloud-functions",
                        paths=("firebase.json", ".firebaserc", "firestore.rules", "firestore.indexes.json",
                               "storage.rules", "cloud-functions", "rules-tests", ".github/workflows/firebase-*")),
    "amplify": Backend("amplify", "Amplify Gen 2 functions (Lambda)", "amplify/functions",
                       paths=("amplify", "package.json", "package-lock.json", ".github/workflows/amplify-*")),
}
SHARED_BACKEND_PATHS = ("client",)  # in every BaaS stack, left out of the others


def _by_key(questions: tuple[Question, ...]) -> dict[str, Question]:
    return {question.key: question for question in questions}


QUESTIONS: dict[str, Question] = _by_key(
    (
        Question("architecture", "Architecture", "hybrid", (
            Choice("serverless", "Serverless: functions or a managed backend"),
            Choice("microservices", "Microservices: services behind an API gateway"),
            Choice("hybrid", "Hybrid: microservices plus FaaS functions"),
        )),
        Question("serverless_kind", "Serverless flavour", "faas", (
            Choice("faas", "FaaS: your functions, run by the provider"),
            Choice("baas", "BaaS: a managed backend (Supabase, Firebase, Amplify)"),
        )),
        Question("cloud", "Cloud provider", "aws", (
            Choice("aws", "AWS"),
            Choice("gcp", "Google Cloud"),
            Choice("azure", "Azure"),
            Choice("cloudflare", "Cloudflare Workers"),
        )),
        Question("baas_provider", "Backend provider", "supabase", (
            Choice("supabase", "Supabase"),
            Choice("firebase", "Firebase"),
            Choice("amplify", "Amplify Gen 2"),
        ), help="Backend-as-a-Service provider"),
        Question("gateway", "API gateway", "nginx", (
            Choice("nginx", "nginx"),
            Choice("kong", "Kong (DB-less)"),
            Choice("traefik", "Traefik", built=False),
            Choice("envoy", "Envoy", built=False),
            Choice("cloud", "The cloud's managed API gateway (for functions)", built=False),
        ), help="API gateway in front of the services"),
        Question("iac", "Infrastructure as code", "terraform", (
            Choice("terraform", "Terraform"),
            Choice("native", "Native"),
        )),
        Question("ci", "CI/CD", "github", (
            Choice("github", "GitHub Actions"),
            Choice("gitlab", "GitLab CI", built=False),
        )),
    )
)

# The fields of each unit kind, with the question that lists their values.
UNIT_QUESTIONS: dict[str, Question] = _by_key(
    (
        Question("runtime", "Runtime", "python", (
            Choice("python", "Python"),
            Choice("node", "Node.js"),
        )),
        Question("trigger", "Trigger", "http", (
            Choice("http", "HTTP"),
            Choice("schedule", "Schedule"),
            Choice("queue", "Queue"),
            Choice("storage", "Storage event", built=False),
        )),
        Question("language", "Language", "python", (
            Choice("python", "Python"),
            Choice("typescript", "TypeScript"),
            Choice("go", "Go"),
            Choice("java", "Java", built=False),
            Choice("dotnet", ".NET", built=False),
        )),
        Question("database", "Database", "none", (
            Choice("postgres", "PostgreSQL"),
            Choice("none", "none"),
        )),
    )
)
UNIT_FIELDS: dict[str, tuple[str, ...]] = {
    "functions": ("runtime", "trigger"),
    "services": ("language", "database"),
}

# Unit names that would collide with a folder or tool of the generated repo, or a
# word of the contract. Every cloud's and choice's value is among them.
RESERVED_NAMES: frozenset[str] = frozenset(
    {
        "gateway", "infra", "test", "tests", "deploy", "docs", "scripts", "services",
        "functions", "shared", "common", "lib", "default", "kube-system", "kubernetes",
        "nginx", "kong", "postgres", "db", "build", "dist",
    }
    | set(CLOUDS)
    | {"node", "python", "go", "java", "dotnet"}
)
NOT_AVAILABLE = "not available in this release"



def question(key: str) -> Question:
    """A top-level or a unit question by its key."""
    return QUESTIONS.get(key) or UNIT_QUESTIONS[key]


def values(key: str) -> tuple[str, ...]:
    """Every value of an answer, built or not: the words of the contract."""
    return question(key).values


def built(key: str) -> tuple[str, ...]:
    """The values this release builds."""
    return question(key).built


def label(key: str, value: str, architecture: str | None = None, cloud: str | None = None) -> str:
    """The label of a value; a cloud's names its platforms, an `iac: native` its cloud's tool."""
    text = question(key).label(value)
    if key == "cloud" and architecture:
        platforms = cloud_platforms(CLOUDS[value], architecture)
        return f"{text} ({platforms})" if platforms else text
    row = CLOUDS.get(cloud or "")
    if key == "iac" and value == "native" and row and row.native_iac:
        return f"{text} ({row.native_iac})"
    return text


def cloud_platforms(cloud: Cloud, architecture: str) -> str:
    parts = []
    if architecture in ("microservices", "hybrid") and cloud.service_platform:
        parts.append(cloud.service_platform)
    if architecture in ("serverless", "hybrid") and cloud.function_platform:
        parts.append(cloud.function_platform)
    return " + ".join(parts)


def fits(key: str, value: str, architecture: str | None = None, cloud: str | None = None) -> str | None:
    """Why `value` does not work with the answers so far (one clause), or None when it does.

    Unbuilt values and cloud limits both count; `architecture`/`cloud` None means not known yet.
    """
    if key == "gateway" and value == "cloud":
        return "the managed cloud gateway fronts functions"
    if value not in built(key):
        return NOT_AVAILABLE
    if key == "cloud" and architecture and architecture not in CLOUDS[value].architectures:
        return f"{value} runs {', '.join(CLOUDS[value].architectures)} only"
    row = CLOUDS.get(cloud) if cloud else None
    if row is None:
        return None
    limits = {"runtime": row.runtimes, "trigger": row.triggers, "iac": row.iac, "gateway": row.gateways}
    if key in limits and value not in limits[key]:
        return f"{cloud} does not support {key} {value}"
    if key == "iac" and value == "native" and architecture == "microservices" \
            and "services" not in row.native_deploys:
        return f"native IaC ({row.native_iac}) deploys functions only"
    return None


def default(key: str, cloud: str | None = None) -> str:
    """The question's default, or the first IaC kind of a cloud that lacks it (cloudflare: native)."""
    value = question(key).default
    row = CLOUDS.get(cloud or "")
    if key == "iac" and row and value not in row.iac:
        return row.iac[0]
    return value


def offered(key: str, architecture: str | None = None, cloud: str | None = None) -> tuple[str, ...]:
    """The values that work with the answers so far: what the wizard and `--help` offer."""
    return tuple(value for value in values(key) if fits(key, value, architecture, cloud) is None)
