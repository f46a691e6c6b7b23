"""How long `oscb-graph import` takes on a tidy tracker of N rows (target: 500 rows under 2 s).

Run by hand (not a test):  .venv/bin/python benchmarks/bench_import.py [--rows 500] [--runs 5]

Each run is a whole `oscb-graph import` process into a fresh folder, with the compiled store
of the bundled report already in the cache (as on a business manager's machine after any
command); runs of 500 and 2,000 rows are interleaved and the medians are reported: wall-clock
time, and the CPU time of the process and its children (user + system), which is what the
wall-clock time comes to on an idle machine, since the import runs on one core. The stages of
one in-process import (read the workbook, the graph's bodies, read the rows, write the Turtle)
are timed too, in CPU time, to show where the time goes.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
CLI = str(Path(sys.executable).parent / "oscb-graph")


def stages(tracker: Path, into: Path) -> dict[str, float]:
    """Seconds spent in each stage of one import, in this process."""
    from oscb_graph.tracker.columns import find_layout
    from oscb_graph.tracker.graph import plan_graph, turtle
    from oscb_graph.tracker.importer import known_bodies
    from oscb_graph.tracker.plan import read_plan
    from oscb_graph.tracker.workbook import read_grids

    times = {}
    t = time.process_time()
    grids = read_grids(tracker)
    times["read the workbook"] = time.process_time() - t
    t = time.process_time()
    resolver = known_bodies(into, "bench", [])
    times["the graph's bodies"] = time.process_time() - t
    t = time.process_time()
    plan = read_plan(find_layout(grids), resolver, "bench")
    times["read the rows"] = time.process_time() - t
    t = time.process_time()
    turtle(plan_graph(plan, "bench", tracker.name, "0" * 64))
    times["write the Turtle"] = time.process_time() - t
    return times


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    from trackers import large_tracker

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ.setdefault("OSCB_GRAPH_CACHE", str(root / "cache"))
        subprocess.run([CLI, "who-owns", "1"], capture_output=True, check=True)  # the bundled report's store, compiled once
        trackers = {n: large_tracker(root / f"tracker-{n}.xlsx", n) for n in args.rows}
        runs: dict[int, list[float]] = {n: [] for n in args.rows}
        cpu: dict[int, list[float]] = {n: [] for n in args.rows}
        for run in range(args.runs):
            for n, tracker in trackers.items():  # interleaved, so that load from other work falls on both alike
                into = root / f"reviews-{n}-{run}"
                t, c = time.perf_counter(), children_cpu()
                subprocess.run([CLI, "import", str(tracker), "--into", str(into), "--report", "bench"], capture_output=True, check=True)
                runs[n].append(time.perf_counter() - t)
                cpu[n].append(children_cpu() - c)
        print(f"load average before the stages: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        for n in args.rows:
            print(f"{n} rows: median {statistics.median(runs[n]):.2f} s wall-clock (min {min(runs[n]):.2f}, max {max(runs[n]):.2f}), "
                  f"median {statistics.median(cpu[n]):.2f} s CPU, over {args.runs} whole processes")
        for n, tracker in trackers.items():
            parts = stages(tracker, root / "empty")
            print(f"{n} rows, in-process stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))


if __name__ == "__main__":
    main()
