"""networkx projections of the graph, and the network questions analysts ask of them.

Three projections of the graph's records (oscb_graph.projections), read from any store
(`open_store()`; an rdflib Dataset from `oscb_graph.load()` is wrapped in one):
- `flow_graph`: who passes information to whom. A MultiDiGraph whose edges are the hops of
  oscb:InformationFlow nodes (oscb:from -> oscb:to). A flow that goes oscb:via a system or
  meeting passes *through* it: sender -> via -> receiver, so that a system such as Niche or a
  meeting such as MARAC is a node that can be a hub or a single point of failure. Hops run only
  the way the report says; an exchange among several parties names each of them as both
  oscb:from and oscb:to (as the data does), so no direction is guessed.
- `collaboration_graph`: bodies linked by the recommendations they share (as owners, bodies
  asked, bodies worked with, agents or supporters of actions) and the forums they share (by
  oscb:Membership); the weight is how many of each they share.
- `ownership_graph`: recommendations and bodies, each edge saying owner / asked of / working
  with and how many actions the body reported under the recommendation.

Every node keeps its IRI (`iri`, also its node id), `label` and `kind` (its oscb: class); every
flow edge keeps the flow's IRI, kind, what it conveys, its trigger and its source quote.
Attributes may hold lists; `export` flattens them for GraphML and GEXF.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from .command_line import MEASURES  # the choices of `network rank --by`, declared once
from .errors import OscbError
from .names import Match
from .prefixes import PREFIXES
from .projections import ACTION_PARTS, ROLE_ORDER, Flow, Part, Projections, derived_from, projections_of

UNKNOWN_KIND = "unknown"  # a node the data names but gives no oscb: class (yet)
ORG = PREFIXES["org"]


def _add_nodes(g: nx.Graph, graph: Projections, iris: Iterable[str]) -> None:
    """Each node once, with its IRI, label and kind from the nodes projection."""
    new = [i for i in iris if i not in g]
    for iri, node in sorted(graph.nodes(new).items()):
        g.add_node(iri, iri=iri, label=node.label, kind=node.kind or UNKNOWN_KIND)


# -- The information-flow digraph -------------------------------------------------------

def flow_attributes(flow: Flow, labels: dict[str, str]) -> dict:
    """What a flow edge carries: the flow's IRI, kind, what it conveys, trigger, purpose, channels, quote."""
    return {
        "flow": flow.iri, "flow_kind": labels.get(flow.kind, flow.kind.lower()),
        "conveys": "; ".join(flow.conveys), "trigger": "; ".join(flow.trigger), "purpose": "; ".join(flow.purpose),
        "via": list(flow.via), "quote": flow.quote,
    }


def flow_kind_words(graph: Projections) -> dict[str, str]:
    """oscb: flow kinds (Referral) -> the ontology's word for them (referral)."""
    kinds = sorted({f.kind for f in graph.flows if f.kind})
    found = graph.nodes(PREFIXES["oscb"] + k for k in kinds)
    return {k: found[PREFIXES["oscb"] + k].label for k in kinds if PREFIXES["oscb"] + k in found}


def flow_graph(source) -> nx.MultiDiGraph:
    """Agencies, systems and meetings, with one edge per hop of each information flow (key: the flow's IRI)."""
    graph = projections_of(source)
    g = nx.MultiDiGraph(name="information flows")
    flows = graph.flows
    _add_nodes(g, graph, {n for f in flows for n in (*f.senders, *f.via, *f.receivers)})
    words = flow_kind_words(graph)
    for flow in flows:
        attrs = flow_attributes(flow, words)
        for u, v in flow.hops():
            if u != v:
                g.add_edge(u, v, key=flow.iri, **attrs)
    return g


def flow_parties(graph: Projections) -> set[str]:
    """IRIs of every node named as sender, receiver, channel or responsible body of a flow."""
    return {n for f in graph.flows for n in (*f.senders, *f.receivers, *f.via, *f.responsible)}


# -- Recommendations and the bodies that hold or act on them ----------------------------

