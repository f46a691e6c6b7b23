"""The site's one read of the graph: each canned query it needs, run once over every report.

Every page's data is a slice of one of these answers, and the page shows the query that made
it with its parameters bound (`Answer.sparql_for`), so that a reader can run it with
`oscb-graph query -f` and get the page's rows. Queries run without parameters and are sliced
here, because running a query per page would cost a second per page at a thousand reports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import canned
from ..terms import Term

# The canned queries the site is made from, in the order they run.
SITE_QUERIES = ("reports", "bodies", "who-owns", "recommendation", "agency", "routes", "route-pictures", "glossary",
                "planned", "passages", "ontology")


@dataclass
class Record:
    """One row of an answer: its terms as the query gave them, and their values as text ('' when unbound)."""

    terms: tuple[Term | None, ...]
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


@dataclass
class Answer:
    """The rows of one canned query run over the whole graph (or, for a CONSTRUCT, its graph)."""

    query: canned.CannedQuery
    vars: list[str]
    records: list[Record] = field(default_factory=list)
    graph: Any = None  # an rdflib Graph

    @property
    def name(self) -> str:
        return self.query.name

    def sparql_for(self, **values: Term) -> str:
        """The query's text with these parameters bound: what gives one page's slice of the rows."""
        return self.query.bound(values)


def run_all(store, timeout: float | None = None) -> dict[str, Answer]:
    """Every query of SITE_QUERIES on `store` (from oscb_graph.engine.open_store), by name."""
    answers = {}
    for name in SITE_QUERIES:
        query = canned.get(name)
        result = canned.run(store, query, {}, timeout)
        if result.kind != "SELECT":
            answers[name] = Answer(query, [], graph=result.graph)
            continue
        text: dict[Term | None, str] = {None: ""}  # an answer of thousands of rows repeats a few thousand terms
        for row in result.terms:
            for term in row:
                if term not in text:
                    text[term] = term.value  # type: ignore[union-attr]
        answers[name] = Answer(query, result.vars, [Record(row, {var: text[t] for var, t in zip(result.vars, row)})
                                                    for row in result.terms])
    return answers
