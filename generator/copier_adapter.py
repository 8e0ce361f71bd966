"""The one module that calls copier: copy, update, error mapping, and the conflicts an update left.

Only copier's public API is used (`run_copy`, `run_update`); every copier or Jinja error
becomes a one-line StackcraftError, and copier's warnings are silenced.
"""

from __future__ import annotations

import io
import sys
import warnings
from contextlib import contextmanager, redirect_stderr
from pathlib import Path
from typing import Any, Iterator, Literal

from generator.conflicts import find_conflicts
from generator.errors import StackcraftError
from generator.probe import git_reason

Conflict = Literal["inline", "rej"]


@contextmanager
def copier_errors(label: str, *, quiet: bool = True) -> Iterator[None]:
    """Turn copier's, Jinja's and git's errors into one-line StackcraftErrors; silence copier's warnings.

    A git command copier runs (clone, ls-remote, checkout of a ref) fails as plumbum's
    ProcessExecutionError, reported with git's own `fatal:` line. Some of copier's warnings are
    printed straight to stderr (e.g. "No git tags found in template; using HEAD as ref"): unless
    copier asks questions (`quiet=False`), they are kept from the user too.
    """
    from copier.errors import CopierError
    from jinja2 import TemplateError
    from plumbum import ProcessExecutionError

    with warnings.catch_warnings(), redirect_stderr(io.StringIO() if quiet else sys.stderr):
        warnings.simplefilter("ignore")
        try:
            yield
        except TemplateError as exc:
            where = f" in {exc.name}" if getattr(exc, "name", None) else ""
            raise StackcraftError(f"blueprint: {label} has a template error{where}: {one_line(exc)}") from None
        except ProcessExecutionError as exc:
            stderr = str(exc.stderr or "")
            reason = git_reason(stderr) if stderr.strip() else f"exit status {exc.retcode}"
            raise StackcraftError(f"blueprint: {label}: git {_git_verb(exc.argv)} failed: {reason}") from None
        except (CopierError, ValueError) as exc:
            raise StackcraftError(one_line(exc)) from None
        except RecursionError:
            raise StackcraftError(f"blueprint: {label}: an answer is nested too deep") from None


def _git_verb(argv: Any) -> str:
    words = [str(word) for word in (argv or [])[1:] if not str(word).startswith("-")]
    return words[0] if words else "command"


def one_line(exc: BaseException) -> str:
    """copier's messages, made one line: 'Validation error for question 'x': msg' -> 'msg'."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    for prefix in ("Validation error for question ",):
        if text.startswith(prefix):
            text = text.split(": ", 1)[-1]
    return text


def copy(url: str, dst: Path, answers: dict[str, Any], *, label: str, vcs_ref: str | None,
         interactive: bool = False, answers_file: str | None = None) -> None:
    """Render template URL at VCS_REF into DST with ANSWERS (copier's `run_copy`)."""
    import copier

    with copier_errors(label, quiet=not interactive):
        copier.run_copy(
            url, dst, data=answers, vcs_ref=vcs_ref, answers_file=answers_file,
            defaults=not interactive, unsafe=False, quiet=True, overwrite=True,
        )


def update(repo: Path, answers_file: Path, *, data: dict[str, Any] | None = None, vcs_ref: str | None = None,
           conflict: Conflict = "inline") -> list[str]:
    """Re-render REPO from the template its ANSWERS_FILE names (copier's `run_update`), keeping
    local edits; return the files left with conflicts."""
    import copier

    with copier_errors(str(answers_file.relative_to(repo))):
        copier.run_update(  # the project's root is the answers file's folder
            answers_file.parent, data=data or {}, answers_file=Path(answers_file.name), vcs_ref=vcs_ref,
            defaults=True, overwrite=True, skip_answered=True, conflict=conflict,
            unsafe=False, quiet=True,
        )
    return find_conflicts(repo)
