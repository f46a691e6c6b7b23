"""The reference engine: rdflib's in-memory Dataset, as oscb_graph.load() builds it.

Slow over many reports (it parses every Turtle file), but it is the engine the tests compare
the compiled store against, and the one SHACL validation and notebooks that edit a graph use.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..prefixes import PREFIXES
from .interface import DATASET_FORMATS, Bindings, NameRow
from .query import CheckedQueries
from .results import Answer, Interned
from .terms import Term

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

RDFLIB_FORMATS = {"nquads": "nquads", "trig": "trig", "jsonld": "json-ld", "ntriples": "nt", "turtle": "turtle"}


class RdflibStore(CheckedQueries):
    """A Dataset of the ontology and reports; `source` the graph IRI of the one report it holds, if narrowed."""

    def __init__(self, dataset: Dataset, source: str | None = None):
        self.dataset = dataset
        self._source = source

    @property
    def source(self) -> str | None:
        return self._source

    def answer(self, sparql: str, kind: str, bindings: Bindings, timeout: float | None = None) -> Answer:
        from rdflib import Variable

        answer = self.dataset.query(
            sparql, initNs=PREFIXES, initBindings={Variable(k): Term.of(v).to_rdflib() for k, v in bindings.items()}
        )
        if kind == "SELECT":
            vars = [str(v) for v in answer.vars or []]
            return vars, Interned(Term.of).rows(answer, len(vars))
        if kind == "ASK":
            return bool(answer.askAnswer)
        return answer.graph.serialize(format="nt", encoding="utf-8") if answer.graph is not None else b""

    def name_rows(self, key: str, iri: str) -> list[NameRow] | None:
        return None  # no index: oscb_graph.names finds names with a query

    def dump(self, fmt: str) -> bytes:
        if fmt not in RDFLIB_FORMATS:
            raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(RDFLIB_FORMATS)}")
        if fmt in DATASET_FORMATS:
            options: dict[str, Any] = {"context": PREFIXES, "auto_compact": True} if fmt == "jsonld" else {}
            data: bytes = self.dataset.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8", **options)
            return data
        return union_graph(self.dataset).serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")


def union_graph(dataset: Dataset) -> Graph:
    """All triples of every named graph of `dataset`, in one plain graph with the project's prefixes."""
    from rdflib import Graph

    union = Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns, override=True)
    for triple in dataset.triples((None, None, None)):
        union.add(triple)
    return union


def rdflib_dataset(data: list[str | Path] | tuple[str, ...] | None = None, source: str | None = None) -> Dataset:
    """oscb_graph.load(data); with `source` (a report folder's name), only that report is parsed, with the ontology.

    Parsing one report instead of all keeps --source quick: at a thousand reports, parsing them
    all takes over a minute.
    """
    from ..loader import load_folders
    from ..sources import report_folders
    from . import source_graph

    folders = report_folders(list(data or []))
    chosen = source_graph({f.name: f.graph_iri for f in folders}, source)
    if chosen:
        folders = [f for f in folders if f.graph_iri == chosen][:1]
    return load_folders(folders)

