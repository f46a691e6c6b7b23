"""The one path every in-process engine answers a query by: check it, run it within its limit, decode it.

An engine supplies `answer` (run the checked text on its own graph, in whatever process
runs it; an engine over HTTP also tells the server the time limit); `query` adds the safety check (store.safety), the time limit (store.timelimit) and
the typed result (store.results), so that each is written once whatever the engine; an engine
whose data cannot change may also keep answers (the compiled store: store.answers).
"""
from __future__ import annotations

from .interface import DEFAULT_TIMEOUT, Bindings
from .results import Answer, QueryResult
from .safety import checked_kind
from .timelimit import run_bounded


class CheckedQueries:
    """Store.query for engines that run the query themselves (embedded Oxigraph, rdflib)."""

    def query(self, sparql: str, timeout: float | None = DEFAULT_TIMEOUT, bindings: Bindings | None = None,
              checked_as: str | None = None) -> QueryResult:
        """Run a read-only query; see interface.Store.query."""
        kind = checked_kind(checked_as or sparql)
        given = bindings or {}
        answer = self.recalled(sparql, kind, given)
        if answer is None:
            answer = run_bounded(lambda: self.answer(sparql, kind, given, timeout), timeout)
            self.keep(sparql, kind, given, answer)
        return QueryResult.from_answer(kind, answer)

    def recalled(self, sparql: str, kind: str, bindings: Bindings) -> Answer | None:
        """An answer kept from an earlier run of the same checked query, for engines whose data cannot change."""
        return None

    def keep(self, sparql: str, kind: str, bindings: Bindings, answer: Answer) -> None:
        """Keep an answer for `recalled`; engines whose data can change keep nothing."""

    def answer(self, sparql: str, kind: str, bindings: Bindings, timeout: float | None) -> Answer:
        """The engine's answer to a checked query of `kind` (SELECT rows as Terms, a bool, or N-Triples).

        It runs inside the time limit already; `timeout` is for engines that can pass it on.
        """
        raise NotImplementedError
