"""What every engine offers: query text in, typed results out, plus name lookup and export.

A command, a view or a notebook holds a `Store` and never asks which engine is behind it:
the compiled Oxigraph store (oscb_graph.store.oxigraph), rdflib's in-memory Dataset, the
reference engine for tests (oscb_graph.store.reference), or a remote SPARQL endpoint (store.remote).
An engine over HTTP implements the same three methods: `query` sends the text and decodes
the answer; `name_rows` may answer None (no index: names are then found by a query); `dump`
is a CONSTRUCT or a Graph Store Protocol GET. This module imports nothing heavy.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .results import QueryResult
    from .terms import Term

DEFAULT_TIMEOUT = 10.0  # seconds a query may run unless the caller says otherwise (--timeout)

# The kinds of query, as rdflib's parser names them and as results carry them.
KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}

# RDF formats `dump` writes: the dataset ones keep the named graphs; the others write the default
# graph, the union of every graph as a set.
DATASET_FORMATS = ("nquads", "trig", "jsonld")
GRAPH_FORMATS = ("ntriples", "turtle")

# One row of the name index: node IRI, name, tier (names.PRIMARY ...), its oscb: class IRI, its label.
NameRow = tuple[str, str, int, "str | None", "str | None"]

# Values a caller may bind to a query's variables: Terms, or plain Python values that become literals.
Bindings = dict[str, "Term | str | int | float | bool"]


@runtime_checkable
class Store(Protocol):
    """A read-only graph of the ontology and the loaded reports, narrowed to one report by `source`."""

    @property
    def source(self) -> str | None:
        """The graph IRI of the one report every query reads (with the ontology), or None for all."""
        ...

    def query(self, sparql: str, timeout: float | None = DEFAULT_TIMEOUT, bindings: Bindings | None = None,
              checked_as: str | None = None) -> QueryResult:
        """Run a read-only SPARQL query (PREFIXES declared) within `timeout` seconds (None: no limit).

        Refuses updates, SERVICE, FROM and FROM NAMED (QueryRefused). `checked_as` is a text of
        the same shape already known safe (a canned query's template), checked instead of `sparql`.
        """
        ...

    def name_rows(self, key: str, iri: str) -> list[NameRow] | None:
        """The name index's rows for every node named `key` (names.normalise form) or whose IRI is `iri`.

        None when this store has no index (or is narrowed by `source`): the caller then finds
        names with a query.
        """
        ...

    def dump(self, fmt: str) -> bytes:
        """The graph (narrowed by `source`) in `fmt`, one of DATASET_FORMATS or GRAPH_FORMATS."""
        ...