def describe_parts(parts: Iterable[str]) -> str:
    """'owner; acted (3)': roles in a fixed order, then counted actions; '' for none."""
    given = list(parts)  # a handful each, for every cell of the matrix: a Counter costs more than counting
    words = [role for role in ROLE_ORDER if role in given]
    words += [f"{what} ({n})" for what in ACTION_PARTS if (n := given.count(what))]
    return "; ".join(words)


def parts_by_pair(parts: Iterable[Part]) -> dict[tuple[str, str], list[Part]]:
    """The parts grouped by (recommendation, body)."""
    found: dict[tuple[str, str], list[Part]] = {}
    for part in parts:
        found.setdefault((part.recommendation, part.body), []).append(part)
    return found


def ownership_graph(source) -> nx.Graph:
    """Bipartite: recommendation nodes and body nodes; an edge per body with any part in a recommendation."""
    graph = projections_of(source)
    g = nx.Graph(name="ownership")
    by_pair = parts_by_pair(graph.parts)
    _add_nodes(g, graph, [r.iri for r in graph.recommendations] + sorted({b for _, b in by_pair}))
    for (rec, body), parts in sorted(by_pair.items()):
        words = [p.part for p in parts]
        g.add_edge(rec, body, roles=[r for r in ROLE_ORDER if r in words], actions=words.count("acted"),
                   supported=words.count("supported"), relation=describe_parts(words))
    return g


def ownership_matrix(source) -> tuple[list[str], list[list[str]]]:
    """The recommendation-by-body table: header, then one row per recommendation.

    Columns are the bodies, those with a part in most recommendations first; a cell says the
    body's part ('owner', 'asked of', 'working with', 'acted (3)', 'supported (1)'), '' for none.
    With several reports, each row names its report first.
    """
    return matrix_of(projections_of(source))


@derived_from("parts", "recommendations", "nodes")
def matrix_of(graph: Projections) -> tuple[list[str], list[list[str]]]:
    by_pair = parts_by_pair(graph.parts)
    recs = graph.recommendations
    reach = Counter(body for _, body in by_pair)
    labels = {iri: n.label for iri, n in graph.nodes(reach).items()}
    bodies = sorted(reach, key=lambda b: (-reach[b], (labels.get(b) or b).casefold()))
    several = len({r.report for r in recs}) > 1
    header = (["Report"] if several else []) + ["Recommendation", "Text"] + [labels.get(b, b) for b in bodies]
    column = {body: i for i, body in enumerate(bodies)}
    cells: dict[str, list[str]] = {}  # recommendation -> its row's cells, filled where a body has a part
    for (rec_iri, body), parts in by_pair.items():
        cells.setdefault(rec_iri, [""] * len(bodies))[column[body]] = describe_parts(p.part for p in parts)
    rows = [([rec.report] if several else []) + [rec.number or rec.iri, rec.text] + cells.get(rec.iri, [""] * len(bodies))
            for rec in recs]
    return header, rows


# -- The collaboration graph ------------------------------------------------------------

def _link(g: nx.Graph, a: str, b: str, attribute: str, value: str) -> None:
    if not g.has_edge(a, b):
        g.add_edge(a, b, recommendations=[], forums=[], weight=0)
    g.edges[a, b][attribute].append(value)
    g.edges[a, b]["weight"] += 1


def collaboration_graph(source) -> nx.Graph:
    """Bodies linked by shared recommendations and shared forums, weighted by how many they share."""
    graph = projections_of(source)
    g = nx.Graph(name="collaboration")
    groups: dict[tuple[str, str], set[str]] = {}  # ("recommendations"|"forums", what is shared) -> bodies
    numbers = {r.iri: r.number or r.iri for r in graph.recommendations}
    several = len({r.report for r in graph.recommendations}) > 1
    for part in graph.parts:
        number = numbers.get(part.recommendation, part.recommendation)
        groups.setdefault(("recommendations", f"{part.report} {number}" if several else number), set()).add(part.body)
    forum_labels = {iri: n.label for iri, n in graph.nodes({m.forum for m in graph.memberships}).items()}
    for membership in graph.memberships:
        groups.setdefault(("forums", forum_labels.get(membership.forum, membership.forum)), set()).add(membership.member)
    _add_nodes(g, graph, sorted({b for bodies in groups.values() for b in bodies}))
    for (attribute, value), bodies in sorted(groups.items()):
        for a, b in combinations(sorted(bodies), 2):
            _link(g, a, b, attribute, value)
    return g


