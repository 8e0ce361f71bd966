"""A test hook: named points in `add` and `update` where a test can stop the process.

`reached(name)` does nothing in normal use. The interrupt tests set
  STACKCRAFT_TEST_CHECKPOINTS=FILE   to have each name reached appended to FILE, and
  STACKCRAFT_TEST_STOP_AT=NAME       with STACKCRAFT_TEST_STOP_SIGNAL=INT|KILL, to have the
                                     process send itself that signal on reaching NAME,
so that they can interrupt a run at every point deterministically.
"""

from __future__ import annotations

import os
import signal

LOG_SETTING = "STACKCRAFT_TEST_CHECKPOINTS"
STOP_SETTING = "STACKCRAFT_TEST_STOP_AT"
SIGNAL_SETTING = "STACKCRAFT_TEST_STOP_SIGNAL"


def reached(name: str) -> None:
    """Mark that the run reached checkpoint `name`."""
    log = os.environ.get(LOG_SETTING)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(name + "\n")
    if os.environ.get(STOP_SETTING) == name:
        sig = signal.SIGKILL if os.environ.get(SIGNAL_SETTING) == "KILL" else signal.SIGINT
        os.kill(os.getpid(), sig)
