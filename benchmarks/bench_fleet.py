"""Wall-time benchmark of `stackcraft fleet status` over a fleet, against `copier check-update` per repo.

The fleet: REPOS repositories generated from a small copier template (three questions, three
files) published as a bare git repository, half at v1 and half at v2 (the latest), one with a
committed local edit (drift). They are made once with `stackcraft new` (one repo per version) and
`git clone` (the rest), outside the timing.

Measured, each as a subprocess timed with time.perf_counter, taking turns round by round after
one unmeasured warm-up round:
1. `stackcraft fleet status DIR --json`: for every repo its recorded and latest version AND its
   drift (a full re-render of the recorded version per repo), in parallel up to the CPU count;
2. the same with `--jobs 1` (one repo after another);
3. `copier check-update --output-format json` in each repo, one after another (what a script or
   CI job does today): it answers only "is there a newer version".

The table gives median, min and max wall time of the whole fleet, and per repo. The machine and
its load average are printed first and last: figures on a loaded machine mean little.

Run from the repository root (after `make setup`):
    .venv/bin/python benchmarks/bench_fleet.py [--repos 50] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
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

BIN = Path(sys.executable).parent
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@localhost",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@localhost"}


def tool(name: str) -> str:
    found = BIN / name
    if not found.exists():
        sys.exit(f"bench_fleet: {found} not found; run `make setup` first")
    return str(found)


def run(argv: list[str], cwd: Path, env: dict[str, str], ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode not in ok:
        sys.exit(f"bench_fleet: {' '.join(argv)} exited {done.returncode}: {done.stderr.strip()[-400:]}")
    return done


def make_template(root: Path, env: dict[str, str]) -> Path:
    work = root / "template"
    work.mkdir()
    (work / "copier.yml").write_text(yaml.safe_dump({
        "name": {"type": "str", "default": "demo"}, "team": {"type": "str", "default": "platform"},
        "port": {"type": "int", "default": 8080}, "_answers_file": ".copier-answers.yml"}))
    (work / "{{_copier_conf.answers_file}}.jinja").write_text("{{ _copier_answers|to_nice_yaml }}")
    (work / "README.md.jinja").write_text("# {{ name }}\n\nOwned by {{ team }}.\n")
    (work / "config.yaml.jinja").write_text("name: {{ name }}\nport: {{ port }}\n")
    for argv in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-qm", "v1"],
                 ["git", "tag", "v1"]):
        run(argv, work, env)
    bare = root / "template.git"
    run(["git", "clone", "-q", "--bare", str(work), str(bare)], root, env)
    return work


def release_v2(work: Path, env: dict[str, str]) -> None:
    (work / "config.yaml.jinja").write_text("name: {{ name }}\nport: {{ port }}\nlog: json\n")
    for argv in (["git", "commit", "-qam", "v2"], ["git", "tag", "v2"],
                 ["git", "push", "-q", "--tags", str(work.parent / "template.git"), "main"]):
        run(argv, work, env)


def make_fleet(root: Path, count: int, env: dict[str, str]) -> Path:
    template = make_template(root, env)
    bases, fleet = root / "bases", root / "fleet"
    stackcraft = tool("stackcraft")
    run([stackcraft, "new", str(bases / "v1"), "--blueprint", str(root / "template.git"), "-d", "name=svc"], root, env)
    release_v2(template, env)
    run([stackcraft, "new", str(bases / "v2"), "--blueprint", str(root / "template.git"), "-d", "name=svc"], root, env)
    for index in range(count):
        base = bases / ("v1" if index % 2 == 0 else "v2")
        run(["git", "clone", "-q", str(base), str(fleet / f"repo-{index:03}")], root, env)
    drifted = fleet / "repo-000"
    (drifted / "README.md").write_text("# svc\n\nOwned by us now.\n")
    run(["git", "commit", "-qam", "local edit"], drifted, env)
    return fleet


def check_update_each(fleet: Path) -> list[str]:
    """A shell loop: `copier check-update` in every repo, one after another."""
    copier = tool("copier")
    script = f'for repo in "{fleet}"/*/; do "{copier}" check-update --output-format json "$repo" || true; done'
    return ["bash", "-c", script]


def measure(commands: dict[str, list[str]], runs: int, env: dict[str, str], cwd: Path) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, cwd=cwd, env=env, capture_output=True)
            if round_:  # round 0 is the warm-up
                times[name].append(time.perf_counter() - start)
    return times


def table(times: dict[str, list[float]], repos: int) -> Table:
    out = Table("command", "median s", "min s", "max s", "per repo (median) s",
                title=f"fleet of {repos} repos", box=box.SIMPLE)
    for name, values in times.items():
        median = statistics.median(values)
        out.add_row(name, f"{median:.2f}", f"{min(values):.2f}", f"{max(values):.2f}", f"{median / repos:.3f}")
    return out


def machine() -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
            f"copier {version('copier')}, stackcraft {version('stackcraft')}\nload average (1/5/15 min): {load}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    console = Console()
    console.print(machine())
    with tempfile.TemporaryDirectory(prefix="stackcraft-bench-fleet-") as tmp:
        root = Path(tmp)
        env = {**os.environ, **GIT_ENV, "STACKCRAFT_CACHE_DIR": str(root / "cache")}
        fleet = make_fleet(root, args.repos, env)
        report = json.loads(run([tool("stackcraft"), "fleet", "status", str(fleet), "--json"], root, env,
                                ok=(0, 1)).stdout)
        console.print(f"fleet status sees {len(report['repos'])} repos: {report['summary']}")
        sample = run([tool("copier"), "check-update", "--output-format", "json", str(fleet / "repo-000")], root, env)
        console.print(f"copier check-update in repo-000 (at v1) says: {sample.stdout.strip()}")
        commands: dict[str, list[str]] = {
            "stackcraft fleet status --json (parallel)": [tool("stackcraft"), "fleet", "status", str(fleet), "--json"],
            "stackcraft fleet status --json --jobs 1": [tool("stackcraft"), "fleet", "status", str(fleet), "--json",
                                                        "--jobs", "1"],
            "copier check-update, each repo in turn": check_update_each(fleet),
        }
        console.print(table(measure(commands, args.runs, env, root), args.repos))
        shutil.rmtree(root / "fleet", ignore_errors=True)
    console.print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
