"""One `add` or `update` at a time per repository: a lock file in `.git/`.

The lock is an flock on `.git/stackcraft.lock`, so the kernel releases it when its
holder exits, even by SIGKILL: a killed run never leaves the repository locked.
A second run waits up to STACKCRAFT_LOCK_TIMEOUT seconds (default 60), then gives up.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from generator import vcs
from generator.errors import StackcraftError

TIMEOUT_SETTING = "STACKCRAFT_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 60.0
POLL_SECONDS = 0.2


def lock_path(repo: Path) -> Path:
    return vcs.common_dir(repo) / "stackcraft.lock"


def timeout() -> float:
    raw = os.environ.get(TIMEOUT_SETTING, "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_TIMEOUT
    except ValueError:
        raise StackcraftError(f"{TIMEOUT_SETTING}: {raw!r} is not a number of seconds") from None


@contextmanager
def repo_lock(repo: Path) -> Iterator[None]:
    """Hold the repository's stackcraft lock, waiting a bounded time for another run to finish."""
    wait = timeout()
    deadline = time.monotonic() + wait
    with open(lock_path(repo), "a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StackcraftError(
                        f"DIR: another stackcraft add or update is running in {repo} (waited {wait:g} s); "
                        "run again when it has finished") from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
