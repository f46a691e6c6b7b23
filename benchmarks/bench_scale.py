"""Is oscb-graph instant from one report to a thousand? Timings side by side, in one run.

Run by hand (not a test; the 1,000-report part takes several minutes):

    .venv/bin/python benchmarks/bench_scale.py                    # sizes 1 10 100 1000
    .venv/bin/python benchmarks/bench_scale.py --sizes 1 10 --runs 5 --rdflib-limit 60

Prints, as Markdown tables for benchmarks/RESULTS.md:
1. cold `oscb-graph who-owns` on the bundled report (a new process, the compiled store already
   built for unchanged data) against the floor `python -c "import click"` and against a plain
   rdflib script answering the same question; `oscb-graph --help` against the same floor.
   Runs are interleaved and medians taken, because this machine's timings drift.
2. for each corpus size (benchmarks/generate_corpus.py, generated if missing): build time and
   peak memory of `oscb-graph build`, then each canned query cold (a new `oscb-graph run`
   process; over every report, and narrowed to Child J with --source) and warm (again in a
   process that has run it), on the compiled store and on
   rdflib's in-memory Dataset (cold there means parsing the Turtle first; queries past
   --rdflib-limit seconds are stopped).

The package's modules are compiled to bytecode first, as pip does on install (this
environment sets PYTHONDONTWRITEBYTECODE, which would otherwise charge every run for it).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CLI = str(Path(PY).with_name("oscb-graph"))
CORPUS = ROOT / "benchmarks" / "corpus"
# Values for the canned queries that need them (names from Child J, which every corpus includes).
VALUES = {"agency": {"agency": "tvp"}, "cite": {"node": "MASH"}, "search": {"text": "niche"},
          "services": {"age": "10"}, "recommendation": {"number": "4"}}

RDFLIB_WHO_OWNS = """
import sys
from pathlib import Path
from rdflib import Dataset, URIRef
root = Path(sys.argv[1])
ds = Dataset(default_union=True)
ds.graph(URIRef("https://w3id.org/oscb-graph/ontology")).parse(root / "ontology" / "oscb.ttl")
report = ds.graph(URIRef("https://w3id.org/oscb-graph/id/child-j"))
for path in sorted((root / "data" / "child-j").glob("*.ttl")):
    report.parse(path)
from oscb_graph.prefixes import PREFIXES
for row in ds.query((root / "oscb_graph" / "queries" / "who-owns.rq").read_text(), initNs=PREFIXES):
    print(*row, sep="\\t")
"""

# One process: build nothing, open the store (or parse the Turtle), run a canned query `repeat`
# times, print each time; used for the warm figures and for rdflib's cold ones.
IN_PROCESS = """
import sys, time, json
from oscb_graph import canned
from oscb_graph.store import open_store
engine, name, values, limit, repeat, *data = sys.argv[1:]
started = time.perf_counter()
store = open_store(data, engine=engine)
times = []
for _ in range(int(repeat)):
    t = time.perf_counter()
    try:
        canned.run(store, canned.get(name), json.loads(values), timeout=float(limit))
    except Exception as exc:
        print(json.dumps({"error": str(exc)})); sys.exit()
    times.append(time.perf_counter() - t)
print(json.dumps({"first": time.perf_counter() - started, "times": times}))
"""


def run(argv: list[str], env: dict[str, str], check: bool = True) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if check and done.returncode != 0:
        sys.exit(f"{' '.join(argv[:4])} ... failed: {done.stderr.strip()}")
    return elapsed


def interleaved(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each command, their runs interleaved so that drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            times[name].append(run(argv, env))
    return {name: statistics.median(t) for name, t in times.items()}


def measured(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one child process."""
    probe = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
             "code = subprocess.run(sys.argv[1:]).returncode; "
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)")
    out = subprocess.run([PY, "-c", probe, *argv], env=env, capture_output=True, text=True).stdout.split()
    if out[-1] != "0":
        sys.exit(f"{' '.join(argv[:4])} ... failed")
    return float(out[-3]), int(out[-2]) * 1024


def in_process(engine: str, name: str, data: list[str], limit: float, env: dict[str, str]) -> dict:
    import json

    values = json.dumps(VALUES.get(name, {}))
    done = subprocess.run([PY, "-c", IN_PROCESS, engine, name, values, str(limit), "3", *data],
                          env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout)


