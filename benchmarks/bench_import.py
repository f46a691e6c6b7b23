"""How long `oscb-graph import` takes on a tidy tracker of N rows (target: 500 rows under 2 s).

Run by hand (not a test):  .venv/bin/python benchmarks/bench_import.py [--rows 500] [--runs 5]

Each run is a whole `oscb-graph import` process into a fresh folder, with the compiled store
of the bundled report already in the cache (as on a business manager's machine after any
command); runs of 500 and 2,000 rows are interleaved and the median is reported. The stages
of one in-process import (read the workbook, read the rows, resolve leads, write the Turtle)
are timed too, to show where the time goes.
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
    t = time.perf_counter()
    grids = read_grids(tracker)
    times["read the workbook"] = time.perf_counter() - t
    t = time.perf_counter()
    resolver = known_bodies(into, "bench", [])
    times["the graph's bodies"] = time.perf_counter() - t
    t = time.perf_counter()
    plan = read_plan(find_layout(grids), resolver, "bench")
    times["read the rows"] = time.perf_counter() - t
    t = time.perf_counter()
    turtle(plan_graph(plan, "bench", tracker.name, "0" * 64))
    times["write the Turtle"] = time.perf_counter() - t
    return times


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
        for run in range(args.runs):
            for n, tracker in trackers.items():  # interleaved, so that load from other work falls on both alike
                into = root / f"reviews-{n}-{run}"
                t = time.perf_counter()
                subprocess.run([CLI, "import", str(tracker), "--into", str(into), "--report", "bench"], capture_output=True, check=True)
                runs[n].append(time.perf_counter() - t)
        for n in args.rows:
            print(f"{n} rows: median {statistics.median(runs[n]):.2f} s over {args.runs} whole processes "
                  f"(min {min(runs[n]):.2f}, max {max(runs[n]):.2f})")
        for n, tracker in trackers.items():
            parts = stages(tracker, root / "empty")
            print(f"{n} rows, in-process stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))


if __name__ == "__main__":
    main()
