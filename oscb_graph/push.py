"""Load the reports into a SPARQL server with the Graph Store Protocol, one named graph per report.

Every graph the queries rely on is sent from the compiled store: the ontology and the types it
implies for its own nodes, and for each report its graph and the graph of the superclass types
implied for its nodes (prefixes.inferred_graph). Each is sent with one HTTP PUT to
`<graph store>?graph=<IRI>`, which replaces that graph and nothing else; a graph with no
triples is deleted instead. The server's default graph must then be the union of its named
graphs (Virtuoso's is; `oxigraph serve --union-default-graph`; Fuseki with unionDefaultGraph).

The Graph Store Protocol scopes blank nodes to one request, so a blank node typed in an
inferred graph (a passage's selector classes, oa:TextQuoteSelector ...) becomes a node of
its own on the server, apart from the passage in the report's graph; the canned queries
read no such type.
"""
from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from .errors import EndpointError
from .prefixes import ONTOLOGY, inferred_graph
from .store.endpoint_url import BadEndpointURL, checked_url, shown
from .store.sparql_http import send

# Where each server keeps its Graph Store Protocol, from the path of its query endpoint.
GRAPH_STORES = (
    ("/query", "/store"),  # Oxigraph
    ("/sparql", "/sparql-graph-crud-auth"),  # Virtuoso (digest authentication)
)
TIMEOUT = 300.0  # seconds one PUT may take: a large report on a busy server


class Upload(NamedTuple):
    """One graph to send: its IRI, its triples as N-Triples, and how many."""

    graph: str
    body: bytes
    triples: int


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL of the server whose query endpoint is `endpoint`.

    Oxigraph's /query has /store beside it, Virtuoso's /sparql has /sparql-graph-crud-auth,
    and a Fuseki dataset's /ds/query or /ds/sparql has /ds/data; for any other, give it.
    """
    parts = urllib.parse.urlsplit(checked_url(endpoint))
    path = parts.path.rstrip("/")
    for query, store in GRAPH_STORES:
        if path == query:
            return urllib.parse.urlunsplit((parts.scheme, parts.netloc, store, "", ""))
    head, _, tail = path.rpartition("/")
    if head and tail in ("query", "sparql"):
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"{head}/data", "", ""))
    raise BadEndpointURL(f"cannot tell where {shown(endpoint)} keeps its Graph Store Protocol: give it with --graph-store URL")


def graphs_to_send(reports: dict[str, str], source: str | None = None) -> list[str]:
    """The ontology's graphs, then each report's (or only `source`'s) graph and its inferred types' graph."""
    chosen = [reports[source]] if source else [reports[name] for name in sorted(reports)]
    return [ONTOLOGY, inferred_graph(ONTOLOGY)] + [g for report in chosen for g in (report, inferred_graph(report))]


def uploads(store_path: Path, graphs: list[str]) -> Iterator[Upload]:
    """Each graph of the compiled store as N-Triples, one at a time (a thousand reports need not sit in memory)."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_path))
    for graph in graphs:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]
        yield Upload(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(triples))


def send_graph(graph_store: str, upload: Upload) -> None:
    """PUT one graph (N-Triples is Turtle, which every graph store reads), or DELETE it when empty."""
    url = f"{graph_store}?{urllib.parse.urlencode({'graph': upload.graph})}"
    if upload.triples:
        send(url, "PUT", upload.body, {"Content-Type": "text/turtle; charset=utf-8"}, timeout=TIMEOUT, what="the graph store")
        return
    try:
        send(url, "DELETE", timeout=TIMEOUT, what="the graph store")
    except EndpointError as exc:
        if "404" not in str(exc):  # there was nothing to delete
            raise


def push(store_path: Path, graphs: list[str], graph_store: str, sent: Callable[[Upload], None] | None = None) -> tuple[int, int, float]:
    """Send `graphs` from the compiled store to `graph_store`; (graphs, triples, seconds)."""
    started = time.perf_counter()
    count = triples = 0
    for upload in uploads(store_path, graphs):
        send_graph(graph_store, upload)
        count, triples = count + 1, triples + upload.triples
        if sent:
            sent(upload)
    return count, triples, time.perf_counter() - started
