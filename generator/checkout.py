"""A template's files at one version: a git clone at a ref in a temporary folder, or a plain folder."""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from generator import probe, versions
from generator.errors import StackcraftError


@dataclass(frozen=True)
class Checkout:
    """Where the template's files are, and which version they are (None for a plain folder)."""

    path: Path
    commit: str | None
    version: str | None


@contextmanager
def template_at(url: str, ref: str | None, label: str, ref_option: str = "--vcs-ref") -> Iterator[Checkout]:
    """The template at `ref` (else its latest version tag, else the default branch's HEAD)."""
    location = versions.git_location(url)
    if location is None:
        folder = Path(url).expanduser()
        if not folder.is_dir():
            raise StackcraftError(f"blueprint: {label}: {url} is neither a folder nor a git repository")
        yield Checkout(folder.resolve(), None, None)
        return
    with tempfile.TemporaryDirectory(prefix="stackcraft-template-") as tmp:
        clone = Path(tmp) / "template"
        done = probe.run_git("clone", "--quiet", "--no-checkout", "--", location, str(clone))
        if done.returncode:
            raise StackcraftError(f"blueprint: cannot read {label}: {probe.git_reason(done.stderr)}")
        target = ref or versions.highest(probe.run_git("tag", "--list", cwd=clone).stdout.split()) or "HEAD"
        if target.startswith("-") or probe.run_git("rev-parse", "--verify", "--quiet", f"{target}^{{commit}}",
                                                   cwd=clone).returncode:
            raise StackcraftError(f"{ref_option}: {target!r} is not a tag, branch or commit of {url}")
        probe.run_git("checkout", "--quiet", "--detach", target, cwd=clone)
        commit = probe.run_git("rev-parse", "HEAD", cwd=clone).stdout.strip()
        described = probe.run_git("describe", "--tags", "--always", cwd=clone).stdout.strip()
        yield Checkout(clone, commit, described or commit)
