"""The embedded engine: the compiled on-disk Oxigraph store (built and cached by store.cache).

Its default graph is the union of all graphs as a set (store.build writes it so); `source`
narrows every query to one report's graph, its implied types, and the ontology with its own.
A store found damaged while reading is deleted, rebuilt and asked again. Answers are kept
beside the store (store.answers), since its content never changes.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import DataError, QueryError, QuerySyntaxError
from ..prefixes import ONTOLOGY, PREFIXES, inferred_graph
from . import answers
from .interface import DATASET_FORMATS, DEFAULT_TIMEOUT, Bindings, NameRow
from .nameindex import NAME_FILE, lookup
from .query import CheckedQueries
from .results import Answer, Interned, QueryResult
from .terms import XSD, Term

if TYPE_CHECKING:
    import pyoxigraph as ox

T = TypeVar("T")
XSD_STRING = XSD + "string"
DUMP_FORMATS = {"nquads": "N_QUADS", "trig": "TRIG", "jsonld": "JSON_LD", "ntriples": "N_TRIPLES", "turtle": "TURTLE"}
LINE_FORMATS = ("nquads", "ntriples")  # formats without prefixes


class StoreUnreadable(DataError):
    """RocksDB found the compiled store damaged while reading it."""


class OxigraphStore(CheckedQueries):
    """The compiled store at `path`, built from the report folders `data`; `source` a report's graph IRI or None."""

    def __init__(self, path: Path, data: list[str | Path] | None = None, source: str | None = None,
                 reports: dict[str, str] | None = None):
        self.path = path
        self.data = data
        self._source = source
        self.reports = dict(reports or {})

    @property
    def source(self) -> str | None:
        return self._source

    def query(self, sparql: str, timeout: float | None = DEFAULT_TIMEOUT, bindings: Bindings | None = None,
              checked_as: str | None = None) -> QueryResult:
        """As interface.Store.query; a store found damaged while reading is deleted, rebuilt, and asked again."""
        try:
            return super().query(sparql, timeout, bindings, checked_as)
        except StoreUnreadable:
            self.rebuild()
            return super().query(sparql, timeout, bindings, checked_as)

    def recalled(self, sparql: str, kind: str, bindings: Bindings) -> Answer | None:
        """The answer kept beside this store for the same query (store.answers)."""
        kept: Answer | None = answers.recall(self.path, answers.question(sparql, kind, bindings, self._source))
        return kept

    def keep(self, sparql: str, kind: str, bindings: Bindings, answer: Answer) -> None:
        answers.keep(self.path, answers.question(sparql, kind, bindings, self._source), answer)

    def remembered(self, name: str, make: Callable[[], T]) -> T:
        """make(), or what it gave when last called with this `name` on this store and narrowing.

        For values made from this store's answers alone (the projections' records), which are as
        fixed as the store; `name` must change whenever what make() computes does.
        """
        text = f"remembered\n{self._source or ''}\n{name}"
        value: T | None = answers.recall(self.path, text)
        if value is None:
            value = make()
            answers.keep(self.path, text, value)
        return value

    def rebuild(self) -> None:
        """Replace a damaged store with a new build of the same data."""
        from .cache import current_store, discard

        discard(self.path)
        self.path = current_store(self.data).path

    def open(self) -> ox.Store:
        """The store, read-only; StoreUnreadable if RocksDB cannot open it."""
        import pyoxigraph as ox

        try:
            return ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged store as either
            raise StoreUnreadable(f"{self.path}: cannot open the compiled store ({exc})") from exc

    def graphs(self) -> list[ox.NamedNode] | None:
        """The graphs a narrowed store reads, or None for all of them."""
        import pyoxigraph as ox

        if not self.source:
            return None
        return [ox.NamedNode(g) for g in (self.source, ONTOLOGY, inferred_graph(ONTOLOGY), inferred_graph(self.source))]

    def answer(self, sparql: str, kind: str, bindings: Bindings, timeout: float | None = None) -> Answer:
        """The answer; `bindings` substitute projected variables only (Oxigraph's rule)."""
        import pyoxigraph as ox

        store = self.open()
        graphs = self.graphs()
        try:
            answer = store.query(
                sparql, prefixes=PREFIXES, default_graph=graphs, named_graphs=graphs,  # type: ignore[arg-type]
                substitutions={ox.Variable(k): to_oxigraph(Term.of(v)) for k, v in bindings.items()},
            )
            if isinstance(answer, ox.QuerySolutions):
                vars = [v.value for v in answer.variables]
                return vars, Interned(from_oxigraph).rows(answer, len(vars))
            if isinstance(answer, ox.QueryBoolean):
                return bool(answer)
            return answer.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
        except SyntaxError as exc:
            raise syntax_error(str(exc), sparql) from exc
        except (OSError, RuntimeError) as exc:
            if "SELECT projection" in str(exc):
                raise QueryError(
                    f"a parameter must be a variable of the SELECT clause ({exc}); list it there or use SELECT *"
                ) from exc
            if isinstance(exc, OSError) or "orruption" in str(exc):
                raise StoreUnreadable(f"{self.path}: cannot read the compiled store ({exc})") from exc
            raise QueryError(f"the query failed: {exc}") from exc

    def name_rows(self, key: str, iri: str) -> list[NameRow] | None:
        """From the name index built beside the store's files (store.nameindex); None when narrowed or absent."""
        import sqlite3

        if self.source or not (self.path / NAME_FILE).is_file():
            return None
        try:
            return lookup(self.path / NAME_FILE, key, iri)
        except sqlite3.Error:
            return None

    def dump(self, fmt: str) -> bytes:
        """Oxigraph's own serialiser: named graphs for the dataset formats, else the union (default) graph.

        Kept beside the store (`remembered`) after the first time: Oxigraph reads about 150,000
        quads a second from disk, so a thousand reports take ten seconds, and a second export a
        fraction of one.
        """
        if fmt not in DUMP_FORMATS:
            raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(DUMP_FORMATS)}")
        return self.remembered(f"dump {fmt}", lambda: self.serialised(fmt))

    def serialised(self, fmt: str) -> bytes:
        import pyoxigraph as ox

        rdf_format = getattr(ox.RdfFormat, DUMP_FORMATS[fmt])
        prefixes = None if fmt in LINE_FORMATS else PREFIXES
        store = self.open()
        if fmt in DATASET_FORMATS:
            graphs = self.graphs() or sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)
            quads = (q for g in graphs for q in store.quads_for_pattern(None, None, None, g))
            return ox.serialize(quads, format=rdf_format, prefixes=prefixes) or b""
        if self.source:
            triples = {q.triple for g in self.graphs() or [] for q in store.quads_for_pattern(None, None, None, g)}
            return ox.serialize(sorted(triples, key=str), format=rdf_format, prefixes=prefixes) or b""
        return store.dump(format=rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes) or b""


