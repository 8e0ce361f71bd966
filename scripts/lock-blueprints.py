#!/usr/bin/env python3
"""Resolve the lock files the `stack` blueprint ships (`make lock`).

Units: renders one stack per cloud that holds every lockable unit kind in every variant that can
change its dependencies (each database of a service, each trigger of a function), runs the unit's
own locking tool in it (`uv lock`, `npm install --package-lock-only`), and writes each lock back
into the blueprint as a template: the project and unit names become `{{ project_name }}` and
`{{ svc.name }}` / `{{ fn.name }}`, and variants whose locks differ get an `{% if %}` branch each.

BaaS: renders one BaaS stack per provider and locks each of its Node folders the same way (the
typed client, Firebase's cloud-functions and rules-tests, Supabase's Edge Functions tooling,
Amplify's tooling in the root package.json);
their locks name only the project. The client is in every BaaS stack, so its lock template's
file name carries the provider (`client/{% if baas_provider == 'firebase' %}package-lock.json...`).

Then it renders the stacks again from the updated blueprint and checks that every lock comes
out byte for byte.

Existing pins are kept (the blueprint's current locks are rendered first), so adding a
dependency to a unit's pyproject.toml or package.json and re-running this only adds what is
new. `--upgrade` resolves everything to the newest allowed versions; `--check` writes nothing
and exits 1 when a shipped lock is not what the tools resolve (a dependency changed without
`make lock`). `--only units` or `--only baas` locks one of the two.

Go's `go.sum` is not resolved here: a Go service with a database ships it beside `go.mod`
(the hashes the public checksum database records for the one module it requires), since
resolving it again needs the Go module proxy; the generated CI verifies it.

    scripts/lock-blueprints.py [--upgrade | --check] [--only units|baas]
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.capabilities import CLOUDS, SHARED_BACKEND_PATHS, built  # noqa: E402
from generator.choices import AVAILABLE, DATABASES  # noqa: E402

PROJECT = "lockproj"  # names that occur nowhere else in a lock file, so they can be templated back
UNIT_PREFIX = "lockunit"
GIT_ID = ["-c", "user.name=lock-blueprints", "-c", "user.email=lock@localhost"]


@dataclass(frozen=True)
class UnitKind:
    """One kind of unit with a lock file: which answers list holds it, the Jinja name of the unit
    in its blueprint folder (`{% yield svc from python_services %}`), and the variants to lock."""

    answers_list: str  # services | functions
    field: str  # language | runtime
    value: str  # python, typescript, ...
    var: str  # svc | fn
    lock: str  # the lock file's name
    variant_field: str  # database | trigger
    variant_values: tuple[str, ...]
    cloud: str = "aws"  # the cloud of the stack it is locked in; a function kit is one cloud's own

    @property
    def folder_marker(self) -> str:
        if self.answers_list == "functions":
            return f"{{% yield {self.var} from {self.cloud}_{self.value}_functions %}}"
        return f"{{% yield {self.var} from {self.value}_{self.answers_list} %}}"


KINDS = (
    UnitKind("services", "language", "python", "svc", "uv.lock", "database", DATABASES),
    UnitKind("services", "language", "typescript", "svc", "package-lock.json", "database", DATABASES),
    UnitKind("functions", "runtime", "python", "fn", "uv.lock", "trigger", AVAILABLE["trigger"]),
    UnitKind("functions", "runtime", "node", "fn", "package-lock.json", "trigger", AVAILABLE["trigger"]),
    UnitKind("functions", "runtime", "python", "fn", "uv.lock", "trigger", CLOUDS["gcp"].triggers, cloud="gcp"),
    UnitKind("functions", "runtime", "node", "fn", "package-lock.json", "trigger", CLOUDS["gcp"].triggers, cloud="gcp"),
    UnitKind("functions", "runtime", "python", "fn", "uv.lock", "trigger", CLOUDS["azure"].triggers, cloud="azure"),
    UnitKind("functions", "runtime", "node", "fn", "package-lock.json", "trigger", CLOUDS["azure"].triggers, cloud="azure"),
    UnitKind("functions", "runtime", "node", "fn", "package-lock.json", "trigger", CLOUDS["cloudflare"].triggers,
             cloud="cloudflare"),
)


# The folders of each BaaS provider's stack that ship a package-lock.json, as the generated repo
# and blueprints/stack both name them.
BAAS_LOCKS = {
    "supabase": ("client", "supabase/functions"),
    "firebase": ("client", "cloud-functions", "rules-tests"),
    # ".": Amplify's tooling is the repository's own package.json. Its lock keeps nested copies of
    # @aws-amplify/data-construct's bundled dependencies that `npm ci` looks for and that only an
    # `npm install` followed by `npm install --package-lock-only` records: after `--upgrade`
    # (which starts from no lock), run `npm install` in the rendered stack and lock again.
    "amplify": ("client", "."),
}
NPM_LOCK = "package-lock.json"


@dataclass(frozen=True)
class BaasPart:
    """A folder of one BaaS provider's stack with a package-lock.json of its own."""

    provider: str
    folder: str

    @property
    def stack(self) -> str:
        return f"baas-{self.provider}"

    @property
    def target(self) -> Path:
        """The lock template in the blueprint; a folder every provider renders names the provider."""
        name = f"{NPM_LOCK}.jinja"
        if self.folder in SHARED_BACKEND_PATHS:
            name = f"{{% if baas_provider == '{self.provider}' %}}{NPM_LOCK}{{% endif %}}.jinja"
        return ROOT / "blueprints" / "stack" / self.folder / name


