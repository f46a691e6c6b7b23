"""Time `oscb-graph site` over a generated corpus: wall and CPU seconds, pages, files, the largest page.

    .venv/bin/python benchmarks/generate_corpus.py 1000 --out /tmp/corpus
    .venv/bin/python benchmarks/bench_site.py /tmp/corpus --runs 3
    .venv/bin/python benchmarks/bench_site.py /tmp/corpus --runs 3 --tree /tmp/main-checkout --tree .

The compiled store is built first (`oscb-graph build`), so that the figures are the site's own.
Each run is "cold" (the answers kept beside the store are deleted first, as after new data:
the site's queries run) and then "warm" (the same site again, its queries' answers read back).
CPU seconds (user + system of the command and its forked children) say what a build costs on
a machine shared with other work, where wall time stretches with the load; both are printed,
with the load average. With --tree, each run times the oscb_graph package of each checkout in
turn (put first on PYTHONPATH), so that a before and an after are interleaved under the same load.
"""
from __future__ import annotations

import argparse
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

CLI = ["-c", "import sys; sys.argv[0] = 'oscb-graph'; from oscb_graph.cli import main; main()"]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def oscb_graph(tree: str | None, *args: str) -> None:
    env = dict(os.environ)
    if tree:
        env["PYTHONPATH"] = str(Path(tree).absolute())
    subprocess.run([sys.executable, *CLI, *args], check=True, capture_output=True, env=env)


def forget_answers() -> None:
    """Delete the answers kept beside every compiled store (store.answers), so that the site's queries run."""
    from oscb_graph.store.cache import cache_dir

    for folder in cache_dir().glob("answers-*"):
        shutil.rmtree(folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of report folders (benchmarks/generate_corpus.py)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--tree", action="append", help="a checkout whose oscb_graph to time (repeat to interleave)")
    args = parser.parse_args()
    trees = args.tree or [None]
    oscb_graph(trees[0], "build", "--data", args.corpus)
    times: dict[tuple[str | None, str], list[tuple[float, float]]] = defaultdict(list)
    number = itertools.count()
    with tempfile.TemporaryDirectory() as scratch:
        for run in range(args.runs):
            for tree in trees:
                forget_answers()
                for kind in ("cold", "warm"):
                    out = Path(scratch) / f"site-{next(number)}"  # new each time: replacing a site costs deleting it
                    before, started = children_cpu(), time.perf_counter()
                    oscb_graph(tree, "site", "-o", str(out), "--data", args.corpus)
                    times[(tree, kind)].append((time.perf_counter() - started, children_cpu() - before))
                    wall, cpu = times[(tree, kind)][-1]
                    print(f"run {run + 1} {tree or 'installed'} {kind}: {wall:.1f} s wall, {cpu:.1f} s CPU, "
                          f"load {os.getloadavg()[0]:.1f}", flush=True)
        for (tree, kind), pairs in times.items():
            print(f"{tree or 'installed'} {kind}: median {statistics.median(w for w, _ in pairs):.1f} s wall "
                  f"({', '.join(f'{w:.1f}' for w, _ in pairs)}), {statistics.median(c for _, c in pairs):.1f} s CPU")
        pages = sorted(out.rglob("*.html"), key=lambda p: p.stat().st_size)
        files = sum(1 for p in out.rglob("*") if p.is_file())
        index = (out / "assets" / "search-index.js").stat().st_size
        print(f"{len(pages):,} pages, {files:,} files; largest page {pages[-1].relative_to(out)} "
              f"{pages[-1].stat().st_size / 1024:.0f} KB; home {(out / 'index.html').stat().st_size / 1024:.0f} KB; "
              f"search index {index / 1024:.0f} KB")


if __name__ == "__main__":
    main()