def to_oxigraph(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    import pyoxigraph as ox

    if term.type == "uri":
        return ox.NamedNode(term.value)
    if term.type == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)


def from_oxigraph(term: Any) -> Term:
    """A Term from a pyoxigraph NamedNode, BlankNode or Literal (a plain string has no datatype, as in SPARQL JSON)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if term.language:
        return Term("literal", term.value, None, term.language)
    datatype = term.datatype.value
    return Term("literal", term.value, None if datatype == XSD_STRING else datatype)


def syntax_error(message: str, sparql: str) -> QuerySyntaxError:
    """Oxigraph's syntax error, made readable: its position, and its own words when it has some."""
    found = re.search(r"(\d+):(\d+)", message)
    if not found:
        return QuerySyntaxError(f"syntax error: {message.splitlines()[0]}")
    line, column = int(found[1]), int(found[2])
    detail = message[found.end():].lstrip(": ")
    if "Prefix not found" in detail:  # Oxigraph points just past the prefixed name
        before = sparql.splitlines()[line - 1][: column - 1] if line <= len(sparql.splitlines()) else ""
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
        if name:
            column = name.start() + 1
            prefix = name[1] or ""
            return QuerySyntaxError(
                f"unknown prefix '{prefix}:' at line {line}, column {column}; declare it with PREFIX {prefix}: <...>",
                line, column,
            )
    sentences = re.findall(r"(?:^|, |of )([A-Z][a-z]+(?: [^ ,\[\]'\"]+)+)", detail)  # among the grammar's tokens
    if sentences:
        detail = "; ".join(sentences)
    elif len(detail) > 160 or "\n" in detail:
        detail = detail.splitlines()[0][:160].rsplit(",", 1)[0] + ", ..."
    return QuerySyntaxError(f"syntax error at line {line}, column {column}: {detail}", line, column)
