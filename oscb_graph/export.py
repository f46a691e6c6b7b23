"""Write the graph in the formats other tools read: RDF for triple stores, GraphML and GEXF for
Gephi and Cytoscape, and a CSV ownership matrix for board papers.

- ttl, nt: every triple of the dataset in one graph (the formats have no named graphs);
- trig, jsonld: the dataset with its named graphs (ontology, one per report, and the implied types of each);
- graphml, gexf: one network projection (`network.PROJECTIONS`), every attribute a plain
  string or number so that Gephi and Cytoscape open it: lists joined with "; ", nothing None;
- csv: `network.ownership_matrix`, UTF-8 with a byte-order mark so that Excel reads it right.
Every file is written atomically.
"""
from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph

from . import network
from .atomic import write_atomically
from .namespaces import PREFIXES

RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "jsonld": "json-ld"}
NETWORK_WRITERS = {"graphml": nx.write_graphml, "gexf": nx.write_gexf}
FORMATS = (*RDF_FORMATS, *NETWORK_WRITERS, "csv")
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".jsonld": "jsonld", ".json": "jsonld",
            ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}
DATASET_FORMATS = ("trig", "jsonld")  # those that keep named graphs


def format_for(path: str | Path) -> str | None:
    """The export format a file name's suffix implies, if any."""
    return SUFFIXES.get(Path(path).suffix.lower())


def union_graph(dataset: Dataset) -> Graph:
    """All triples of every named graph, in one plain graph with the project's prefixes."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, override=True)
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    return union


def rdf_bytes(dataset: Dataset, fmt: str) -> bytes:
    """The dataset serialised as `fmt` (one of RDF_FORMATS)."""
    if fmt in DATASET_FORMATS:
        options = {"context": PREFIXES, "auto_compact": True} if fmt == "jsonld" else {}
        return dataset.serialize(format=RDF_FORMATS[fmt], encoding="utf-8", **options)
    return union_graph(dataset).serialize(format=RDF_FORMATS[fmt], encoding="utf-8")


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


def export(dataset: Dataset, fmt: str, path: str | Path, projection: str = "flow") -> Path:
    """Write `dataset` to `path` as `fmt`; GraphML and GEXF write the network `projection`."""
    if fmt in RDF_FORMATS:
        data = rdf_bytes(dataset, fmt)
        return write_atomically(path, lambda tmp: tmp.write_bytes(data))
    if fmt in NETWORK_WRITERS:
        g = flattened(network.PROJECTIONS[projection](dataset))
        return write_atomically(path, lambda tmp: NETWORK_WRITERS[fmt](g, tmp))
    if fmt == "csv":
        header, rows = network.ownership_matrix(dataset)
        return write_atomically(path, lambda tmp: write_matrix(header, rows, tmp))
    raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
