"""`stackcraft tools install`: install the managed tools that are missing, with progress shown."""

from __future__ import annotations

from . import cache
from .catalog import MANAGED, Tool


def missing(tools: tuple[Tool, ...] = MANAGED) -> list[Tool]:
    """The managed tools whose pinned version is not in the cache yet."""
    return [tool for tool in tools if not cache.installed(tool)]


def not_found() -> tuple[Tool, ...]:
    """The managed tools `check` cannot find anywhere (PATH, the interpreter's bin/, the cache)."""
    from .status import locate

    return tuple(tool for tool in MANAGED if locate(tool.name) is None)


def install_tools(console, *, force: bool = False, tools: tuple[Tool, ...] = MANAGED) -> list[str]:
    """Install TOOLS (only the missing ones unless FORCE) into the tool cache.

    A spinner per tool on a terminal, one line per tool otherwise. Returns the failure messages
    (empty when everything is installed)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    todo = list(tools) if force else missing(tools)
    for tool in tools:
        if tool not in todo:
            console.print(f"{tool.name} {cache.installed_version(tool)} already in {cache.bin_dir()}", markup=False)
    if not todo:
        return []
    failures: list[str] = []
    columns = (SpinnerColumn(finished_text="-"), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        for tool in todo:
            how = "in its own virtual environment" if tool.installer == "pip" else "npm"
            task = progress.add_task(f"{tool.name}: installing {tool.package} ({how})", total=1)
            if not console.is_terminal:
                console.print(f"{tool.name}: installing {tool.package} ({how})", markup=False)
            try:
                version = cache.install(tool)
            except cache.InstallFailed as exc:
                progress.update(task, description=f"{tool.name}: FAILED (see below)")
                failures.append(str(exc))
                continue
            finally:
                progress.update(task, completed=1)
            progress.update(task, description=f"{tool.name} {version} -> {cache.bin_dir() / tool.name}")
    return failures
