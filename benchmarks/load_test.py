"""Load test, run by hand: 8 clients running the canned queries against a SPARQL server for a minute.

    .venv/bin/python benchmarks/generate_corpus.py 1000
    .venv/bin/python benchmarks/load_test.py --server serve                  # `oscb-graph serve` on the corpus
    .venv/bin/python benchmarks/load_test.py --server virtuoso               # Virtuoso, loaded by `oscb-graph push`
    .venv/bin/python benchmarks/load_test.py --narrow 8                      # then each query on one report, as --source
    .venv/bin/python benchmarks/load_test.py --endpoint URL                  # a server already loaded with the corpus

Each client is a process of its own that goes round the canned queries (with the parameters a
person would give) as fast as answers come, POSTing each with the SPARQL 1.1 Protocol as the
remote engine does and reading the whole SPARQL JSON answer; a query's latency runs from its
request to its last byte parsed. An answer is an error if the request fails or its row count
differs from the embedded store's for the same query (so a server that cuts answers short
under load is caught). Prints throughput, p50 and p99 latency per query and overall, and errors.
Every server is on 127.0.0.1, in a temporary folder, and stopped at the end; the run is bounded
by --seconds (each request by --timeout).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from sparql_servers import VIRTUOSO_USER, free_port, virtuoso  # noqa: E402

from oscb_graph.store.remote import ACCEPT, request_body  # noqa: E402
from oscb_graph.store.sparql_http import send  # noqa: E402

CLI = str(Path(sys.executable).with_name("oscb-graph"))
# The canned queries as people run them: (query, parameters). Names are resolved once, up front.
WORKLOAD = [
    ("who-owns", {"number": "4"}), ("who-owns", {"body": "tvp"}), ("agency", {"agency": "tvp"}),
    ("recommendation", {"number": "4"}), ("flows", {"sender": "tvp"}), ("routes", {}), ("services", {"age": "10"}),
    ("figures", {"about": "champions"}), ("timeline", {"after": "2015-06", "before": "2016"}),
    ("planned", {"body": "Oxford University Hospitals"}), ("glossary", {"term": "CEF"}), ("acronyms-undefined", {}),
    ("search", {"text": "niche"}), ("cite", {"node": "MASH"}),
]


def prepared(data: Path, sources: list[str | None]) -> list[tuple[str, bytes, int]]:
    """(label, request body, rows expected) for each workload query on each source (None: all reports),
    the rows counted on the embedded store."""
    from oscb_graph import canned
    from oscb_graph.names import StoreNames
    from oscb_graph.store import open_store

    out = []
    for source in sources:
        store = open_store([data], source=source)
        names = StoreNames(open_store([data]))
        for name, values in WORKLOAD:
            query = canned.get(name)
            text = query.sparql(values, names)
            rows = len(store.query(text, timeout=120, checked_as=query.text).terms)
            label = name + ("(" + ",".join(f"{k}={v}" for k, v in values.items()) + ")" if values else "")
            out.append((label, request_body(text, store.source), rows))
    return out


def client(url: str, queries: list[tuple[str, str, int]], deadline: float, timeout: float, offset: int, results) -> None:
    """Go round the queries (starting at `offset`) until the deadline; put (label, seconds, error) for each."""
    record = []
    i = offset
    while time.monotonic() < deadline:
        label, body, expected = queries[i % len(queries)]
        i += 1
        started = time.monotonic()
        error = None
        try:
            answer = send(url, "POST", body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT["SELECT"]},
                          timeout=timeout)
            rows = len(json.loads(answer.body)["results"]["bindings"])
            if rows != expected:
                error = f"{rows} rows, not {expected}"
        except Exception as exc:  # counted and shown, never raised: the run goes on
            error = f"{type(exc).__name__}: {exc}"[:200]
        record.append((label, time.monotonic() - started, error))
    results.put(record)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run(url: str, queries, clients: int, seconds: float, timeout: float) -> dict:
    results: multiprocessing.Queue = multiprocessing.Queue()
    deadline = time.monotonic() + seconds
    workers = [multiprocessing.Process(target=client, args=(url, queries, deadline, timeout, n * 3, results)) for n in range(clients)]
    started = time.monotonic()
    for w in workers:
        w.start()
    records = [r for _ in workers for r in results.get(timeout=seconds + timeout + 60)]
    for w in workers:
        w.join(30)
    elapsed = time.monotonic() - started
    ok = [r for r in records if r[2] is None]
    errors = [r for r in records if r[2] is not None]
    per_query = {}
    for label in dict.fromkeys(label for label, _, _ in queries):
        times = [t for lab, t, e in ok if lab == label]
        if times:
            per_query[label] = (len(times), statistics.median(times), percentile(times, 99))
    return {
        "requests": len(records), "errors": len(errors), "seconds": elapsed,
        "throughput": len(ok) / elapsed, "p50": statistics.median(t for _, t, _ in ok) if ok else None,
        "p99": percentile([t for _, t, _ in ok], 99) if ok else None, "per_query": per_query,
        "error_samples": sorted({e for _, _, e in errors})[:5],
    }


def report(name: str, result: dict) -> None:
    latency = f"p50 {result['p50']:.3f} s, p99 {result['p99']:.3f} s" if result["p50"] is not None else "no answer"
    print(f"\n{name}: {result['requests']} requests in {result['seconds']:.0f} s, {result['throughput']:.2f} answers/s, "
          f"{latency}, errors {result['errors']}")
    for sample in result["error_samples"]:
        print(f"  error: {sample}")
    print(f"  {'query':<55} {'answers':>7} {'p50 s':>8} {'p99 s':>8}")
    for label, (count, p50, p99) in result["per_query"].items():
        print(f"  {label:<55} {count:>7} {p50:>8.3f} {p99:>8.3f}")


def serve_and_run(data: Path, args, workloads) -> list[dict]:
    port = free_port()
    process = subprocess.Popen([CLI, "serve", "--port", str(port), "--data", str(data), "--timeout", str(args.timeout)],
                               stderr=subprocess.PIPE, text=True)
    try:
        while "SPARQL endpoint" not in (line := process.stderr.readline()):
            if not line:
                raise RuntimeError("oscb-graph serve stopped before it listened")
        return [run(f"http://127.0.0.1:{port}/query", queries, args.clients, args.seconds, args.timeout) for _, queries in workloads]
    finally:
        process.terminate()
        process.wait(30)


def virtuoso_and_run(data: Path, args, workloads) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="oscb-load-virtuoso-") as folder, \
            virtuoso(Path(folder), free_port(), buffers=args.virtuoso_buffers) as url:
        user, password = VIRTUOSO_USER
        started = time.monotonic()
        pushed = subprocess.run([CLI, "push", "--endpoint", url, "--data", str(data)], capture_output=True, text=True,
                                env={**os.environ, "OSCB_GRAPH_USER": user, "OSCB_GRAPH_PASSWORD": password})
        if pushed.returncode:
            raise RuntimeError(pushed.stderr)
        print(f"push to Virtuoso: {time.monotonic() - started:.0f} s ({pushed.stderr.strip()})", flush=True)
        return [run(url, queries, args.clients, args.seconds, args.timeout) for _, queries in workloads]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=["serve", "virtuoso", "both"], default="both")
    parser.add_argument("--endpoint", metavar="URL", help="instead, a server already running and loaded with the corpus")
    parser.add_argument("--data", type=Path, default=ROOT / "benchmarks" / "corpus" / "n1000")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="each request's limit, on client and server")
    parser.add_argument("--virtuoso-buffers", type=int, default=100000, help="Virtuoso's page cache in 8 KB pages")
    parser.add_argument("--narrow", type=int, default=0, metavar="N",
                        help="then run each query on each of N reports, narrowed to it as --source does")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no corpus at {args.data}: run benchmarks/generate_corpus.py 1000 first")
    workloads = [("all reports", prepared(args.data, [None]))]
    if args.narrow:
        reports = [f"gen-{n:04d}" for n in range(1, args.narrow + 1)]
        workloads.append((f"each narrowed to one of {args.narrow} reports", prepared(args.data, reports)))
    print(f"{len(WORKLOAD)} queries on {args.data.name}, {args.clients} clients, {args.seconds:g} s for each workload and server",
          flush=True)
    if args.endpoint:
        for scope, queries in workloads:
            report(f"{args.endpoint}, {scope}", run(args.endpoint, queries, args.clients, args.seconds, args.timeout))
        return
    servers = {"serve": ("oscb-graph serve (Oxigraph)", serve_and_run), "virtuoso": ("Virtuoso 7.2", virtuoso_and_run)}
    for key, (name, start) in servers.items():
        if args.server in (key, "both"):
            for (scope, _), result in zip(workloads, start(args.data, args, workloads)):
                report(f"{name}, {scope}", result)


if __name__ == "__main__":
    main()
