"""networkx projections of the graph, and the network questions analysts ask of them.

Three projections of an rdflib graph from `oscb_graph.load()`:
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

Every node keeps its IRI (`iri`, also its node id), `label` and `kind` (kinds.kind_of); every
flow edge keeps the flow's IRI, kind, what it conveys, its trigger and its source quote.
Attributes may hold lists; `export` flattens them for GraphML and GEXF.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from .errors import OscbError
from .kinds import kind_of
from .namespaces import OA, ORG, OSCB

UNKNOWN_KIND = "unknown"  # a node the data names but gives no oscb: class (yet)

# Parts a body can have in a recommendation, in the words the ownership matrix prints.
ROLE_WORDS = {OSCB.Owner: "owner", OSCB.AskedOf: "asked", OSCB.WorkingWith: "working with"}
ROLE_ORDER = list(ROLE_WORDS.values())


# -- Reading nodes ----------------------------------------------------------------------

def _sorted_objects(graph: Graph, subject: Node, predicate: URIRef) -> list[Node]:
    """Objects without the duplicates a Dataset's union can give, in a stable order."""
    return sorted(set(graph.objects(subject, predicate)), key=str)


def label_of(graph: Graph, node: Node) -> str:
    """rdfs:label, else skos:prefLabel, else the last segment of the IRI."""
    for predicate in (RDFS.label, SKOS.prefLabel):
        labels = _sorted_objects(graph, node, predicate)
        if labels:
            return str(labels[0])
    return str(node).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def quote_of(graph: Graph, node: Node) -> str:
    """The verbatim quote of the node's first source passage; '' when it has none."""
    quotes = sorted(str(q) for passage in set(graph.objects(node, OSCB.evidence)) for q in graph.objects(passage, OA.exact))
    return quotes[0] if quotes else ""


def _text(graph: Graph, node: Node, predicate: URIRef) -> str:
    """A literal property as one string ('; ' between several), '' when absent."""
    return "; ".join(str(o) for o in _sorted_objects(graph, node, predicate))


def _add_node(g: nx.Graph, graph: Graph, node: Node) -> str:
    key = str(node)
    if key not in g:
        g.add_node(key, iri=key, label=label_of(graph, node), kind=kind_of(graph, node) or UNKNOWN_KIND)
    return key


# -- The information-flow digraph -------------------------------------------------------

def _hops(senders: list[Node], vias: list[Node], receivers: list[Node]) -> Iterator[tuple[Node, Node]]:
    """(u, v) pairs a flow passes along: sender -> via -> receiver, or sender -> receiver."""
    if vias:
        for via in vias:
            yield from ((s, via) for s in senders)
            yield from ((via, r) for r in receivers)
    else:
        yield from ((s, r) for s in senders for r in receivers)


def flow_graph(graph: Graph) -> nx.MultiDiGraph:
    """Agencies, systems and meetings, with one edge per hop of each information flow (key: the flow's IRI)."""
    g = nx.MultiDiGraph(name="information flows")
    for flow in sorted(set(graph.subjects(RDF.type, OSCB.InformationFlow)), key=str):
        senders = _sorted_objects(graph, flow, OSCB["from"])
        vias = _sorted_objects(graph, flow, OSCB.via)
        receivers = _sorted_objects(graph, flow, OSCB.to)
        flow_kind = _sorted_objects(graph, flow, OSCB.flowKind)
        attrs = {
            "flow": str(flow),
            "flow_label": label_of(graph, flow),
            "flow_kind": label_of(graph, flow_kind[0]) if flow_kind else "",
            "conveys": _text(graph, flow, OSCB.conveys),
            "trigger": _text(graph, flow, OSCB.trigger),
            "purpose": _text(graph, flow, OSCB.purpose),
            "via": [label_of(graph, v) for v in vias],
            "quote": quote_of(graph, flow),
        }
        for node in (*senders, *vias, *receivers):  # a party with no hop (no sender given) still takes part
            _add_node(g, graph, node)
        pairs = set(_hops(senders, vias, receivers))
        for u, v in sorted(pairs, key=lambda p: (str(p[0]), str(p[1]))):
            if u != v:
                g.add_edge(str(u), str(v), key=str(flow), **attrs)
    return g