def baas_parts() -> list[BaasPart]:
    """Every lockable folder of every BaaS provider the stack offers."""
    providers = built("baas_provider")  # AVAILABLE lists a key only while some value is unbuilt
    unlisted = [provider for provider in providers if provider not in BAAS_LOCKS]
    if unlisted:
        sys.exit(f"lock-blueprints: BAAS_LOCKS does not list the lockable folders of {', '.join(unlisted)}")
    return [BaasPart(provider, folder) for provider in providers for folder in BAAS_LOCKS[provider]]


def baas_spec(provider: str) -> dict:
    return {"project_name": PROJECT, "architecture": "serverless", "serverless_kind": "baas",
            "baas_provider": provider, "ci": "github"}


@dataclass(frozen=True)
class Variant:
    kind: UnitKind
    value: str  # the variant field's value
    name: str  # the unit's name in the rendered stack

    @property
    def path(self) -> str:
        return f"{self.kind.answers_list}/{self.name}"


def variants() -> list[Variant]:
    counter = itertools.count()
    return [Variant(kind, value, f"{UNIT_PREFIX}{chr(ord('a') + next(counter))}")
            for kind in KINDS for value in kind.variant_values]


def spec(units: list[Variant]) -> dict:
    """A stack on the units' cloud holding every variant: hybrid when there are services."""
    answers: dict = {"project_name": PROJECT, "architecture": "hybrid", "cloud": units[0].kind.cloud,
                     "gateway": "nginx", "ci": "github", "services": [], "functions": []}  # iac: the cloud's default
    if not any(unit.kind.answers_list == "services" for unit in units):
        answers.update(architecture="serverless", serverless_kind="faas")
        del answers["gateway"], answers["services"]
    for unit in units:
        entry = {"name": unit.name, unit.kind.field: unit.kind.value, unit.kind.variant_field: unit.value}
        if unit.kind.answers_list == "functions" and "trigger" not in entry:
            entry["trigger"] = "http"
        answers[unit.kind.answers_list].append(entry)
    return answers


def blueprint_copy(dest: Path) -> Path:
    """This checkout's files as they are on disk, committed into a fresh git repository."""
    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listing):
        if (ROOT / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "blueprint"]):
        subprocess.run(["git", *GIT_ID, *args], cwd=dest, check=True, capture_output=True)
    return dest


def by_cloud(units: list[Variant]) -> dict[str, list[Variant]]:
    grouped: dict[str, list[Variant]] = {}
    for unit in units:
        grouped.setdefault(unit.kind.cloud, []).append(unit)
    return grouped


def render(work: Path, answers: dict, label: str) -> Path:
    source = blueprint_copy(work / f"{label}-blueprint")
    data = work / f"{label}-spec.yml"
    data.write_text(yaml.safe_dump(answers, sort_keys=False))
    out = work / label
    env = {**os.environ, "STACKCRAFT_STACK_SOURCE": str(source), "STACKCRAFT_CACHE_DIR": str(work / "cache")}
    run([sys.executable, "-m", "generator", "new", str(out), "--data-file", str(data), "--no-git"], ROOT, env)
    return out


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"lock-blueprints: {' '.join(cmd)} (in {cwd}) failed:\n{done.stdout}{done.stderr}")


def lock(unit_dir: Path, lock_file: str, upgrade: bool) -> str:
    """Run the locking tool of LOCK_FILE (uv.lock, package-lock.json) in UNIT_DIR; the lock's text."""
    if lock_file == "uv.lock":
        run([tool("uv"), "lock", *(["--upgrade"] if upgrade else [])], unit_dir)
    else:
        if upgrade:
            (unit_dir / lock_file).unlink(missing_ok=True)
        env = {**os.environ, "npm_config_omit_lockfile_registry_resolved": "true"}  # any registry mirror works
        run([tool("npm"), "install", "--package-lock-only", "--no-audit", "--no-fund"], unit_dir, env)
    return (unit_dir / lock_file).read_text()


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        sys.exit(f"lock-blueprints: {name} not found (make setup installs it)")
    return found


def templated(text: str, where: str, unit: Variant | None = None) -> str:
    """The lock at WHERE with the project's name (and UNIT's, for a unit) as Jinja expressions."""
    if "{{" in text or "{%" in text or "{#" in text:
        sys.exit(f"lock-blueprints: {where} holds Jinja delimiters; template it by hand")
    text = text.replace(PROJECT, "{{ project_name }}")
    return text.replace(unit.name, f"{{{{ {unit.kind.var}.name }}}}") if unit else text


