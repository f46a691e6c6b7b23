"""Time `oscb-graph build` over a corpus, whole and by phase, with its peak memory and CPU time.

Run by hand (not a test), with a cache of its own so that the build starts from nothing:

    OSCB_GRAPH_CACHE=/tmp/bench-cache .venv/bin/python benchmarks/bench_build.py benchmarks/corpus/n10000
    OSCB_GRAPH_CACHE=/tmp/bench-cache .venv/bin/python benchmarks/bench_build.py --add-one benchmarks/corpus/n1000

With --add-one it times what a partnership does most: the store holds every report of the
corpus but its last (built first, untimed), and the last one comes (store.update).

The phases are timed by wrapping the build's own functions (nothing in the build changes):
parsing Turtle into N-Quads (read by the bulk load, and so inside its time), Oxigraph's bulk load, its
flush and compaction (RocksDB compacts the bulk load's files in either), the name index and
the triple count. On a shared machine, compare the
CPU time as well as the wall time, and note the load average printed before and after.
"""
from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph

from oscb_graph.store import build

PHASES = {"parse": 0.0, "bulk_load": 0.0, "flush": 0.0, "optimize": 0.0, "names": 0.0, "count": 0.0}
RealStore = pyoxigraph.Store


class TimedStore:
    """pyoxigraph.Store with its bulk_load, flush and optimize timed."""

    read_only = staticmethod(RealStore.read_only)

    def __init__(self, *args: Any):
        self._store = RealStore(*args)

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)
        return timed(name, method) if name in ("bulk_load", "flush", "optimize") else method


def timed(phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            PHASES[phase] += time.perf_counter() - started

    return run


def timed_chunks(real: Callable[[Any], Iterator[bytes]]) -> Callable[[Any], Iterator[bytes]]:
    def chunks(self: Any) -> Iterator[bytes]:
        made = real(self)
        while True:
            started = time.perf_counter()
            try:
                chunk = next(made)
            except StopIteration:
                return
            finally:
                PHASES["parse"] += time.perf_counter() - started
            yield chunk

    return chunks


def main() -> None:
    pyoxigraph.Store = TimedStore  # type: ignore[misc,assignment]
    build.NQuads.__iter__ = timed_chunks(build.NQuads.__iter__)  # type: ignore[method-assign]
    build.write_names = timed("names", build.write_names)
    build.count_triples = timed("count", build.count_triples)
    from oscb_graph.cli import main as cli

    args = sys.argv[1:]
    command = ["build", "--force", "--data", *args]
    if args[0] == "--add-one":
        folders = sorted(p for corpus in args[1:] for p in Path(corpus).iterdir() if p.is_dir())
        run(cli, ["build", *(a for folder in folders[:-1] for a in ("--data", str(folder)))])
        command = ["build", *(a for folder in folders for a in ("--data", str(folder)))]
        for phase in PHASES:
            PHASES[phase] = 0.0
    load = os.getloadavg()[0]
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    run(cli, command)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"wall {wall:.1f} s; CPU {usage.ru_utime - cpu.ru_utime:.1f} s user + {usage.ru_stime - cpu.ru_stime:.1f} s system; "
          f"peak {usage.ru_maxrss / 1024:.0f} MiB; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print("phases (wall; parsing overlaps the bulk load): " + ", ".join(f"{k} {v:.1f} s" for k, v in PHASES.items()))


def run(cli: Callable[[list[str]], Any], args: list[str]) -> None:
    try:
        cli(args)
    except SystemExit as exc:
        if exc.code:
            raise


if __name__ == "__main__":
    main()