def flow_parties(graph: Graph) -> set[str]:
    """IRIs of every node named as sender, receiver, channel or responsible body of a flow."""
    predicates = (OSCB["from"], OSCB.to, OSCB.via, OSCB.responsible)
    return {str(o) for flow in graph.subjects(RDF.type, OSCB.InformationFlow) for p in predicates for o in graph.objects(flow, p)}


# -- Recommendations and the bodies that hold or act on them ----------------------------

@dataclass(frozen=True)
class Part:
    """One body's part in one recommendation: a role from a Responsibility, or an action it reported or supported."""

    recommendation: str
    body: str
    part: str  # "owner", "asked", "working with", "acted" or "supported"
    source: str  # the Responsibility or Action node


def _recommendation_of(graph: Graph, node: Node) -> Node | None:
    """The recommendation a node belongs to; a recommendation point counts as its recommendation."""
    for target in _sorted_objects(graph, node, OSCB.recommendation):
        parents = sorted(set(graph.subjects(OSCB.point, target)), key=str)
        return parents[0] if parents else target
    return None


def recommendation_parts(graph: Graph) -> list[Part]:
    """Every (recommendation, body, part) the data states, from responsibilities and actions."""
    parts = []
    for resp in set(graph.subjects(RDF.type, OSCB.Responsibility)):
        rec = _recommendation_of(graph, resp)
        for body in graph.objects(resp, OSCB.body):
            for role in graph.objects(resp, OSCB.role):
                if rec is not None and role in ROLE_WORDS:
                    parts.append(Part(str(rec), str(body), ROLE_WORDS[role], str(resp)))
    for action in set(graph.subjects(RDF.type, OSCB.Action)):
        rec = _recommendation_of(graph, action)
        if rec is None:
            continue
        parts += [Part(str(rec), str(a), "acted", str(action)) for a in set(graph.objects(action, PROV.wasAssociatedWith))]
        parts += [Part(str(rec), str(s), "supported", str(action)) for s in set(graph.objects(action, OSCB.supportedBy))]
    return sorted(set(parts), key=lambda p: (p.recommendation, p.body, p.part, p.source))


def recommendations(graph: Graph) -> list[Node]:
    """Recommendations in the order of their numbers."""
    def number(rec: Node) -> tuple[int, str]:
        numbers = _sorted_objects(graph, rec, OSCB.number)
        return (int(numbers[0]) if numbers else 10**9, str(rec))

    return sorted(set(graph.subjects(RDF.type, OSCB.Recommendation)), key=number)


def describe_parts(parts: Iterable[str]) -> str:
    """'owner; acted (3)': roles in a fixed order, then counted actions; '' for none."""
    counts = Counter(parts)
    words = [role for role in ROLE_ORDER if counts[role]]
    words += [f"{what} ({counts[what]})" for what in ("acted", "supported") if counts[what]]
    return "; ".join(words)


def ownership_graph(graph: Graph) -> nx.Graph:
    """Bipartite: recommendation nodes and body nodes; an edge per body with any part in a recommendation."""
    g = nx.Graph(name="ownership")
    for rec in recommendations(graph):
        _add_node(g, graph, rec)
    by_pair: dict[tuple[str, str], list[Part]] = {}
    for part in recommendation_parts(graph):
        by_pair.setdefault((part.recommendation, part.body), []).append(part)
    for (rec, body), parts in sorted(by_pair.items()):
        _add_node(g, graph, URIRef(rec))
        _add_node(g, graph, URIRef(body))
        words = [p.part for p in parts]
        g.add_edge(rec, body, roles=[r for r in ROLE_ORDER if r in words], actions=words.count("acted"),
                   supported=words.count("supported"), relation=describe_parts(words))
    return g


