"""Write the graph in the formats other tools read: RDF for triple stores, GraphML and GEXF for
Gephi and Cytoscape, and a CSV ownership matrix for board papers.

- ttl, nt: every triple of the dataset in one graph (the formats have no named graphs);
- trig, jsonld: the dataset with its named graphs (ontology, one per report, and the implied types of each);
- graphml, gexf: one network projection (`network.PROJECTIONS`), every attribute a plain
  string or number so that Gephi and Cytoscape open it: lists joined with "; ", nothing None;
- csv: `network.ownership_matrix`, UTF-8 with a byte-order mark so that Excel reads it right;
- xlsx: one report's recommendations and actions as a tracker (oscb_graph.tracker.layout).
RDF comes from the store's own serialiser (Store.dump: Oxigraph's for the compiled store), so no
Turtle is parsed; a store on rdflib (store.reference.RdflibStore, for tests) serialises with rdflib. Every file is written
atomically.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from . import network
from .atomic import write_atomically

if TYPE_CHECKING:
    from .store import Store

RDF_FORMATS = {"ttl": "turtle", "nt": "ntriples", "trig": "trig", "jsonld": "jsonld"}  # export's name -> Store.dump's
NETWORK_WRITERS = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
FORMATS = (*RDF_FORMATS, *NETWORK_WRITERS, "csv")
TRACKER_FORMAT = "xlsx"  # one report as a tracker: oscb_graph.tracker.layout writes it from the compiled store
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
            ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv", ".xlsx": "xlsx"}
DATASET_FORMATS = ("trig", "jsonld")  # those that keep named graphs


def format_for(path: str | Path) -> str | None:
    """The export format a file name's suffix implies, if any."""
    return SUFFIXES.get(Path(path).suffix.lower())


def rdf_bytes(store: Store, fmt: str) -> bytes:
    """The store's graph serialised as `fmt` (one of RDF_FORMATS) by the store's own serialiser (Store.dump)."""
    return store.dump(RDF_FORMATS[fmt])


def _plain(value):
    """A value GraphML and GEXF can hold: strings and numbers as they are, lists joined."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def flattened(g: nx.Graph) -> nx.Graph:
    """A copy of `g` whose node, edge and graph attributes are all plain strings or numbers, none None."""
    flat = g.copy()
    for attrs in [flat.graph, *(d for _, d in flat.nodes(data=True)), *(d for *_, d in flat.edges(data=True))]:
        for name, value in list(attrs.items()):
            if value is None:
                del attrs[name]
            else:
                attrs[name] = _plain(value)
    return flat


def write_matrix(header: list[str], rows: list[list[str]], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def export(source, fmt: str, path: str | Path, projection: str = "flow") -> Path:
    """Write a store (store.open_store; an rdflib Dataset is wrapped) to `path` as `fmt`;
    GraphML and GEXF write the network `projection`."""
    from .projections import projections_of

    graph = projections_of(source)
    if fmt in RDF_FORMATS:
        data = rdf_bytes(graph.store, fmt)
        return write_atomically(path, lambda tmp: tmp.write_bytes(data))
    if fmt in NETWORK_WRITERS:
        g = flattened(network.PROJECTIONS[projection](graph))
        return write_atomically(path, lambda tmp: NETWORK_WRITERS[fmt](g, tmp))
    if fmt == "csv":
        header, rows = network.ownership_matrix(graph)
        return write_atomically(path, lambda tmp: write_matrix(header, rows, tmp))
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