# -- Analysis ---------------------------------------------------------------------------

def _simple(g: nx.Graph) -> nx.Graph:
    """The graph without parallel edges: one edge per pair of nodes that have any."""
    return nx.DiGraph(g) if g.is_directed() else nx.Graph(g)


def _node_fields(g: nx.Graph, node: str) -> dict:
    return {"node": node, "label": g.nodes[node]["label"], "kind": g.nodes[node]["kind"]}




def rank(g: nx.Graph, by: str = "degree", kinds: Iterable[str] | None = None) -> list[dict]:
    """Nodes ranked as hubs, best first.

    degree: how many other nodes a node exchanges with (either way, each counted once);
    betweenness: the share of shortest routes between other nodes that pass through it.
    Each row also gives in/out partners and the number of flows (directed graphs) or the
    summed link weight (undirected ones); ties go to the node with more flows or weight.
    """
    if by not in MEASURES:
        raise ValueError(f"unknown measure {by!r}: use one of {', '.join(MEASURES)}")
    simple = _simple(g)
    undirected = simple.to_undirected(as_view=True) if simple.is_directed() else simple
    betweenness = nx.betweenness_centrality(simple)
    wanted = set(kinds) if kinds else None
    rows = []
    for node in simple:
        if wanted and g.nodes[node]["kind"] not in wanted:
            continue
        row = _node_fields(g, node) | {"degree": undirected.degree(node)}
        if simple.is_directed():
            row |= {"in": simple.in_degree(node), "out": simple.out_degree(node),
                    "flows": len({k for *_, k in g.edges(node, keys=True)} | {k for *_, k in g.in_edges(node, keys=True)})}
        else:
            row |= {"weight": g.degree(node, weight="weight")}
        row["betweenness"] = round(betweenness[node], 4)
        rows.append(row)
    volume = "flows" if simple.is_directed() else "weight"
    rows.sort(key=lambda r: (-r[by], -r[volume], -r["degree"], -r["betweenness"], r["label"].casefold()))
    return rows


@dataclass(frozen=True)
class Hop:
    """One step of a route: the flows (edge attribute dicts, key included) that carry information from `sender` to `receiver`."""

    sender: str
    receiver: str
    flows: list[dict]


class NoRoute(OscbError):
    """The report describes no way for information to pass between the two nodes; the message says why (exit 1)."""

    exit_code = 1


def route(g: nx.MultiDiGraph, source: str, target: str) -> list[Hop]:
    """The shortest chain of flows by which information can pass from `source` to `target`.

    Raises NoRoute (with a one-line reason) when either node takes part in no flow or no
    directed chain of flows joins them.
    """
    for node in (source, target):
        if node not in g:
            raise NoRoute(f"no route in the report: {node} takes part in no information flow")
    try:
        nodes = nx.shortest_path(g, source, target)
    except nx.NetworkXNoPath:
        back = " (information can pass the other way)" if nx.has_path(g, target, source) else ""
        raise NoRoute(f"no route in the report by which information passes from {g.nodes[source]['label']} "
                      f"to {g.nodes[target]['label']}{back}") from None
    return [
        Hop(u, v, [dict(data, key=key) for key, data in sorted(g.get_edge_data(u, v).items())])
        for u, v in zip(nodes, nodes[1:])
    ]


def route_between(g: nx.MultiDiGraph, start: Match, end: Match) -> list[Hop]:
    """route() between two nodes that names resolved to; NoRoute names a node outside every flow by its label."""
    for match in (start, end):
        if match.iri not in g:
            raise NoRoute(f"no route in the report: {match.label} takes part in no information flow")
    return route(g, start.iri, end.iri)