def ownership_matrix(graph: Graph) -> tuple[list[str], list[list[str]]]:
    """The recommendation-by-body table: header, then one row per recommendation.

    Columns are the bodies, those with a part in most recommendations first; a cell says the
    body's part ('owner', 'asked', 'working with', 'acted (3)', 'supported (1)'), '' for none.
    """
    g = ownership_graph(graph)
    recs = [str(r) for r in recommendations(graph)]
    bodies = sorted((n for n in g if n not in recs), key=lambda b: (-g.degree(b), g.nodes[b]["label"].casefold()))
    header = ["Recommendation", "Text"] + [g.nodes[b]["label"] for b in bodies]
    rows = []
    for rec in recs:
        cells = [g.edges[rec, b]["relation"] if g.has_edge(rec, b) else "" for b in bodies]
        rows.append([_recommendation_number(graph, URIRef(rec)), _text(graph, URIRef(rec), OSCB.text)] + cells)
    return header, rows


# -- The collaboration graph ------------------------------------------------------------

def _link(g: nx.Graph, a: str, b: str, attribute: str, value: str) -> None:
    if not g.has_edge(a, b):
        g.add_edge(a, b, recommendations=[], forums=[], weight=0)
    g.edges[a, b][attribute].append(value)
    g.edges[a, b]["weight"] += 1


def collaboration_graph(graph: Graph) -> nx.Graph:
    """Bodies linked by shared recommendations and shared forums, weighted by how many they share."""
    g = nx.Graph(name="collaboration")
    groups: dict[tuple[str, str], set[str]] = {}  # ("recommendations"|"forums", what is shared) -> bodies
    for part in recommendation_parts(graph):
        number = _recommendation_number(graph, URIRef(part.recommendation))
        groups.setdefault(("recommendations", number), set()).add(part.body)
    for membership in set(graph.subjects(RDF.type, OSCB.Membership)):
        for forum in graph.objects(membership, ORG.organization):
            members = {str(m) for m in graph.objects(membership, ORG.member)}
            groups.setdefault(("forums", label_of(graph, forum)), set()).update(members)
    for (attribute, value), bodies in sorted(groups.items()):
        for body in sorted(bodies):
            _add_node(g, graph, URIRef(body))
        for a, b in combinations(sorted(bodies), 2):
            _link(g, a, b, attribute, value)
    return g


# -- Analysis ---------------------------------------------------------------------------

def _simple(g: nx.Graph) -> nx.Graph:
    """The graph without parallel edges: one edge per pair of nodes that have any."""
    return nx.DiGraph(g) if g.is_directed() else nx.Graph(g)


def _node_fields(g: nx.Graph, node: str) -> dict:
    return {"node": node, "label": g.nodes[node]["label"], "kind": g.nodes[node]["kind"]}


MEASURES = ("degree", "betweenness")


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


def gaps(graph: Graph) -> list[dict]:
    """Bodies that act on a recommendation (agents of oscb:Action) but take part in no information flow.

    A body takes part if it, or a unit or post within it (org:unitOf / org:postIn, at any depth),
    is a sender, receiver, channel or responsible body of a flow.
    """
    parties = flow_parties(graph)
    within: dict[str, set[str]] = {}
    for predicate in (ORG.unitOf, ORG.postIn):
        for part, whole in graph.subject_objects(predicate):
            within.setdefault(str(whole), set()).add(str(part))

    def takes_part(body: str, seen: frozenset = frozenset()) -> bool:
        return body in parties or any(takes_part(p, seen | {body}) for p in within.get(body, ()) if p not in seen)

    acted: dict[str, list[Part]] = {}
    for part in recommendation_parts(graph):
        if part.part == "acted":
            acted.setdefault(part.body, []).append(part)
    rows = []
    for body, parts in acted.items():
        if takes_part(body):
            continue
        node = URIRef(body)
        numbers = sorted({_recommendation_number(graph, URIRef(p.recommendation)) for p in parts})
        rows.append({"node": body, "label": label_of(graph, node), "kind": kind_of(graph, node) or UNKNOWN_KIND,
                     "actions": len({p.source for p in parts}), "recommendation_numbers": ", ".join(numbers)})
    rows.sort(key=lambda r: (-r["actions"], r["label"].casefold()))
    return rows


def _recommendation_number(graph: Graph, rec: Node) -> str:
    numbers = _sorted_objects(graph, rec, OSCB.number)
    return str(numbers[0]) if numbers else label_of(graph, rec)


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
