"""Cold start-up against the floor of `python -c "import click"`: wall time and CPU time, interleaved.

Run by hand (not a test):

    .venv/bin/python benchmarks/bench_startup.py [--runs 21] [--compare /path/to/another/checkout]

Each command is a new process on the bundled report with its compiled store already built. On
a machine shared with other work, wall times stretch with the load; the CPU time of a process
(its forked query child included) stretches much less, so both are given, as medians, each
also as a multiple of the floor's. --compare runs the same commands from another checkout
(e.g. `git archive main | tar -x -C /tmp/main`), with a cache of its own.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUN = "import sys; from oscb_graph.cli import main; sys.argv[0] = 'oscb-graph'; main()"
COMMANDS = {"who-owns": ["who-owns"], "who-owns 4": ["who-owns", "4"], "--help": ["--help"]}


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, waited-for descendants included) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--compare", type=Path, help="another checkout whose commands run beside these")
    args = parser.parse_args()
    checkouts = {"": ROOT, **({"other ": args.compare.resolve()} if args.compare else {})}
    variants = {"floor (import click)": ([sys.executable, "-c", "import click"], dict(os.environ))}
    with tempfile.TemporaryDirectory() as caches:
        for label, root in checkouts.items():
            env = {**os.environ, "PYTHONPATH": str(root), "OSCB_GRAPH_CACHE": str(Path(caches) / (label or "this"))}
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "oscb_graph")], check=True)
            for name, words in COMMANDS.items():
                variants[f"{label}oscb-graph {name}"] = ([sys.executable, "-c", RUN, *words], env)
        for argv, env in variants.values():
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, check=True)  # builds the stores
        load = os.getloadavg()[0]
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in variants}
        for _ in range(args.runs):
            for name, (argv, env) in variants.items():
                times[name].append(measured(argv, env))
    floor_wall, floor_cpu = (statistics.median(t[i] for t in times["floor (import click)"]) for i in (0, 1))
    print(f"{args.runs} interleaved runs; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    for name, pairs in times.items():
        wall, cpu = (statistics.median(t[i] for t in pairs) for i in (0, 1))
        print(f"| {name} | {wall:.3f} s | {wall / floor_wall:.2f}x | {cpu:.3f} s | {cpu / floor_cpu:.2f}x |")


if __name__ == "__main__":
    main()
