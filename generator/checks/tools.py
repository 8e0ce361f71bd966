"""Finding the validators and running them.

A tool is looked up on PATH, next to the running Python (a virtual environment's `bin/`,
where the `check` extra puts check-jsonschema, hadolint, shellcheck, go, uv...), in the
managed tool cache (`stackcraft tools install`: checkov, actionlint) and in /usr/sbin.
The catalogue in generator.toolset says where each tool comes from and how to get it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from generator.toolset.cache import bin_dir
from generator.toolset.catalog import hint
from generator.toolset.status import locate, python_bin_dir


class ToolMissing(Exception):
    """A validator is not installed."""

    def __init__(self, tool: str) -> None:
        self.tool = tool
        how = hint(tool)
        super().__init__(f"{tool} not found on PATH or in {bin_dir()}" + (f"; install: {how}" if how else ""))


def find(name: str) -> str | None:
    """The path of executable NAME on PATH, next to sys.executable or in the tool cache, or None."""
    return locate(name)


def require(name: str) -> str:
    """Like find(), but raise ToolMissing."""
    path = find(name)
    if path is None:
        raise ToolMissing(name)
    return path


def require_module(module: str, tool: str) -> None:
    """Raise ToolMissing(tool) when Python MODULE cannot be imported."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ToolMissing(tool)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a tool: the interpreter's and the tool cache's bin/ on PATH, no colours."""
    env = dict(os.environ)
    path = env.get("PATH", os.defpath)
    for folder in (str(python_bin_dir()), str(bin_dir())):
        if folder not in path.split(os.pathsep):
            path = path + os.pathsep + folder
    env.update(PATH=path, NO_COLOR="1", FORCE_COLOR="0", PYTHONDONTWRITEBYTECODE="1")
    env.update(extra)
    return env


@dataclass
class Completed:
    """A finished process: exit code and its stdout and stderr merged (or kept apart)."""

    returncode: int
    output: str
    stderr: str = ""


_ACTIVE: set[int] = set()  # process groups of the tools running now
_ACTIVE_LOCK = threading.Lock()


class Timeout(Exception):
    """A tool ran longer than its time limit (it was stopped)."""


def run(
    cmd: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float = 300,
    merge: bool = True,
) -> Completed:
    """Run CMD in its own process group; on timeout or interrupt the whole group is killed."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env or child_env(),
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge else subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    with _ACTIVE_LOCK:
        _ACTIVE.add(proc.pid)
    try:
        out, err = proc.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc.pid)
        proc.communicate()
        raise Timeout(f"{Path(cmd[0]).name} timed out after {timeout:.0f}s") from None
    except BaseException:
        kill_group(proc.pid)
        proc.wait()
        raise
    finally:
        with _ACTIVE_LOCK:
            _ACTIVE.discard(proc.pid)
    return Completed(proc.returncode, out or "", err or "")


def kill_group(pgid: int, sig: int = signal.SIGKILL) -> None:
    """Send SIG to process group PGID; a group that is already gone is fine."""
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_all() -> None:
    """Kill every tool still running (on Ctrl-C: they run in their own sessions and do not get it)."""
    with _ACTIVE_LOCK:
        groups = list(_ACTIVE)
    for pgid in groups:
        kill_group(pgid)
