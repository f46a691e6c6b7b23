"""The graph's domain projections: each concept written once, as a query, read into typed records.

Ownership (`parts`, `recommendations`), information flows (`flows`), memberships, routes and
their steps, labels and quotes (`nodes`), and the plain links between the data's own nodes are
each one SELECT in queries/projections/. Every view is built from these records: who-owns'
summary, the networkx projections (network.py), the pictures (pictures.py), the ownership
matrix and the route listing. They run through the store interface (`store.query`), on the
compiled Oxigraph store or, for checking one engine against the other, on rdflib.

    store = open_store()
    graph = Projections(store)
    graph.parts(), graph.flows(), graph.nodes([...])
"""
from __future__ import annotations

import functools
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from types import CodeType
from typing import NamedTuple, TypeVar

from .prefixes import ID_BASE, OSCB_NS
from .store.terms import Term

R = TypeVar("R")
QUERIES = Path(__file__).resolve().parent / "queries" / "projections"
SEPARATOR = "\u001f"  # between several texts of one flow (flows.rq)
NODE_VALUES = "VALUES (?node) { (UNDEF) }"
ROUTE_VALUES = "VALUES (?route) { (UNDEF) }"


def query_text(name: str) -> str:
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


# -- Records ----------------------------------------------------------------------------------

class Node(NamedTuple):
    """What a view shows of a node: its label, oscb: kind (None outside the model), acronym, number."""

    iri: str
    label: str
    kind: str | None
    acronym: str = ""
    number: str = ""


class Part(NamedTuple):
    """One body's part in one recommendation, from the node that states it.

    `part` is the ontology's word for a responsibility's role (owner, asked of, working with),
    or "acted" / "supported" for an action, whose `status` it also gives.
    """

    report: str
    recommendation: str
    body: str
    part: str
    source: str
    status: str = ""


ROLE_ORDER = ("owner", "asked of", "working with")  # the ontology's prefLabels, in the order tables list them
ACTION_PARTS = ("acted", "supported")
STATUS_ORDER = ("done", "ongoing", "planned", "under consideration")


class Recommendation(NamedTuple):
    report: str
    iri: str
    number: str
    text: str


class Flow(NamedTuple):
    """One information flow: who passes what to whom, through what, with its kind (oscb: local name, '' if none)."""

    report: str
    iri: str
    kind: str
    senders: tuple[str, ...]
    receivers: tuple[str, ...]
    via: tuple[str, ...]
    responsible: tuple[str, ...]
    conveys: tuple[str, ...]
    trigger: tuple[str, ...]
    purpose: tuple[str, ...]
    order: int | None
    quote: str

    def pairs(self) -> list[tuple[str, str, bool]]:
        """(sender, receiver, both_ways) as the report states them, an exchange once, no self-loops.

        A party passes information to itself only when it is the flow's one sender and one
        receiver (GPs passing information to GPs), never because it is one of several
        parties that exchange. Tables, networks and pictures all read flows through this.
        """
        found = {(s, r) for s in self.senders for r in self.receivers
                 if s != r or len(self.senders) == len(self.receivers) == 1}
        pairs = []
        for s, r in sorted(found):
            both = s != r and (r, s) in found
            if not (both and s > r):
                pairs.append((s, r, both))
        return pairs

    def hops(self) -> list[tuple[str, str]]:
        """The directed hops along which the flow passes: sender -> via -> receiver, or sender -> receiver."""
        found: set[tuple[str, str]] = set()
        for s, r, both in self.pairs():
            ends = [(s, r), (r, s)] if both else [(s, r)]
            for a, b in ends:
                if self.via:
                    found |= {(a, v) for v in self.via} | {(v, b) for v in self.via}
                else:
                    found.add((a, b))
        return sorted(found)


class Membership(NamedTuple):
    report: str
    iri: str
    member: str
    forum: str
    role: str


class Route(NamedTuple):
    """A referral or escalation route and the flows that are its steps."""

    report: str
    iri: str
    label: str
    steps: tuple[str, ...]


