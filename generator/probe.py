"""Read a git blueprint's `copier.yml` before copier renders it, and name what is wrong in one line.

A bare repository on disk is read in place; any other git source is cloned without its
files (a blob-less, checkout-less clone) into a temporary folder. Git never prompts.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

from packaging.version import InvalidVersion, Version

from generator.errors import StackcraftError

CONFIG_NAMES = ("copier.yml", "copier.yaml")
GIT_URL = re.compile(r"^(https?://|ssh://|git://|git@|git\+|gh:|gl:)|\.git/?$")
TIMEOUT_SECONDS = 120
_QUIET_GIT = {"GIT_TERMINAL_PROMPT": "0", "GIT_ASKPASS": "true", "SSH_ASKPASS": "true",
              "GIT_SSH_COMMAND": os.environ.get("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")}


def run_git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **_QUIET_GIT}
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env,
                              stdin=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS, errors="replace")
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, 124, "", f"no answer within {TIMEOUT_SECONDS} s")
    except (OSError, ValueError) as exc:
        return subprocess.CompletedProcess(args, 127, "", str(exc))


def is_bare_repo(path: Path) -> bool:
    """True for a bare git repository (`org/stack.git` on disk)."""
    if not (path / "HEAD").is_file() or not (path / "objects").is_dir():
        return False
    return run_git("rev-parse", "--is-bare-repository", cwd=path).stdout.strip() == "true"


def git_reason(text: str) -> str:
    """The line of git's stderr that says what went wrong: its first `fatal:`/`error:`, else its last."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else "no reason given"


def latest_tag(repo: Path) -> str | None:
    """The highest PEP 440 version tag, the one copier renders when no ref is asked for."""
    versions: list[tuple[Version, str]] = []
    for tag in run_git("tag", "--list", cwd=repo).stdout.split():
        try:
            versions.append((Version(tag), tag))
        except InvalidVersion:
            continue
    return max(versions)[1] if versions else None


def _text_in(repo: Path, ref: str | None, url: str, ref_option: str, names: tuple[str, ...]) -> str | None:
    if ref is not None:
        if ref.startswith("-") or run_git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", cwd=repo).returncode:
            raise StackcraftError(f"{ref_option}: {ref!r} is not a tag, branch or commit of {url}")
    target = ref or latest_tag(repo) or "HEAD"
    for name in names:
        shown = run_git("show", f"{target}:{name}", cwd=repo)
        if shown.returncode == 0:
            return shown.stdout
    return None


def config_at(url: str, ref: str | None, label: str, ref_option: str = "--vcs-ref") -> str | None:
    """The text of the blueprint's copier.yml at `ref` (else its latest tag, else HEAD), or None."""
    return text_at(url, ref, label, CONFIG_NAMES, ref_option)


def text_at(url: str, ref: str | None, label: str, names: tuple[str, ...],
            ref_option: str = "--vcs-ref") -> str | None:
    """The text of the first of `names` in a git template at `ref` (else its latest tag, else HEAD)."""
    location = url.removeprefix("git+")
    local = Path(location.removeprefix("file://")) if location.startswith("file://") else None
    if local is not None and is_bare_repo(local):
        return _text_in(local, ref, label, ref_option, names)
    with tempfile.TemporaryDirectory(prefix="stackcraft-probe-") as tmp:
        clone = Path(tmp) / "repo"
        cloned = run_git("clone", "--quiet", "--no-checkout", "--filter=blob:none", "--", location, str(clone))
        if cloned.returncode:
            raise StackcraftError(f"blueprint: cannot read {label}: {git_reason(cloned.stderr)}")
        return _text_in(clone, ref, label, ref_option, names)
