"""Wall-time benchmark of `stackcraft new` and of the CLI's start-up, each against its baseline.

1. Generating a 10-unit hybrid stack (5 services, 5 functions, nginx, aws, terraform):
   `stackcraft new DST --data-file F --vcs-ref HEAD`, with and without its git commit (--no-git),
   against plain `copier copy --defaults --data-file F --vcs-ref HEAD <repo> DST` of the same
   blueprint with the same answers file, every run into a fresh folder.
2. Start-up: `stackcraft --help` against `python -c pass` (same interpreter), and `copier --help`.

Every command runs as a subprocess timed with time.perf_counter; the commands of a group take
turns, after one unmeasured warm-up round, so a change in machine load hits them alike. The
table gives median, min and max. The machine and its load average are printed first: figures
taken on a loaded machine mean little.

Run from the repository root (after `make setup`):
    .venv/bin/python benchmarks/bench_new.py [--runs 5] [--startup-runs 10]
or `make bench`.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import yaml
from rich import box
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ANSWERS = {
    "project_name": "bench-shop",
    "architecture": "hybrid",
    "cloud": "aws",
    "gateway": "nginx",
    "iac": "terraform",
    "ci": "github",
    "services": [
        {"name": "orders", "language": "python", "database": "postgres"},
        {"name": "catalog", "language": "typescript", "database": "none"},
        {"name": "stock", "language": "go", "database": "none"},
        {"name": "accounts", "language": "typescript", "database": "postgres"},
        {"name": "payments", "language": "go", "database": "postgres"},
    ],
    "functions": [
        {"name": "notify", "runtime": "python", "trigger": "queue"},
        {"name": "webhook", "runtime": "python", "trigger": "http"},
        {"name": "digest", "runtime": "python", "trigger": "schedule"},
        {"name": "ingest", "runtime": "node", "trigger": "http"},
        {"name": "audit", "runtime": "node", "trigger": "queue"},
    ],
}

Command = Callable[[Path], list[str]]  # builds the argv for a fresh destination folder


def tool(name: str) -> str:
    """An executable of the interpreter's environment (the project venv)."""
    path = BIN / name
    if not path.is_file():
        sys.exit(f"{path} not found: run `make setup` and use the project venv's python")
    return str(path)


def run_once(argv: list[str], env: dict[str, str]) -> float:
    """Seconds `argv` takes; exits with its error output when it fails."""
    start = time.perf_counter()
    result = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(argv)} exited {result.returncode}:\n{(result.stderr or result.stdout)[-2000:]}")
    return elapsed


def measure(commands: dict[str, Command], runs: int, env: dict[str, str], scratch: Path) -> dict[str, list[float]]:
    """Run the commands in turn, one warm-up round then `runs` timed rounds; seconds per command."""
    times: dict[str, list[float]] = {label: [] for label in commands}
    for round_no in range(runs + 1):
        for index, (label, argv_for) in enumerate(commands.items()):
            dst = scratch / f"out-{index}-{round_no}"
            elapsed = run_once(argv_for(dst), env)
            if round_no:
                times[label].append(elapsed)
            shutil.rmtree(dst, ignore_errors=True)
    return times


def new_commands(data_file: Path) -> dict[str, Command]:
    """Baseline first: plain copier, then stackcraft with and without its git commit."""
    copier, stackcraft = tool("copier"), tool("stackcraft")
    common = ["--data-file", str(data_file), "--vcs-ref", "HEAD"]
    return {
        "copier copy": lambda dst: [copier, "copy", "--quiet", "--defaults", *common, str(REPO), str(dst)],
        "stackcraft new --no-git": lambda dst: [stackcraft, "new", str(dst), *common, "--no-git"],
        "stackcraft new (+git)": lambda dst: [stackcraft, "new", str(dst), *common],
    }


def startup_commands() -> dict[str, Command]:
    """Baseline first: the bare interpreter start-up."""
    return {
        "python -c pass": lambda _dst: [sys.executable, "-c", "pass"],
        "stackcraft --help": lambda _dst: [tool("stackcraft"), "--help"],
        "copier --help": lambda _dst: [tool("copier"), "--help"],
    }


def file_count(env: dict[str, str], argv: list[str], dst: Path) -> int:
    """Files a generating command writes, outside .git."""
    run_once(argv, env)
    count = sum(1 for p in dst.rglob("*") if p.is_file() and ".git" not in p.relative_to(dst).parts)
    shutil.rmtree(dst, ignore_errors=True)
    return count


def table(title: str, times: dict[str, list[float]]) -> Table:
    """Median, min and max in ms; the first row is the baseline of the others."""
    out = Table(title=f"{title}, wall time in ms", title_justify="left", box=box.SIMPLE_HEAD)
    out.add_column("command", no_wrap=True)
    for column in ("runs", "median", "min", "max", "vs baseline"):
        out.add_column(column, justify="right")
    base = statistics.median(next(iter(times.values())))
    for row, (label, samples) in enumerate(times.items()):
        median = statistics.median(samples)
        ratio = f"{median / base:.2f}x ({(median - base) * 1000:+.0f} ms)" if row else "baseline"
        out.add_row(label, str(len(samples)), f"{median * 1000:.0f}", f"{min(samples) * 1000:.0f}",
                    f"{max(samples) * 1000:.0f}", ratio)
    return out


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
            f"copier {version('copier')}, stackcraft {version('stackcraft')}\nload average (1/5/15 min): {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each generation (default 5)")
    parser.add_argument("--startup-runs", type=int, default=10, help="timed runs of each start-up (default 10)")
    args = parser.parse_args()
    console = Console(soft_wrap=True)
    console.print(machine())
    with tempfile.TemporaryDirectory(prefix="stackcraft-bench-") as tmp:
        scratch = Path(tmp)
        env = {**os.environ, "STACKCRAFT_CACHE_DIR": str(scratch / "cache")}
        env.pop("STACKCRAFT_STACK_SOURCE", None)  # render this checkout, as copier does
        data_file = scratch / "answers.yml"
        data_file.write_text(yaml.safe_dump(ANSWERS, sort_keys=False))
        new = new_commands(data_file)
        counts = {label: file_count(env, argv_for(scratch / "count"), scratch / "count") for label, argv_for in new.items()}
        console.print(f"files written (outside .git): {', '.join(f'{k} {v}' for k, v in counts.items())}")
        console.print(table(f"10-unit hybrid stack at HEAD of {REPO}", measure(new, args.runs, env, scratch)))
        console.print(table("CLI start-up", measure(startup_commands(), args.startup_runs, env, scratch)))
    console.print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
