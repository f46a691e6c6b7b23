"""Cold and warm timings of oscb-graph commands against the whole-process floor of `import click`.

Run by hand (not a test):  .venv/bin/python benchmarks/bench_cli.py [--runs 7]

Cold: a fresh, empty cache folder for every run (the compiled store is built, as after any
change of the data). Warm: a cache primed by one run beforehand. Each figure is the median
wall-clock time of whole processes. To time another command, add one line to COMMANDS.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
CLI = str(BIN / "oscb-graph")
PY = sys.executable
RECS = "SELECT ?rec ?n WHERE { ?rec oscb:number ?n } ORDER BY ?n"

FLOOR = [PY, "-c", "import click"]
COMMANDS: dict[str, list[str]] = {
    "oscb-graph --help": [CLI, "--help"],
    "oscb-graph query (csv)": [CLI, "query", RECS, "--csv"],
    "oscb-graph query (table)": [CLI, "query", RECS],
    "oscb-graph who-owns": [CLI, 'who-owns'],
    "oscb-graph who-owns 4": [CLI, 'who-owns', '4'],
    "oscb-graph agency tvp -r 4": [CLI, 'agency', 'tvp', '-r', '4'],
    "oscb-graph recommendation 4": [CLI, 'recommendation', '4'],
    "oscb-graph flows --from tvp": [CLI, 'flows', '--from', 'tvp'],
    "oscb-graph services --age 10": [CLI, 'services', '--age', '10'],
    "oscb-graph timeline --after 2015": [CLI, 'timeline', '--after', '2015'],
    "oscb-graph glossary CEF": [CLI, 'glossary', 'CEF'],
    "oscb-graph search niche": [CLI, 'search', 'niche'],
    "oscb-graph cite MASH": [CLI, 'cite', 'MASH'],
    "oscb-graph queries": [CLI, 'queries'],
    "oscb-graph validate": [CLI, 'validate'],  # cold: SHACL and quotes checked; warm: the verdict kept by content
    # the other engine, for comparison: rdflib parses the Turtle in every process
    "rdflib engine, same query": [PY, "-c", f"from oscb_graph.store import open_store; open_store(engine='rdflib').query({RECS!r})"],
}


def run_once(argv: list[str], cache: Path) -> float:
    env = {**os.environ, "OSCB_GRAPH_CACHE": str(cache)}
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return elapsed


def median_time(argv: list[str], runs: int, cold: bool, root: Path) -> float:
    times = []
    warm_cache = root / "warm"
    if not cold:
        run_once(argv, warm_cache)
    for i in range(runs):
        cache = root / f"cold-{i}" if cold else warm_cache
        times.append(run_once(argv, cache))
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", metavar="WORDS", help="Time only the commands whose name contains WORDS (the floor always).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="oscb-bench-") as tmp:
        root = Path(tmp)
        floor = median_time(FLOOR, args.runs, cold=False, root=root)
        rows = [("python -c 'import click' (floor)", floor, floor)]
        for name, argv in COMMANDS.items():
            if args.only and args.only not in name:
                continue
            cold = median_time(argv, args.runs, cold=True, root=root)
            warm = median_time(argv, args.runs, cold=False, root=root / name.replace(" ", "_"))
            rows.append((name, cold, warm))
    width = max(len(r[0]) for r in rows)
    print(f"median of {args.runs} runs, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print(f"{'command':<{width}}  {'cold s':>7}  {'warm s':>7}  {'cold/floor':>10}  {'warm/floor':>10}")
    for name, cold, warm in rows:
        print(f"{name:<{width}}  {cold:7.3f}  {warm:7.3f}  {cold / floor:10.1f}  {warm / floor:10.1f}")


if __name__ == "__main__":
    main()
