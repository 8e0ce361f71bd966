"""Go units offline: their required modules built from Debian's packaged Go sources.

The Go module proxy is out of reach where `stackcraft check` runs offline (GOPROXY=off).
Debian packages Go libraries as source under /usr/share/gocode/src (for example
`golang-github-lib-pq-dev`). For a unit whose go.mod requires modules, a go.work outside the
repository uses the unit and replaces each required module with that source; the unit's
go.mod and go.sum are not touched (they stay what the real proxy verifies in the generated
CI). Note that the packaged version may differ from the one go.mod pins.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

GOCODE = Path("/usr/share/gocode/src")
# Debian packages of the modules generated units require.
DEBIAN_PACKAGES = {"github.com/lib/pq": "golang-github-lib-pq-dev"}
_REQUIRE = re.compile(r"^\s*(?:require\s+)?([\w.~/-]+\.[\w.~/-]+)\s+(v[\w.+-]+)", re.MULTILINE)


class GoModuleMissing(Exception):
    """A required module has no packaged source."""


def requirements(go_mod: str) -> list[tuple[str, str]]:
    """(module, version) of every `require` in the text of a go.mod."""
    found: list[tuple[str, str]] = []
    in_block = False
    for line in go_mod.splitlines():
        stripped = line.split("//", 1)[0].strip()
        if stripped.startswith("require ("):
            in_block = True
            continue
        if in_block and stripped == ")":
            in_block = False
            continue
        if in_block or stripped.startswith("require "):
            match = _REQUIRE.match(stripped)
            if match:
                found.append((match.group(1), match.group(2)))
    return found


def workspace(unit_dir: Path, cache: Path) -> Path | None:
    """A go.work for UNIT_DIR in CACHE, or None when its go.mod requires nothing."""
    unit_dir = unit_dir.resolve()
    required = requirements((unit_dir / "go.mod").read_text(encoding="utf-8"))
    if not required:
        return None
    missing = [module for module, _ in required if not (GOCODE / module / "go.mod").is_file()]
    if missing:
        hints = ", ".join(f"{m} (apt-get install {DEBIAN_PACKAGES[m]})" if m in DEBIAN_PACKAGES else m
                          for m in missing)
        raise GoModuleMissing(f"no packaged Go source in {GOCODE} for {hints}")
    lines = ["go 1.22", "", f"use {unit_dir}", ""]
    lines += [f"replace {module} {version} => {GOCODE / module}" for module, version in required]
    target = cache / hashlib.sha256(str(unit_dir).encode()).hexdigest()[:16] / "go.work"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
