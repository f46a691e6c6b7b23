"""The answer to a query, engine-neutral: rows of Terms, a boolean, or a graph.

Printing an answer imports no rdflib: formatters read `terms`; `rows` gives rdflib terms on
first use, for callers (tests, notebooks) that want them.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..prefixes import PREFIXES
from .terms import Term

if TYPE_CHECKING:
    from rdflib import Graph

Row = tuple[Term | None, ...]

# What an engine hands back from the process that ran the query: (vars, rows of Terms) for SELECT,
# a bool for ASK, N-Triples for a graph.
Answer = tuple[list[str], list[Row]] | bool | bytes


class QueryResult:
    """The answer to a query: rows of Terms for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE.

    Rows may be given as Terms, rdflib terms or plain Python values (which become literals), or
    as `terms` when they are Terms already (an engine's answer); `terms` holds them as Terms,
    `rows` as rdflib terms.
    """

    def __init__(self, kind: str, vars: list[str] | None = None, rows: list[tuple[Any, ...]] | None = None,
                 boolean: bool | None = None, graph: Graph | None = None, terms: list[Row] | None = None):
        self.kind = kind
        self.vars = list(vars or [])
        self.terms: list[Row] = (
            terms if terms is not None else [tuple(None if t is None else Term.of(t) for t in row) for row in rows or []]
        )
        self.boolean = boolean
        self.graph = graph
        self._rows: list[tuple[Any, ...]] | None = None

    @classmethod
    def from_rows(cls, vars: list[str], rows: list[tuple[Any, ...]]) -> QueryResult:
        """A SELECT-kind result built by hand."""
        return cls("SELECT", vars, rows)

    @classmethod
    def from_answer(cls, kind: str, answer: Answer) -> QueryResult:
        """The result of an engine's answer to a query of `kind` (a graph is parsed with rdflib)."""
        if kind == "SELECT" and isinstance(answer, tuple):
            vars, rows = answer
            return cls(kind, vars, terms=rows)
        if kind == "ASK" and isinstance(answer, bool):
            return cls(kind, boolean=answer)
        if isinstance(answer, bytes):
            from rdflib import Graph

            graph = Graph()
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns, override=True)
            graph.parse(data=answer.decode("utf-8"), format="nt")
            return cls(kind, graph=graph)
        raise TypeError(f"an engine answered a {kind} query with {type(answer).__name__}")

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows as rdflib terms (imports rdflib)."""
        if self._rows is None:
            self._rows = [tuple(None if t is None else t.to_rdflib() for t in row) for row in self.terms]
        return self._rows

    @property
    def is_empty(self) -> bool:
        if self.kind == "SELECT":
            return not self.terms
        if self.kind == "ASK":
            return False
        return self.graph is None or len(self.graph) == 0


class Interned(dict[Any, "Term | None"]):
    """One Term per distinct engine term, made once and shared by every row that holds it."""

    def __init__(self, convert: Callable[[Any], Term]):
        super().__init__()
        self.convert = convert

    def __missing__(self, term: Any) -> Term | None:
        value = self[term] = None if term is None else self.convert(term)
        return value

    def rows(self, solutions: Iterable[Any], width: int) -> list[Row]:
        """Each solution's first `width` values as Terms (None where unbound)."""
        return [tuple(self[solution[i]] for i in range(width)) for solution in solutions]