class Link(NamedTuple):
    """A triple between two of the data's own nodes."""

    subject: str
    predicate: str
    object: str


def label_from_iri(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _split(value, separator: str = " ") -> tuple[str, ...]:
    return tuple(sorted(v for v in str(value).split(separator) if v)) if value is not None else ()


def _str(value) -> str:
    return "" if value is None else str(value)


# -- Reading ----------------------------------------------------------------------------------

def code_digest(code: CodeType) -> int:
    """A checksum of a function's bytecode and constants, nested functions' included (not their addresses)."""
    parts = [code.co_code]
    for const in code.co_consts:
        parts.append(b"%08x" % code_digest(const) if isinstance(const, CodeType) else repr(const).encode())
    return zlib.crc32(b"\0".join(parts))


KEYS: dict[str, Callable[[], str]] = {}  # each kept projection's key, for the values derived from it


def kept_records(method: Callable[[Projections], R]) -> cached_property[R]:
    """A projection's records, read once per Projections and, on a store that keeps values
    (the compiled store: OxigraphStore.remembered), once per store: a view that runs again
    unpickles the records instead of asking the engine and converting tens of thousands of rows.
    The key holds the query's text and the reading code, so that a change to either reads afresh.
    """
    name = method.__name__
    KEYS[name] = lambda: f"projection {name} {code_digest(method.__code__):08x}\n{query_text(name)}"

    def records(self: Projections) -> R:
        return remembered(self, KEYS[name](), method)

    records.__doc__ = method.__doc__
    return cached_property(records)


def derived_from(*sources: str) -> Callable[[Callable[[Projections], R]], Callable[[Projections], R]]:
    """A function of the projections worked out from the records of `sources` and kept like them:
    a summary or a view's table made from hundreds of thousands of records (at 10,000 reports) is
    quicker to read than the records. The key holds its sources' keys (or queries) and the whole
    text of its module, so that a change to it, or to anything it calls there, works it out afresh.
    """
    def decorate(make: Callable[[Projections], R]) -> Callable[[Projections], R]:
        @functools.wraps(make)
        def value(graph: Projections) -> R:
            key = "\n".join([f"derived {make.__module__}.{make.__qualname__} {module_digest(make.__module__):08x}",
                             *(KEYS[s]() if s in KEYS else query_text(s) for s in sources)])
            return remembered(graph, key, make)

        return value

    return decorate


def kept_derived(*sources: str) -> Callable[[Callable[[Projections], R]], cached_property[R]]:
    """A Projections property made by derived_from(*sources)."""
    def decorate(method: Callable[[Projections], R]) -> cached_property[R]:
        return cached_property(derived_from(*sources)(method))

    return decorate


@functools.cache
def module_digest(module: str) -> int:
    return zlib.crc32(Path(sys.modules[module].__file__ or "").read_bytes())


def remembered(graph: Projections, key: str, make: Callable[[Projections], R]) -> R:
    """make(graph), or what it gave before on this store (OxigraphStore.remembered); worked out
    each time on a store that keeps nothing."""
    keep = getattr(graph.store, "remembered", None)
    if keep is None:
        return make(graph)
    result: R = keep(key, lambda: make(graph))
    return result


class Projections:
    """The records of one store, each projection read once on first use.

    Anything with `query(sparql, timeout=..., checked_as=...)` serves: the compiled store,
    rdflib's Dataset through store.reference.RdflibStore, or a remote endpoint later.
    """

    def __init__(self, store, timeout: float | None = None):
        self.store = store
        self.timeout = timeout
        self._nodes: dict[str, Node] = {}
        self._quotes: dict[str, str] = {}

    def prepare(self) -> None:
        """Read the records that the views start from (ownership, recommendations, flows,
        memberships, and the summaries across reports), so that a store that keeps them has them
        before the first view asks."""
        _ = (self.parts, self.recommendations, self.flows, self.memberships, self.body_summary, self.part_reports,
             self.shared_recommendations, self.flow_reports)

    def rows(self, name: str, values: dict[str, list[str]] | None = None) -> Iterator[dict]:
        """The rows of projection `name` as dicts of Terms (None when unbound); `values` fills a VALUES row."""
        template = query_text(name)
        sparql = template
        for marker, iris in (values or {}).items():
            sparql = sparql.replace(marker, "VALUES %s { %s }" % (marker.split("(")[1].split(")")[0],
                                                              " ".join(Term.iri(i).n3() for i in iris)))
        result = self.store.query(sparql, timeout=self.timeout, checked_as=template)
        for row in result.terms:
            yield dict(zip(result.vars, row))

    def texts(self, name: str, columns: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        """The rows of projection `name` as tuples of the values of `columns` ('' when unbound): the
        quick way for records made of plain strings, at a few hundred thousand rows."""
        result = self.store.query(query_text(name), timeout=self.timeout)
        where = [result.vars.index(column) for column in columns]
        for row in result.terms:
            yield tuple("" if t is None else t.value for t in (row[i] for i in where))

    @kept_records
    def parts(self) -> list[Part]:
        """Sorted as the fields come: by report, recommendation, body, part, source."""
        return sorted({Part._make(t) for t in self.texts("parts", Part._fields)})

    @kept_records
    def recommendations(self) -> list[Recommendation]:
        """In report order, then by number."""
        found = {Recommendation._make(t) for t in self.texts("recommendations", ("report", "recommendation", "number", "text"))}

        def key(rec: Recommendation):
            return (rec.report, int(rec.number) if rec.number.isdigit() else 10**9, rec.number, rec.iri)

        return sorted(found, key=key)

    @kept_records
    def flows(self) -> list[Flow]:
        flows = []
        for r in self.rows("flows"):
            order = r["order"]
            flows.append(Flow(
                _str(r["report"]), str(r["flow"]), _str(r["kind"])[len(OSCB_NS):] if r["kind"] else "",
                _split(r["senders"]), _split(r["receivers"]), _split(r["vias"]), _split(r["responsibles"]),
                _split(r["conveys"], SEPARATOR), _split(r["trigger"], SEPARATOR), _split(r["purpose"], SEPARATOR),
                int(str(order)) if order is not None else None, _str(r["quote"]),
            ))
        return sorted(flows, key=lambda f: (f.report, f.iri))

    @kept_records
    def memberships(self) -> list[Membership]:
        found = {Membership._make(t) for t in self.texts("memberships", ("report", "membership", "member", "forum", "role"))}
        return sorted(found, key=lambda m: (m.report, m.iri, m.member))

    def routes(self, route: str | None = None) -> list[Route]:
        """Every route, or the one whose IRI is `route`, by report and label."""
        steps: dict[tuple[str, str, str], set[str]] = {}
        for r in self.rows("routes", {ROUTE_VALUES: [route]} if route else None):
            key = (_str(r["report"]), str(r["route"]), _str(r["label"]) or label_from_iri(str(r["route"])))
            steps.setdefault(key, set()).update([str(r["flow"])] if r["flow"] is not None else [])
        return sorted((Route(*key, tuple(sorted(s))) for key, s in steps.items()), key=lambda x: (x.report, x.label, x.iri))

    @kept_records
    def links(self) -> list[Link]:
        return sorted({Link._make(t) for t in self.texts("links", Link._fields)})

    @kept_records
    def things(self) -> dict[str, str]:
        """Every node of the data, with its oscb: kind."""
        return {node: kind for node, kind in self.texts("things", ("node", "kind")) if kind}

    def nodes(self, iris: Iterable[str]) -> dict[str, Node]:
        """Label, kind, acronym and number of each node in `iris` (read once per node), and of their kinds."""
        iris = set(iris)
        read = []
        for r in self._each_node("nodes", {i for i in iris if i not in self._nodes}):  # not iris - keys(): that copies every key
            iri = str(r["node"])
            node = self._nodes[iri] = Node(iri, _str(r["label"]) or _str(r["pref"]) or label_from_iri(iri),
                                           _str(r["kind"]) or None, _str(r["acronym"]), _str(r["number"]))
            read.append(node)
        kinds = {OSCB_NS + n.kind for n in read if n.kind and OSCB_NS + n.kind not in self._nodes}  # older nodes had theirs read then
        if kinds:  # the legend and tooltips name each kind in the ontology's words
            self.nodes(kinds)
        return {i: self._nodes[i] for i in iris if i in self._nodes}

    def quotes(self, iris: Iterable[str]) -> dict[str, str]:
        """The first quote of each node in `iris` ('' for none), read once per node."""
        iris = set(iris)
        for r in self._each_node("quotes", {i for i in iris if i not in self._quotes}):
            self._quotes[str(r["node"])] = _str(r["quote"])
        return {i: self._quotes.get(i, "") for i in iris}

    def quote(self, iri: str) -> str:
        return self.quotes([iri])[iri]

    def _each_node(self, name: str, iris: set[str]) -> Iterator[dict]:
        """The rows of a projection that takes nodes in its VALUES row, a few thousand at a time."""
        wanted = sorted(iris)
        for start in range(0, len(wanted), 5000):
            yield from self.rows(name, {NODE_VALUES: wanted[start:start + 5000]})

    def node(self, iri: str) -> Node:
        return self.nodes([iri]).get(iri) or Node(iri, label_from_iri(iri), None)

    @kept_derived("parts")
    def body_summary(self) -> list[dict]:
        """One row per body across reports: the recommendations it owns or acts on (and in how many
        reports), how many recommendations it holds in each part, and its actions by status; most
        recommendations first. who-owns' answer over several reports and the aggregate ownership
        picture are both this.
        """
        recs: dict[str, set[str]] = defaultdict(set)
        reports: dict[str, set[str]] = defaultdict(set)
        roles: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        actions: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for part in self.parts:
            recs[part.body].add(part.recommendation)
            reports[part.body].add(part.report)
            roles[part.body][part.part].add(part.recommendation)
            if part.part in ACTION_PARTS:
                actions[part.body][part.status or "status not given"].add(part.source)
        rows = []
        for body in recs:
            done = actions[body]
            order = [s for s in STATUS_ORDER if s in done] + sorted(s for s in done if s not in STATUS_ORDER)
            rows.append({
                "body": body, "recommendations": len(recs[body]), "reports": len(reports[body]),
                "roles": ", ".join(f"{role} {len(roles[body][role])}" for role in (*ROLE_ORDER, *ACTION_PARTS) if role in roles[body]),
                "actions": ", ".join(f"{s} {len(done[s])}" for s in order),
            })
        return sorted(rows, key=lambda r: (-r["recommendations"], r["body"]))

    @kept_derived("parts")
    def part_reports(self) -> list[str]:
        """The reports in which some body has a part in a recommendation."""
        return sorted({part.report for part in self.parts})

    @kept_derived("flows")
    def flow_reports(self) -> list[str]:
        """The reports that state information flows."""
        return sorted({flow.report for flow in self.flows})

    @kept_derived("parts")
    def shared_recommendations(self) -> dict[tuple[str, str], int]:
        """How many recommendations each pair of bodies (a < b) both have a part in."""
        holders: dict[str, set[str]] = defaultdict(set)
        for part in self.parts:
            holders[part.recommendation].add(part.body)
        shared: dict[tuple[str, str], int] = defaultdict(int)
        for bodies in holders.values():
            for a in bodies:
                for b in bodies:
                    if a < b:
                        shared[(a, b)] += 1
        return dict(shared)

    @cached_property
    def reports(self) -> list[str]:
        """The reports whose recommendations, flows or routes the projections hold."""
        return sorted({r.report for r in self.recommendations} | {f.report for f in self.flows})


def is_own_node(iri: str) -> bool:
    return iri.startswith(ID_BASE)


def projections_of(source) -> Projections:
    """Projections of a store, of an rdflib Dataset (wrapped in store.reference.RdflibStore), or as given."""
    from .store import Store

    if isinstance(source, Projections):
        return source
    if not isinstance(source, Store):  # an rdflib Dataset or Graph from oscb_graph.load()
        from .store.reference import RdflibStore

        source = RdflibStore(source)
    return Projections(source)