def template_for(kind: UnitKind, locks: dict[str, str]) -> str:
    """One template for the locks of KIND's variants: plain when they agree, else one branch each."""
    groups: dict[str, list[str]] = {}
    for value, text in locks.items():
        groups.setdefault(text, []).append(value)
    if len(groups) == 1:
        return next(iter(groups))
    ordered = sorted(groups.items(), key=lambda item: len(item[1]))  # the largest group is the `else`
    subject = f"{kind.var}.{kind.variant_field}"
    parts = []
    for index, (text, values) in enumerate(ordered[:-1]):
        keyword = "if" if index == 0 else "elif"
        parts.append(f"{{% {keyword} {subject} in {values!r} %}}\n{text}")
    parts.append(f"{{% else %}}\n{ordered[-1][0]}{{% endif %}}\n")
    return "".join(parts)


def template_for_or_none(kind: UnitKind, by_kind: dict[UnitKind, dict[str, str]]) -> str | None:
    return template_for(kind, by_kind[kind]) if kind in by_kind else None


def blueprint_dir(kind: UnitKind) -> Path:
    found = [path for path in (ROOT / "blueprints" / "stack").rglob("*") if path.is_dir()
             and path.name.startswith(kind.folder_marker)]
    if len(found) != 1:
        sys.exit(f"lock-blueprints: expected one folder named {kind.folder_marker}... in blueprints/stack, "
                 f"found {len(found)}")
    return found[0]


Stacks = dict[str, dict]  # a stack's label -> its answers
Locks = dict[tuple[str, str], str]  # (stack label, lock path in it) -> the lock as resolved
Templates = dict[Path, str | None]  # a lock template of the blueprint -> its text (None: remove it)


def lock_units(work: Path, upgrade: bool) -> tuple[Stacks, Locks, Templates]:
    """Every unit kind's locks, resolved in one stack per cloud."""
    units = variants()
    stacks = {cloud: spec(group) for cloud, group in by_cloud(units).items()}
    rendered = {cloud: render(work, answers, f"locking-{cloud}") for cloud, answers in stacks.items()}
    locks: Locks = {}
    by_kind: dict[UnitKind, dict[str, str]] = {}
    for unit in units:
        path = f"{unit.path}/{unit.kind.lock}"
        text = lock(rendered[unit.kind.cloud] / unit.path, unit.kind.lock, upgrade)
        locks[(unit.kind.cloud, path)] = text
        by_kind.setdefault(unit.kind, {})[unit.value] = templated(text, path, unit)
    templates = {blueprint_dir(kind) / f"{kind.lock}.jinja": template_for_or_none(kind, by_kind) for kind in KINDS}
    return stacks, locks, templates


def lock_baas(work: Path, upgrade: bool) -> tuple[Stacks, Locks, Templates]:
    """Every BaaS provider's Node folders' locks, resolved in one stack per provider."""
    parts = baas_parts()
    stacks = {part.stack: baas_spec(part.provider) for part in parts}
    rendered = {label: render(work, answers, f"locking-{label}") for label, answers in stacks.items()}
    locks: Locks = {}
    templates: Templates = {}
    for part in parts:
        path = f"{part.folder}/{NPM_LOCK}"
        text = lock(rendered[part.stack] / part.folder, NPM_LOCK, upgrade)
        locks[(part.stack, path)] = text
        templates[part.target] = templated(text, f"{part.stack}: {path}")
    return stacks, locks, templates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--upgrade", action="store_true", help="resolve every dependency to its newest version")
    choice.add_argument("--check", action="store_true", help="write nothing; exit 1 when a lock is stale")
    parser.add_argument("--only", choices=("units", "baas"), help="lock the units' or the BaaS stacks' files only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lock-blueprints-") as tmp:
        work = Path(tmp)
        stacks: Stacks = {}
        expected: Locks = {}
        templates: Templates = {}
        for name, locker in (("units", lock_units), ("baas", lock_baas)):
            if args.only in (None, name):
                more_stacks, more_locks, more_templates = locker(work, args.upgrade)
                stacks.update(more_stacks)
                expected.update(more_locks)
                templates.update(more_templates)
        if args.check:
            stale = [str(target.relative_to(ROOT)) for target, text in templates.items()
                     if text != (target.read_text() if target.exists() else None)]
            if stale:
                sys.exit("lock-blueprints: stale, run `make lock`: " + ", ".join(stale))
            print(f"{len(expected)} locks are what uv and npm resolve")
            return
        for target, text in templates.items():
            if text is not None:
                target.write_text(text)
                print(f"wrote {target.relative_to(ROOT)}")
            elif target.exists():
                target.unlink()
                print(f"removed {target.relative_to(ROOT)} (nothing to lock)")
        again = {label: render(work, answers, f"verify-{label}") for label, answers in stacks.items()}
        for (label, path), text in expected.items():
            if (again[label] / path).read_text() != text:
                sys.exit(f"lock-blueprints: {label}: {path} does not render back to the lock it came from")
        print(f"{len(expected)} locks render back exactly")


if __name__ == "__main__":
    main()