def corpus(size: int) -> Path:
    folder = CORPUS / f"n{size}"
    if not folder.is_dir():
        subprocess.run([PY, str(ROOT / "benchmarks" / "generate_corpus.py"), str(size)], check=True)
    return folder


def fmt(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f}"


def startup_table(runs: int, env: dict[str, str]) -> None:
    run([CLI, "who-owns"], env)  # the store is built for unchanged data before timing starts
    medians = interleaved({
        "floor": [PY, "-c", "import click"],
        "who-owns": [CLI, "who-owns"],
        "rdflib script": [PY, "-c", RDFLIB_WHO_OWNS, str(ROOT)],
        "--help": [CLI, "--help"],
    }, runs, env)
    floor = medians["floor"]
    print(f"\n### Start-up (median of {runs} interleaved runs)\n")
    print("| command | seconds | x floor | target |\n|---|---|---|---|")
    rows = [("`python -c 'import click'` (floor)", "floor", ""), ("`oscb-graph who-owns`, cold", "who-owns", "2.5"),
            ("plain rdflib script, same question", "rdflib script", ""), ("`oscb-graph --help`", "--help", "1.5")]
    for label, key, target in rows:
        ratio = medians[key] / floor
        verdict = f"{target}x: {'met' if ratio <= float(target) else 'NOT met'}" if target else ""
        print(f"| {label} | {medians[key]:.3f} | {ratio:.2f} | {verdict} |")


def size_table(size: int, runs: int, limit: float, env: dict[str, str], with_rdflib: bool) -> None:
    from oscb_graph import canned

    folder = corpus(size)
    data = sorted(str(p) for p in folder.iterdir() if p.is_dir())
    build_s, build_bytes = measured([CLI, "build", "--force", "--data", str(folder)], env)
    print(f"\n### {size} report{'s' * (size != 1)} (+ Child J)\n")
    print(f"build: {build_s:.1f} s, peak memory {build_bytes / 2**20:.0f} MiB "
          f"(targets at 1,000: 30 s, 1,024 MiB)\n")
    print("| canned query | compiled cold | compiled cold, --source child-j | compiled warm "
          "| rdflib cold (parse + query) | rdflib warm |\n|---|---|---|---|---|---|")
    for name in canned.canned_queries():
        argv = [CLI, "run", name, "--data", str(folder), "--csv", "--timeout", str(limit)]
        for key, value in VALUES.get(name, {}).items():
            argv += ["-p", f"{key}={value}"]
        cold = statistics.median(run(argv, env, check=False) for _ in range(runs))
        narrow = statistics.median(run([*argv, "--source", "child-j"], env, check=False) for _ in range(runs))
        warm = in_process("oxigraph", name, data, limit, env)
        rd = in_process("rdflib", name, data, limit, env) if with_rdflib else {"error": "not run"}
        rd_cold = rd["first"] if "first" in rd else None
        rd_warm = statistics.median(rd["times"][1:]) if "times" in rd else None
        note = f" ({rd['error'][:40]})" if "error" in rd else ""
        print(f"| {name} | {fmt(cold)} | {fmt(narrow)} | {fmt(statistics.median(warm['times'][1:]) if 'times' in warm else None)} "
              f"| {fmt(rd_cold)}{note} | {fmt(rd_warm)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1, 10, 100, 1000])
    parser.add_argument("--runs", type=int, default=11, help="runs per start-up figure (3 per query figure)")
    parser.add_argument("--rdflib-limit", type=float, default=120.0, help="seconds before a query is stopped")
    parser.add_argument("--rdflib-up-to", type=int, default=100, help="largest corpus to load into rdflib")
    args = parser.parse_args()
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "oscb_graph")], check=True)
    import pyoxigraph
    import rdflib

    print(f"Machine: {platform.platform()}, {os.cpu_count()} CPUs; Python {platform.python_version()}, "
          f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}")
    with tempfile.TemporaryDirectory(prefix="oscb-bench-") as cache:
        env = {**os.environ, "OSCB_GRAPH_CACHE": cache}
        env.pop("OSCB_GRAPH_DATA", None)
        startup_table(args.runs, env)
        for size in args.sizes:
            size_table(size, 3, args.rdflib_limit, env, with_rdflib=size <= args.rdflib_up_to)
            shutil.rmtree(cache, ignore_errors=True)
            os.makedirs(cache)


if __name__ == "__main__":
    main()
