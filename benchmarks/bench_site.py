"""Time `oscb-graph site` over a generated corpus: wall and CPU seconds, pages, files, the largest page.

    .venv/bin/python benchmarks/generate_corpus.py 1000 --out /tmp/corpus
    .venv/bin/python benchmarks/bench_site.py /tmp/corpus --runs 3

The compiled store is built first (`oscb-graph build`), so that the figures are the site's own.
CPU seconds (user + system of the command) say what a build costs on a machine shared with
other work, where wall time stretches with the load; both are printed, with the load average.
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

OSCB_GRAPH = str(Path(sys.executable).parent / "oscb-graph")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of report folders (benchmarks/generate_corpus.py)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    subprocess.run([OSCB_GRAPH, "build", "--data", args.corpus], check=True, capture_output=True)
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.runs):
            out = Path(scratch) / f"site-{run}"  # a new folder each time: replacing an old site costs its deletion too
            before, started = children_cpu(), time.perf_counter()
            subprocess.run([OSCB_GRAPH, "site", "-o", str(out), "--data", args.corpus], check=True, capture_output=True)
            walls.append(time.perf_counter() - started)
            cpus.append(children_cpu() - before)
            print(f"run {run + 1}: {walls[-1]:.1f} s wall, {cpus[-1]:.1f} s CPU, load {os.getloadavg()[0]:.1f}", flush=True)
        pages = sorted(out.rglob("*.html"), key=lambda p: p.stat().st_size)
        files = sum(1 for p in out.rglob("*") if p.is_file())
        index = (out / "assets" / "search-index.js").stat().st_size
        print(f"median {statistics.median(walls):.1f} s wall, {statistics.median(cpus):.1f} s CPU; {len(pages):,} pages, "
              f"{files:,} files; largest page {pages[-1].relative_to(out)} {pages[-1].stat().st_size / 1024:.0f} KB; "
              f"home {(out / 'index.html').stat().st_size / 1024:.0f} KB; search index {index / 1024:.0f} KB")


if __name__ == "__main__":
    main()
