"""The one module that calls cookiecutter: its own context, prompt and generate steps.

cookiecutter's `generate_context` reads `cookiecutter.json` with the answers given on top,
`prompt_for_config` asks (or, without input, takes the defaults), and `generate_files`
renders. Hooks (`hooks/pre_gen_project`, `post_gen_project`) run only when trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import StackcraftError

# Context keys cookiecutter adds that name this machine's temporary folders: never recorded.
MACHINE_KEYS = ("_output_dir", "_repo_dir")


def render(template: Path, output_dir: Path, answers: dict[str, Any], *, label: str, source: str,
           interactive: bool = False, trust: bool = False) -> tuple[Path, dict[str, Any]]:
    """Render `template` (a checkout of `source`) into a new folder inside `output_dir`; return it
    and the context used."""
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_context, generate_files
    from cookiecutter.prompt import prompt_for_config
    from jinja2 import TemplateError

    context_file = template / "cookiecutter.json"
    if not context_file.is_file():
        raise StackcraftError(f"blueprint: {label} has no cookiecutter.json")
    try:
        context = generate_context(context_file=str(context_file), extra_context=answers)
        context["cookiecutter"].update(prompt_for_config(context, no_input=not interactive))
        context["cookiecutter"]["_template"] = source
        project = generate_files(repo_dir=template, context=context, output_dir=output_dir,
                                 overwrite_if_exists=False, accept_hooks=trust)
    except (CookiecutterException, TemplateError, ValueError) as exc:
        text = " ".join(str(exc).split()) or type(exc).__name__
        raise StackcraftError(f"blueprint: {label}: {text}") from None
    recorded = {key: value for key, value in context["cookiecutter"].items() if key not in MACHINE_KEYS}
    return Path(project), recorded


def user_answers(context: dict[str, Any]) -> dict[str, Any]:
    """The answers of a recorded context, without cookiecutter's own `_` keys."""
    return {key: value for key, value in context.items() if not key.startswith("_")}