def route_summary(g: nx.MultiDiGraph, hops: list[Hop]) -> str:
    """'A -> B -> C (2 hops)'."""
    labels = [g.nodes[hops[0].sender]["label"]] + [g.nodes[h.receiver]["label"] for h in hops]
    return f"{' -> '.join(labels)} ({len(hops)} hop{'s' if len(hops) > 1 else ''})"


ROUTE_COLUMNS = ["step", "from", "to", "flow_kind", "conveys", "quote", "node"]


def route_rows(g: nx.MultiDiGraph, hops: list[Hop]) -> list[dict]:
    """One row per flow of each hop (ROUTE_COLUMNS), each with the quote that states it."""
    return [
        {"step": step, "from": g.nodes[hop.sender]["label"], "to": g.nodes[hop.receiver]["label"],
         "flow_kind": flow["flow_kind"], "conveys": flow["conveys"], "quote": flow["quote"], "node": flow["flow"]}
        for step, hop in enumerate(hops, 1) for flow in hop.flows
    ]


def gaps(source) -> list[dict]:
    """Bodies that act on a recommendation (agents of oscb:Action) but take part in no information flow.

    A body takes part if it, or a unit or post within it (org:unitOf / org:postIn, at any depth),
    is a sender, receiver, channel or responsible body of a flow.
    """
    graph = projections_of(source)
    parties = flow_parties(graph)
    within: dict[str, set[str]] = {}
    for link in graph.links:
        if link.predicate in (ORG + "unitOf", ORG + "postIn"):
            within.setdefault(link.object, set()).add(link.subject)

    def takes_part(body: str, seen: frozenset = frozenset()) -> bool:
        return body in parties or any(takes_part(p, seen | {body}) for p in within.get(body, ()) if p not in seen)

    acted: dict[str, list[Part]] = {}
    for part in graph.parts:
        if part.part == "acted" and not takes_part(part.body):
            acted.setdefault(part.body, []).append(part)
    numbers = {r.iri: r.number or r.iri for r in graph.recommendations}
    nodes = graph.nodes(acted)
    rows: list[dict[str, Any]] = []
    for body, parts in acted.items():
        node = nodes.get(body)
        rows.append({"node": body, "label": node.label if node else body, "kind": (node and node.kind) or UNKNOWN_KIND,
                     "actions": len({p.source for p in parts}),
                     "recommendation_numbers": ", ".join(sorted({numbers.get(p.recommendation, p.recommendation) for p in parts}))})
    rows.sort(key=lambda r: (-r["actions"], r["label"].casefold()))
    return rows


def articulation_points(g: nx.Graph) -> list[dict]:
    """Nodes whose loss would split the network (undirected view): each with the nodes it would cut off.

    `cut_off` lists the labels of every node that would no longer be joined to the largest
    remaining part of the articulation point's component.
    """
    undirected = nx.Graph(g.to_undirected(as_view=True))
    rows = []
    for node in nx.articulation_points(undirected):
        component = nx.node_connected_component(undirected, node) - {node}
        pieces = sorted(nx.connected_components(undirected.subgraph(component)), key=lambda c: (-len(c), sorted(c)))
        cut = sorted((g.nodes[n]["label"] for piece in pieces[1:] for n in piece), key=str.casefold)
        rows.append(_node_fields(g, node) | {"pieces": len(pieces), "cut_off": len(cut), "cut_off_nodes": "; ".join(cut)})
    rows.sort(key=lambda r: (-r["cut_off"], r["label"].casefold()))
    return rows


def components(g: nx.Graph) -> list[dict]:
    """Connected parts of the network (ignoring direction), largest first."""
    undirected = g.to_undirected(as_view=True)
    parts = sorted(nx.connected_components(undirected), key=lambda c: (-len(c), sorted(c)))
    return [
        {"component": i, "size": len(part), "members": "; ".join(sorted((g.nodes[n]["label"] for n in part), key=str.casefold))}
        for i, part in enumerate(parts, start=1)
    ]


PROJECTIONS = {"flow": flow_graph, "collaboration": collaboration_graph, "ownership": ownership_graph}
