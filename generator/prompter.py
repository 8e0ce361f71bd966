"""The terminal side of the wizard: questionary prompts, the summary table, wrapped messages.

The wizard talks to a `Prompter`; `QuestionaryPrompter` is the one for a real terminal
(tests script their own). Ctrl-C raises KeyboardInterrupt: the caller writes nothing.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import Any, Callable, NamedTuple, Protocol

Validator = Callable[[str], "bool | str"]
Option = tuple[str, str, "str | None"]  # (title, value, why it is disabled or None)


class Action(NamedTuple):
    """One entry of a menu: a one-key shortcut, its title and the value it returns."""

    key: str
    title: str
    value: str


class Row(NamedTuple):
    """One row of the summary; `key` is the answer it shows (None: not an answer)."""

    label: str
    value: str
    key: str | None


class Prompter(Protocol):
    def text(self, message: str, default: str, validate: Validator) -> str: ...
    def select(self, message: str, choices: list[Option], default: str) -> str: ...
    def confirm(self, message: str, default: bool) -> bool: ...
    def menu(self, message: str, actions: list[Action], default: str) -> str: ...
    def show_summary(self, title: str, rows: list[Row]) -> None: ...


def wrap_to_terminal(message: str) -> str:
    """Break a message into lines that fit the terminal, at word boundaries."""
    width = max(shutil.get_terminal_size().columns - 2, 20)
    return "\n".join(textwrap.wrap(message, width=width)) or message


def _let_validation_messages_wrap(question: Any) -> None:
    """Give prompt_toolkit's validation toolbar as many lines as its message needs.

    The toolbar is one line high and cuts longer messages off; its window is found by its
    text function, since prompt_toolkit offers no option for this.
    """
    from prompt_toolkit.filters import to_filter

    for window in question.application.layout.find_all_windows():
        text = getattr(window.content, "text", None)
        if getattr(text, "__qualname__", "").startswith("ValidationToolbar."):
            window.height = None
            window.wrap_lines = to_filter(True)


class QuestionaryPrompter:
    """Asks on the terminal with questionary; prints the summary with rich."""

    def __init__(self, console: Any = None) -> None:
        self.console = console

    def text(self, message: str, default: str, validate: Validator) -> str:
        import questionary

        def wrapped(value: str) -> bool | str:
            verdict = validate(value)
            return verdict if verdict is True else wrap_to_terminal(str(verdict))

        question = questionary.text(message, default=default, validate=wrapped)
        _let_validation_messages_wrap(question)
        return question.unsafe_ask()

    def select(self, message: str, choices: list[Option], default: str) -> str:
        import questionary

        options = [questionary.Choice(title, value=value, disabled=disabled) for title, value, disabled in choices]
        return questionary.select(message, choices=options, default=default).unsafe_ask()

    def confirm(self, message: str, default: bool) -> bool:
        import questionary

        return questionary.confirm(message, default=default).unsafe_ask()

    def menu(self, message: str, actions: list[Action], default: str) -> str:
        import questionary

        options = [questionary.Choice(a.title, value=a.value, shortcut_key=a.key) for a in actions]
        return questionary.select(message, choices=options, default=default, use_shortcuts=True).unsafe_ask()

    def show_summary(self, title: str, rows: list[Row]) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_header=False)
        for row in rows:
            table.add_row(row.label, row.value)
        (self.console or Console(highlight=False)).print(table)
