"""The fleet: many generated repos, found from paths, looked at or updated in parallel.

A PATH is a generated repo (a git work tree with `.copier-answers.yml` or `.cruft.json`)
or a folder scanned for them (SCAN_DEPTH levels down). Each repo's work runs in its own
process, up to the CPU count at once (`--jobs`); the templates' latest versions are read
once per template, not once per repo.

Each worker process has a copier mirror cache of its own (a numbered slot under stackcraft's
cache, kept between runs): copier's shared mirror is not safe for concurrent runs, one run's
`git remote update` of the mirror fails on another's half-made worktree ("bad object
worktrees/…/HEAD").
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any, Callable, Iterable

from generator import cruft_record, versions
from generator.errors import StackcraftError
from generator.ignored import IGNORED_DIRS
from generator.repo_status import RepoStatus, status_of, template_source
from generator.snapshot import cache_dir
from generator.update import record_files

SCAN_DEPTH = 3


def is_generated_repo(path: Path) -> bool:
    return (path / ".git").exists() and (
        any(path.glob(".copier-answers*.y*ml")) or (path / cruft_record.RECORD_NAME).is_file())


def _scan(folder: Path, depth: int) -> Iterable[Path]:
    if is_generated_repo(folder):
        yield folder
        return
    if depth == 0:
        return
    try:
        children = sorted(child for child in folder.iterdir() if child.is_dir() and not child.is_symlink())
    except OSError:
        return
    for child in children:
        if not child.name.startswith(".") and child.name not in IGNORED_DIRS:
            yield from _scan(child, depth - 1)


def find_repos(paths: Iterable[Path]) -> list[Path]:
    """The generated repos at or under each PATH, each once, in the order given."""
    found: dict[Path, None] = {}
    for path in paths:
        if not path.is_dir():
            raise StackcraftError(f"PATH: {path} is not a folder")
        hits = list(_scan(path, SCAN_DEPTH))
        if not hits:
            raise StackcraftError(f"PATH: {path} holds no generated repository (.copier-answers.yml or .cruft.json)")
        found.update((hit.absolute(), None) for hit in hits)
    return list(found)


def latest_versions(repos: list[Path]) -> dict[str, str | None]:
    """The latest version of every template the repos were made from, read once each."""
    templates: set[str] = set()
    for repo in repos:
        try:
            templates.update(template_source(repo, rel)[1] for rel in record_files(repo))
        except StackcraftError:
            continue  # the repo's own status names the problem
    return {template: versions.latest(template) for template in sorted(templates)}


def jobs(requested: int | None) -> int:
    return max(1, requested or os.cpu_count() or 1)


def _take_cache_slot(slots: Any) -> None:
    """Worker initializer: point copier at this worker's own mirror cache."""
    os.environ["COPIER_CACHE_DIR"] = str(cache_dir() / "fleet-copier" / f"slot-{slots.get()}")


def run_parallel(work: Callable[..., Any], repos: list[Path], args: tuple[Any, ...], max_jobs: int,
                 advance: Callable[[], None] = lambda: None) -> list[Any]:
    """`work(str(repo), *args)` for every repo, in up to `max_jobs` processes; results in repo order."""
    results: dict[int, Any] = {}
    if max_jobs == 1 or len(repos) == 1:
        for index, repo in enumerate(repos):
            results[index] = work(str(repo), *args)
            advance()
    else:
        # spawn: each worker starts from this process's current environment and folder (a
        # forkserver keeps those of the moment it started, stale in a long-lived caller)
        context = multiprocessing.get_context("spawn")
        workers = min(max_jobs, len(repos))
        slots = context.Queue()
        for slot in range(workers):
            slots.put(slot)
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=_take_cache_slot, initargs=(slots,)) as pool:
            futures = {pool.submit(work, str(repo), *args): index for index, repo in enumerate(repos)}
            for future in as_completed(futures):
                results[futures[future]] = future.result()
                advance()
    return [results[index] for index in range(len(repos))]


def fleet_status(repos: list[Path], max_jobs: int, advance: Callable[[], None] = lambda: None) -> list[RepoStatus]:
    latest = latest_versions(repos)
    return run_parallel(status_of, repos, (latest,), max_jobs, advance)
