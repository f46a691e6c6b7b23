"""The questions people ask without writing SPARQL, each answered by one canned query.

A function here takes a Store and what a person gave (a recommendation as "4" or "rec-4", a
body as "tvp" or "Thames Valley Police", dates, an age), chooses the canned query and its
parameters, and returns an Answer: the QueryResult, and how a table shows it (output.emit
cuts quotes short in a table unless `full_quotes`). The command
line (oscb_graph.commands.people) and notebooks call the same functions, so a question means
the same wherever it is asked.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import canned
from .output import REPORT_COLUMN, one_report
from .store.interface import DEFAULT_TIMEOUT
from .store.results import QueryResult

if TYPE_CHECKING:
    from .names import StoreNames
    from .store import Store

@dataclass(frozen=True)
class Answer:
    """A question's result, with the columns a table leaves out (IRIs only machines need) and
    whether a table shows its quotes whole."""

    result: QueryResult
    hide: tuple[str, ...] = ()
    full_quotes: bool = False

    def for_table(self) -> QueryResult:
        """The result without the `hide` columns, nor a report column that names one report in every row."""
        result = self.result
        if result.kind != "SELECT":
            return result
        hide = (*self.hide, REPORT_COLUMN) if one_report(result.vars, result.terms) else self.hide
        keep = [i for i, v in enumerate(result.vars) if v not in hide]
        rows = [tuple(row[i] for i in keep) for row in result.terms]
        return QueryResult.from_rows([result.vars[i] for i in keep], rows)


def ask(store: Store, name: str, values: dict[str, str | None], timeout: float | None = DEFAULT_TIMEOUT,
        hide: tuple[str, ...] = (), full_quotes: bool = False, names: StoreNames | None = None) -> Answer:
    """Canned query `name` with the given `values` (None: not given) on `store`."""
    given = {k: v for k, v in values.items() if v is not None}
    return Answer(canned.run(store, canned.get(name), given, timeout, names), hide, full_quotes)


def run(store: Store, name: str, values: dict[str, str], timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """Any canned query by name, its parameters given as `values`; a table shows every column."""
    return ask(store, name, dict(values), timeout)


def who_owns(store: Store, target: str | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """Who owns each recommendation; `target` narrows to a recommendation (4, rec-4) or a body (tvp)."""
    values: dict[str, str | None] = {}
    names = None
    if target is not None and target.strip().isdigit():
        values["number"] = target.strip()
    elif target is not None:
        from .names import StoreNames

        names = StoreNames(store)
        match = names.resolve(target)
        values["recommendation" if match.kind == "Recommendation" else "body"] = match.iri
    return ask(store, "who-owns", values, timeout, hide=("body",), names=names)


def several_reports(store: Store, timeout: float | None = DEFAULT_TIMEOUT) -> bool:
    """True when the store holds more than one report: the compiled store knows the reports it
    was built from (read when it was opened); an endpoint is asked for its report graphs."""
    from .store.oxigraph import OxigraphStore

    if isinstance(store, OxigraphStore):
        return len(store.reports) > 1
    from .store.remote import EndpointStore  # loaded already: only an endpoint is anything else here

    return isinstance(store, EndpointStore) and len(store.reports(timeout)) > 1


def who_owns_summary(store: Store, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """who-owns across reports: one row per body (Projections.body_summary), most recommendations first."""
    from .projections import Projections
    from .store.terms import Term

    graph = Projections(store, timeout)
    rows = graph.body_summary
    labels = graph.nodes(r["body"] for r in rows)
    columns = ["who", "recommendations", "reports", "roles", "actions", "body"]
    table = [(labels[r["body"]].label if r["body"] in labels else r["body"], r["recommendations"], r["reports"],
              r["roles"], r["actions"], Term.iri(r["body"])) for r in rows]
    return Answer(QueryResult.from_rows(columns, table), hide=("body",))


def agency(store: Store, name: str, number: int | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """Everything one body does, under recommendation `number` if given."""
    return ask(store, "agency", {"agency": name, "number": None if number is None else str(number)}, timeout,
               hide=("node", "agency"))


def recommendation(store: Store, recommendation: str, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """One recommendation in full, named by its number (4) or its name (rec-4)."""
    key = "number" if recommendation.strip().isdigit() else "recommendation"
    return ask(store, "recommendation", {key: recommendation}, timeout, hide=("node",))


def flows(store: Store, sender: str | None = None, receiver: str | None = None, kind: str | None = None,
          timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """Who passes what to whom, from `sender`, to `receiver`, of `kind` where given."""
    return ask(store, "flows", {"sender": sender, "receiver": receiver, "kind": kind}, timeout, hide=("flow",))


def services(store: Store, age: int, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """Services open to a young person of `age`."""
    return ask(store, "services", {"age": str(age)}, timeout, hide=("node",))


def timeline(store: Store, after: str | None = None, before: str | None = None,
             timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """What happened or is due when, between `after` and `before` (YYYY, YYYY-MM or YYYY-MM-DD) where given."""
    return ask(store, "timeline", {"after": after, "before": before}, timeout, hide=("node",))


def glossary(store: Store, term: str | None = None, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """What an acronym (or words of an expansion) stands for; the whole glossary without `term`."""
    return ask(store, "glossary", {"term": term}, timeout, hide=("entry",))


def undefined_acronyms(store: Store, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """The acronyms the report uses that its glossary does not define."""
    return ask(store, "acronyms-undefined", {}, timeout, hide=("node",))


def search(store: Store, text: str, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """Nodes with `text` in their names, texts or quotes."""
    return ask(store, "search", {"text": text}, timeout)


def cite(store: Store, name: str, timeout: float | None = DEFAULT_TIMEOUT) -> Answer:
    """The report's passages behind a node, quoted whole."""
    return ask(store, "cite", {"node": name}, timeout, hide=("about",), full_quotes=True)


def canned_listing() -> QueryResult:
    """Every canned query: its name, title and parameters, as `oscb-graph queries` lists them."""
    rows = [
        (q.name, q.title, ", ".join(f"{p.name} ({p.type}{', required' if p.required else ''})" for p in q.parameters) or "none")
        for q in canned.canned_queries().values()
    ]
    return QueryResult.from_rows(["query", "title", "parameters"], rows)
