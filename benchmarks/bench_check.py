"""Wall-time benchmark of `stackcraft check` on the demo stack: its static checks run by 1, 2, ...
worker threads (the check runner's pool; `stackcraft check` uses one per CPU, at least two).

The demo stack (`stackcraft new demo --defaults -d project_name=demo-shop`, as `make demo`) is
generated once into a temporary folder and `make install`ed by one unmeasured warm-up run of
every check; then each worker count runs the same planned static checks, taking turns round by
round. The live run is left out: it runs after the static checks in one thread whatever the
pool size. The machine and its load average are printed first: figures taken on a loaded
machine mean little; compare the rows of one run.

Run from the repository root (after `make setup`, with the tools on PATH as `make` sets them):
    .venv/bin/python benchmarks/bench_check.py [--workers 1 2] [--runs 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich import box
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator.checks import plan  # noqa: E402
from generator.checks.discover import scan  # noqa: E402
from generator.checks.runner import WORKERS, execute_all  # noqa: E402
from generator.cli import main  # noqa: E402


def generate(dest: Path) -> Path:
    try:
        main(["new", str(dest), "--defaults", "-d", "project_name=demo-shop", "--vcs-ref", "HEAD"])
    except SystemExit as exc:
        if exc.code:
            raise
    return dest


def timed_check(repo: Path, workers: int) -> tuple[float, int]:
    static, _ = plan(scan(repo), live=False)
    start = time.perf_counter()
    results = execute_all(static, workers=workers)
    return time.perf_counter() - start, sum(r.status == "failed" for r in results)


def main_(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=sorted({1, 2, WORKERS}))
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    console = Console()
    console.print(f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
                  f"load average at start {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        os.environ.setdefault("STACKCRAFT_CACHE_DIR", str(Path(tmp) / "cache"))
        repo = generate(Path(tmp) / "demo")
        warm, failed = timed_check(repo, max(args.workers))
        console.print(f"warm-up (installs every unit): {warm:.1f} s, {failed} failed")
        times: dict[int, list[float]] = {n: [] for n in args.workers}
        for _ in range(args.runs):
            for workers in args.workers:
                seconds, failed = timed_check(repo, workers)
                times[workers].append(seconds)
                if failed:
                    console.print(f"[red]{failed} checks failed with {workers} workers[/red]")
    table = Table("workers", "median s", "min s", "max s", box=box.SIMPLE)
    for workers, runs in times.items():
        table.add_row(str(workers), f"{statistics.median(runs):.1f}", f"{min(runs):.1f}", f"{max(runs):.1f}")
    console.print(table)
    console.print(f"load average at end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main_()
