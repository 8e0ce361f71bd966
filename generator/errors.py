"""Errors the CLI turns into one line and an exit code (the exit codes README.md states)."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class StackcraftError(Exception):
    """A problem the user can act on: printed as one line, never as a traceback."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class SpecError(ValueError):
    """A spec that breaks a rule: `field` names the offending key, `message` the rule."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class ConflictsRemain(StackcraftError):
    """An update left merge conflicts in the listed files."""

    exit_code = EXIT_FAILED

    def __init__(self, files: list[str]) -> None:
        super().__init__("conflicts remain in: " + ", ".join(files))
        self.files = files
