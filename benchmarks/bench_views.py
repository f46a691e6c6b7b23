"""How long do the views take cold over many reports? network, viz and export, side by side.

Run by hand (not a test), after `oscb-graph build --data CORPUS` so that the store is current:

    .venv/bin/python benchmarks/bench_views.py benchmarks/corpus/n1000 --runs 3

Each command runs in a new process (cold: imports, opening the store, the queries, the
drawing or writing), the commands interleaved run after run so that the machine's drift
falls on all of them alike; the median of the runs is printed as a Markdown table for
benchmarks/RESULTS.md, with the target each is held to and the machine's load average.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = str(Path(sys.executable).with_name("oscb-graph"))
# (what, arguments after oscb-graph, target in seconds)
COMMANDS = [
    ("network rank", ["network", "rank", "--limit", "10"], 1.0),
    ("network path", ["network", "path", "Oxford University Hospitals", "MASH"], 1.0),
    ("viz ownership", ["viz", "ownership", "-o", "{out}/ownership.html"], 1.0),
    ("viz flows", ["viz", "flows", "-o", "{out}/flows.html"], 1.0),
    ("export --format csv", ["export", "--format", "csv", "-o", "{out}/ownership.csv"], 1.0),
    ("export --format trig", ["export", "--format", "trig", "-o", "{out}/graph.trig"], 5.0),
    ("who-owns (one row per body)", ["who-owns", "--csv"], 1.0),
]
# A yardstick run alongside: the canned who-owns narrowed to one report took 0.21 s cold at 1,000
# reports on a quiet machine (RESULTS.md); how much slower it runs tells how busy the machine is.
YARDSTICK = ("yardstick: who-owns --source child-j", ["who-owns", "--source", "child-j", "--csv"], 0.21)


def timed(args: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([CLI, *args], capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"oscb-graph {' '.join(args)} failed: {done.stderr.strip()[:300]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of report folders (benchmarks/generate_corpus.py)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", help="narrow every command to this report")
    options = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(__file__).resolve().parents[1] / "oscb_graph")],
                   check=True)
    timed(["build", "--data", options.corpus])
    commands = [*COMMANDS, YARDSTICK]
    times: dict[str, list[float]] = {name: [] for name, _, _ in commands}
    loads = []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(options.runs):
            for name, args, _ in commands:
                narrow = ["--source", options.source] if options.source and name != YARDSTICK[0] else []
                times[name].append(timed([a.format(out=out) for a in args] + ["--data", options.corpus, *narrow]))
            loads.append(os.getloadavg()[0])
    print(f"Cold, median of {options.runs} interleaved runs over {options.corpus}"
          f"{' --source ' + options.source if options.source else ''} "
          f"(load average during the runs {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores):\n")
    load = statistics.median(times[YARDSTICK[0]]) / YARDSTICK[2]
    print(f"The yardstick (the canned who-owns over one report, 0.21 s when the machine is quiet) ran {load:.1f}x slower; "
          "the last column divides each median by that.\n")
    print("| command | median | runs | target | met | median / slowdown |")
    print("|---|---|---|---|---|---|")
    for name, _, target in COMMANDS:
        median = statistics.median(times[name])
        runs = ", ".join(f"{t:.2f}" for t in times[name])
        print(f"| `{name}` | {median:.2f} s | {runs} | {target:g} s | {'yes' if median < target else 'no'} | {median / load:.2f} s |")


if __name__ == "__main__":
    main()
