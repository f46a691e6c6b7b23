"""The site's one read of the graph: each canned query it needs, run once over every report.

Every page's data is a slice of one of these answers, and the page shows the query that made
it with its parameters bound (`Answer.sparql_for`), so that a reader can run it with
`oscb-graph query -f` and get the page's rows. Queries run without parameters and are sliced
here, because running a query per page would cost a second per page at a thousand reports.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from .. import canned
from ..prefixes import OSCB_NS
from ..projections import Projections, Route
from ..store.terms import Term

# The canned queries the site is made from, in the order they run.
SITE_QUERIES = ("reports", "bodies", "who-owns", "recommendation", "agency", "routes", "glossary", "overdue",
                "passages", "ontology")
# Those run in a second process while the others run in the first: at 1,000 reports about 17 s
# of the engine's CPU each way (passages 11.7 s; agency and recommendation 8.4 s each).
BESIDE = ("passages", "who-owns", "overdue", "glossary", "routes", "bodies", "reports")


@dataclass
class Record:
    """One row of an answer: its terms as the query gave them, and their values as text ('' when unbound)."""

    terms: tuple[Term | None, ...]
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]


@dataclass
class Answer:
    """The rows of one canned query run over the whole graph."""

    query: canned.CannedQuery
    vars: list[str]
    records: list[Record] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.query.name

    def sparql_for(self, **values: Term) -> str:
        """The query's text with these parameters bound: what gives one page's slice of the rows."""
        return self.query.bound(values)


def run_all(store, values: dict[str, dict[str, str]] | None = None, timeout: float | None = None,
            alongside: Callable[[], object] | None = None) -> dict[str, Answer]:
    """Every query of SITE_QUERIES on `store` (from oscb_graph.store.open_store), by name, with `values` by query.

    The queries of BESIDE run in a forked child while the others, then alongside(), run here
    (store.timelimit.in_two_processes): the engine answers one query on one core.
    """
    from ..store.timelimit import in_two_processes

    def run(names: list[str]) -> list[tuple[list[str], list]]:
        results = [canned.run(store, canned.get(name), (values or {}).get(name, {}), timeout) for name in names]
        return [(result.vars, result.terms) for result in results]

    def here_then_alongside() -> list[tuple[list[str], list]]:
        found = run(here)
        if alongside is not None:
            alongside()
        return found

    here = [name for name in SITE_QUERIES if name not in BESIDE]
    mine, theirs = in_two_processes(here_then_alongside, lambda: run(list(BESIDE)))
    found = dict(zip(here + list(BESIDE), mine + theirs))
    answers = {}
    text: dict[Term | None, str] = {None: ""}  # an answer of thousands of rows repeats a few thousand terms
    for name in SITE_QUERIES:
        vars, rows = found[name]
        for row in rows:
            for term in row:
                if term not in text:
                    text[term] = term.value  # type: ignore[union-attr]
        answers[name] = Answer(canned.get(name), vars, [Record(row, {var: text[t] for var, t in zip(vars, row)}) for row in rows])
    return answers


class RouteProjections(Projections):
    """The projections pictures.pathway draws from, with every route read once (it asks for one at a time)."""

    @cached_property
    def every_route(self) -> list[Route]:
        return Projections.routes(self)

    @cached_property
    def routes_by_iri(self) -> dict[str, list[Route]]:
        found: dict[str, list[Route]] = {}
        for r in self.every_route:
            found.setdefault(r.iri, []).append(r)
        return found

    def routes(self, route: str | None = None) -> list[Route]:
        return list(self.every_route if route is None else self.routes_by_iri.get(route, []))

    def read_ahead(self) -> None:
        """Every route's flows, and the names and quotes of all they name, in one query each."""
        steps = {flow for route in self.every_route for flow in route.steps}
        flows = [f for f in self.flows if f.iri in steps]
        nodes = {n for f in flows for n in (f.iri, *f.senders, *f.receivers, *f.responsible, *f.via)}
        self.nodes(nodes | {OSCB_NS + f.kind for f in flows if f.kind} | {r.iri for r in self.every_route})
        self.quotes(nodes)
