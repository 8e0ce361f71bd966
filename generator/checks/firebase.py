"""A Firebase stack: firebase.json against the schema firebase-tools ships, the security rules
read statically (firebase_rules.py), the rules tests' types, the Cloud Functions' tests
(firebase-functions-test, offline) and the typed client's tests and types.

rules-tests/ pins the Firebase CLI (firebase-tools) as a dev dependency; it is installed with
`npm ci --ignore-scripts`, since one of its native add-ons (re2) downloads or compiles a binary
on install, and only its schema and the tests' types are used here. The rules tests themselves
need the emulators (Java 21 and a download): the generated CI runs them.
"""

from __future__ import annotations

from .baasparts import is_backend, make_test, part, tsc
from .discover import Repo
from .firebase_rules import read
from .results import Outcome
from .runner import Check
from .tools import require, run
from .units import npm_install

RULES_TESTS = "rules-tests"
SCHEMA = "rules-tests/node_modules/firebase-tools/schema/firebase-config.json"


def checks(repo: Repo) -> list[Check]:
    if not is_backend(repo, "firebase"):
        return []
    found = []
    rules = [name for name in ("firestore.rules", "storage.rules") if (repo.root / name).is_file()]
    if rules:
        found.append(Check("security rules (static)", ", ".join(rules), lambda: static_rules(repo, rules)))
    if (repo.root / RULES_TESTS / "package.json").is_file():
        if (repo.root / "firebase.json").is_file():
            found.append(Check("firebase.json schema", "firebase.json", lambda: firebase_json(repo), slow=True))
        found.append(Check("tsc --noEmit --strict", RULES_TESTS,
                           lambda: tsc(repo, RULES_TESTS, ignore_scripts=True), slow=True))
    for path in ("cloud-functions", "client"):
        if (repo.root / path / "package.json").is_file():
            found.append(Check("make test (vitest)", path, lambda path=path: make_test(repo, path), slow=True))
            found.append(Check("tsc --noEmit --strict", path, lambda path=path: tsc(repo, path), slow=True))
    return found


def static_rules(repo: Repo, names: list[str]) -> Outcome:
    """Every rules file's `allow` statements bind request.auth.uid to an owner (firebase_rules.py)."""
    failures, counts = [], []
    for name in names:
        allowed, findings = read(name, (repo.root / name).read_text(encoding="utf-8"))
        failures += [f"{name}:{finding.line}: {finding.text}" for finding in findings]
        counts.append(f"{name}: {len(allowed)} allow statements, each owner-bound")
    if failures:
        return Outcome.fail("\n".join(failures))
    return Outcome.ok("; ".join(counts) + " (static: the emulators run in CI)")


def firebase_json(repo: Repo) -> Outcome:
    """check-jsonschema with the firebase-config.json schema of the pinned firebase-tools."""
    exe = require("check-jsonschema")
    failed, _ = npm_install(repo, part(RULES_TESTS), ignore_scripts=True)
    if failed:
        return failed
    if not (repo.root / SCHEMA).is_file():
        return Outcome.fail(f"{SCHEMA} not found: firebase-tools is not among rules-tests' devDependencies")
    done = run([exe, "--schemafile", SCHEMA, "firebase.json"], cwd=repo.root, timeout=180)
    return Outcome.from_returncode(done.returncode, done.output, "valid against firebase-tools' schema")
