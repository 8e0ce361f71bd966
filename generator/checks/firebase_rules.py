"""A static reading of Firebase security rules (firestore.rules, storage.rules).

The rules compiler lives in the Firebase emulators (a Java 21 program that firebase-tools
downloads on first use), so rules are not compiled here; the generated CI runs the emulators.
What is checked statically: `rules_version = '2'`, one `service` block of the expected kind,
balanced braces, and that every `allow` is conditional and binds the caller to an owner: its
condition, with the rules' own functions expanded, compares `request.auth.uid` with something
(`request.auth.uid == resource.data.ownerId`, `request.auth.uid == userId`, ...). An `allow`
without `if`, with `if true`, or open to any signed-in user fails, naming its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SERVICES = {"firestore.rules": "cloud.firestore", "storage.rules": "firebase.storage"}
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_STRING = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
_FUNCTION = re.compile(r"\bfunction\s+(\w+)\s*\([^)]*\)\s*\{(?P<body>[^{}]*)\}", re.S)
_ALLOW = re.compile(r"\ballow\s+(?P<methods>[\w\s,]+?)\s*(?::\s*if\s+(?P<cond>[^;]*))?;", re.S)
_OWNER = re.compile(r"request\.auth\.uid\s*==|==\s*request\.auth\.uid\b")


@dataclass(frozen=True)
class Finding:
    line: int
    text: str


def _blank(match: re.Match[str]) -> str:
    """Comments and strings blanked out, newlines kept, so that line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _expand(condition: str, functions: dict[str, str], depth: int = 0) -> str:
    """CONDITION with the bodies of the rules' functions it calls appended (transitively)."""
    if depth > 8:
        return condition
    called = [name for name in functions if re.search(rf"\b{name}\s*\(", condition)]
    return condition + " ".join(_expand(functions[name], functions, depth + 1) for name in called)


def read(name: str, source: str) -> tuple[list[str], list[Finding]]:
    """The `allow` statements of rules file NAME that pass, and the findings that fail it."""
    findings: list[Finding] = []
    code = _STRING.sub(lambda m: "'" + " " * (len(m.group(0)) - 2) + "'", _COMMENT.sub(_blank, source))
    if not re.match(r"\s*rules_version\s*=\s*'2'\s*;", _COMMENT.sub(_blank, source)):
        findings.append(Finding(1, "the first statement must be rules_version = '2';"))
    services = re.findall(r"\bservice\s+([\w.]+)\s*\{", code)
    expected = SERVICES.get(name)
    if expected and services != [expected]:
        findings.append(Finding(1, f"expected one `service {expected}` block, found {services or 'none'}"))
    depth = 0
    for offset, char in enumerate(code):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            findings.append(Finding(_line(code, offset), "a `}` closes nothing"))
            break
    if depth > 0:
        findings.append(Finding(_line(code, len(code)), f"{depth} `{{` never closed"))
    functions = {m.group(1): m.group("body") for m in _FUNCTION.finditer(code)}
    allowed = []
    for match in _ALLOW.finditer(code):
        line, methods = _line(code, match.start()), " ".join(match.group("methods").split())
        condition = " ".join((match.group("cond") or "").split())
        statement = f"allow {methods}" + (f": if {condition}" if condition else "")
        if not condition:
            findings.append(Finding(line, f"`allow {methods}` has no condition: everyone may"))
        elif condition == "true" or not _OWNER.search(_expand(condition, functions)):
            findings.append(Finding(line, f"`{statement}` does not bind request.auth.uid to an owner"))
        else:
            allowed.append(statement)
    if not allowed and not findings:
        findings.append(Finding(1, "no allow statement: nothing is reachable"))
    return allowed, findings
