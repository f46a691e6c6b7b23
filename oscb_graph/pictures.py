"""The pictures: who owns what, who tells whom, one route, one body's surroundings, everything.

Each view is a function of the rdflib graph that `oscb_graph.load()` gives and returns a pyvis
Network. Nodes that only relate others (a responsibility, a membership, an information flow,
an oversight, a funding, a commission) are drawn as edges between the bodies they relate, with
their label and source quote in the edge's tooltip. Tooltips are plain text (vis-network shows
a title as text). `render` writes a Network as a self-contained page, `diagram_text` as Mermaid
or Graphviz text, and `display` shows it in a notebook.
"""
from __future__ import annotations

import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from pyvis.network import Network
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV
from rdflib.term import Node

from .kinds import OSCB_NS, kind_of
from .namespaces import ID_BASE, ORG, OSCB
from .network import label_of as network_label
from .network import quote_of
from .picture_style import EDGE_STYLES, node_style
from .render import display  # noqa: F401  (the notebook helper belongs with the views)
from .wording import not_stated

NOT_STATED = ID_BASE + "picture/sender-not-stated/"  # stand-ins, one per flow that names no sender
ORGANISATION_KINDS = (
    "Agency", "Service", "Team", "Directorate", "Post", "StaffGroup", "BodyGroup", "Board", "Partnership",
    "WorkingGroup", "Hub", "Panel", "Conference", "Meeting", "Arrangement",
)
QUOTE_CHARS = 320
_ON_DARK = {"color": "#ffffff", "strokeWidth": 0, "size": 16}  # label font inside a coloured box

_FONT = "DejaVu Sans, Arial, sans-serif"
_COMMON_OPTIONS = {
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": {"enabled": True, "bindToWindow": False}},
    "nodes": {"font": {"size": 15, "face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff"}, "borderWidth": 1},
    "edges": {
        "font": {"size": 12, "face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"},
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
    },
}
BIG_PICTURE = 100  # nodes; above this, a tighter layout and larger names for the hubs


def force_options(node_count: int) -> dict:
    """Physics that settles (then the page turns it off), with nodes and names sized by degree.

    Small pictures spread out so that every name can be read; big ones pull together and give
    the hubs names large enough to read when the whole picture fits the screen.
    """
    big = node_count > BIG_PICTURE
    return {
        **_COMMON_OPTIONS,
        "layout": {"randomSeed": 7, "improvedLayout": not big},  # the same picture from the same data
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60 if big else -90, "centralGravity": 0.03 if big else 0.01,
                                 "springLength": 70 if big else 140, "springConstant": 0.05, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 500 if big else 1000, "updateInterval": 50, "fit": True},
            "minVelocity": 0.75,
        },
        "nodes": {**_COMMON_OPTIONS["nodes"],
                  "scaling": {"min": 8, "max": 42 if big else 30,
                              "label": {"enabled": True, "min": 14, "max": 56 if big else 24, "drawThreshold": 6}}},
        "edges": {**_COMMON_OPTIONS["edges"], "smooth": {"enabled": True, "type": "dynamic"}},
    }


HIERARCHICAL_OPTIONS = {
    **_COMMON_OPTIONS,
    "layout": {"hierarchical": {"enabled": True, "direction": "LR", "levelSeparation": 260, "nodeSpacing": 150,
                                "treeSpacing": 160, "sortMethod": "directed"}},
    "physics": {"enabled": False},
    "edges": {**_COMMON_OPTIONS["edges"],
              "smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.5}},
}


# -- Words for nodes ------------------------------------------------------------------------

def unstated_sender(flow: Node) -> URIRef:
    """A stand-in for the sender of a flow the report names none for (one per flow, not a false hub)."""
    return URIRef(NOT_STATED + str(flow).rsplit("/", 1)[-1])


def is_unstated(node: Node) -> bool:
    return str(node).startswith(NOT_STATED)


def label_of(graph: Graph, node: Node) -> str:
    """The node's label (see network.label_of); words for the stand-in of an unnamed sender."""
    return not_stated("sender") if is_unstated(node) else network_label(graph, node)


def kind_label(graph: Graph, kind: str | None) -> str:
    """The ontology's name for a kind ('Group of bodies'), for legends and tooltips."""
    if kind is None:
        return "not typed in the data"
    return str(graph.value(URIRef(OSCB_NS + kind), RDFS.label) or kind)


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, without the stray markup (</u>) the report text keeps."""
    text = " ".join(re.sub(r"</?[a-zA-Z][^<>]*>", "", text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def wrap(text: str, width: int = 22, lines: int = 3) -> str:
    """Break a label into at most `lines` short lines, so that nodes stay small on screen."""
    parts = textwrap.wrap(text, width) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = shorten(parts[-1] + " …", width)
    return "\n".join(parts)


def tooltip(graph: Graph, node: Node, details: Iterable[str] = ()) -> str:
    """Plain text: label, kind, any details, then the source quote."""
    kind = kind_of(graph, node)
    lines = [label_of(graph, node), f"[{kind_label(graph, kind)}]", *details]
    if is_unstated(node):
        lines.append("The report does not say who passes this information on.")
    quote = quote_of(graph, node)
    if quote:
        lines.append(f"“{shorten(quote, QUOTE_CHARS)}”")
    return "\n".join(lines)


def shown_label(graph: Graph, node: Node, kind: str | None) -> str:
    """What the node says on screen: short forms for recommendations and long names."""
    number = graph.value(node, OSCB.number)
    if kind == "Recommendation" and number is not None:
        return f"Recommendation {number}"
    label = label_of(graph, node)
    acronym = graph.value(node, OSCB.acronym)
    if acronym is not None and len(label) > 30:
        return str(acronym)
    return wrap(label)


# -- Relations to draw ----------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    """One edge to draw: its ends, the words on it, its style (a key of EDGE_STYLES) and tooltip."""

    source: Node
    target: Node
    label: str
    style: str
    title: str
    both_ways: bool = False  # an exchange: the parties pass information to each other


@dataclass(frozen=True)
class Relating:
    """A kind of node that relates others, drawn as edges from its source ends to its target ends.

    `describe` gives the edge's words, its style, and whether to draw it target to source.
    """

    source: URIRef
    target: URIRef
    describe: Callable[[Graph, Node], tuple[str, str, bool]]
    unstated_source: Callable[[Node], Node] | None = None  # a stand-in where the data names no source


def _pref(graph: Graph, concept: Node | None, default: str) -> str:
    return str(graph.value(concept, SKOS.prefLabel) or default) if concept is not None else default


def _local(iri: Node | None) -> str:
    return str(iri).rsplit("#", 1)[-1] if iri is not None else ""


_ROLES = {"Owner": ("owns", "owner", False), "AskedOf": ("asks", "asked-of", True),
          "WorkingWith": ("to work with", "working-with", True)}


def _responsibility(graph: Graph, node: Node) -> tuple[str, str, bool]:
    return _ROLES.get(_local(graph.value(node, OSCB.role)), ("has a part in", "relation", False))


def _membership(graph: Graph, node: Node) -> tuple[str, str, bool]:
    return _pref(graph, graph.value(node, ORG.role), "member"), "membership", False


def _flow(graph: Graph, node: Node, lines: int = 2) -> tuple[str, str, bool]:
    """Kind of flow, what it conveys (in up to `lines` lines) and through what; its edge style."""
    kind = graph.value(node, OSCB.flowKind)
    words = [_pref(graph, kind, "information")]
    conveys = graph.value(node, OSCB.conveys)
    if conveys is not None:
        words.append(wrap(shorten(str(conveys), 30 * lines), 30, lines))
    receivers = set(graph.objects(node, OSCB.to))
    via = sorted(label_of(graph, v) for v in graph.objects(node, OSCB.via) if v not in receivers)
    if via:
        words.append("via " + shorten(", ".join(via), 30))
    style = _local(kind) if _local(kind) in EDGE_STYLES else "flow"
    return "\n".join(words), style, False


def _oversight(graph: Graph, node: Node) -> tuple[str, str, bool]:
    return str(graph.value(node, OSCB.oversightKind) or "oversees"), "oversight", False


RELATING: dict[URIRef, Relating] = {
    OSCB.Responsibility: Relating(OSCB.body, OSCB.recommendation, _responsibility),
    OSCB.Membership: Relating(ORG.member, ORG.organization, _membership),
    OSCB.InformationFlow: Relating(OSCB["from"], OSCB.to, _flow, unstated_source=lambda flow: unstated_sender(flow)),
    OSCB.Oversight: Relating(OSCB.overseer, OSCB.overseen, _oversight),
    OSCB.Funding: Relating(OSCB.funder, OSCB.funded, lambda g, n: ("funds", "money", False)),
    OSCB.Commission: Relating(OSCB.commissioner, OSCB.commissioned, lambda g, n: ("commissions", "money", False)),
}
HIDDEN_KINDS = {"Passage", "Route", *(_local(c) for c in RELATING)}


def instances(graph: Graph, cls: URIRef) -> list[Node]:
    return sorted(set(graph.subjects(RDF.type, cls)))


def _details(graph: Graph, node: Node) -> list[str]:
    """The words of a relating node beside its label: what a flow carries, on what trigger, why."""
    found = []
    for prop, name in ((OSCB.conveys, "conveys"), (OSCB.trigger, "trigger"), (OSCB.purpose, "purpose")):
        value = graph.value(node, prop)
        if value is not None:
            found.append(f"{name}: {shorten(str(value), 200)}")
    via = sorted(label_of(graph, v) for v in graph.objects(node, OSCB.via))
    if via:
        found.append("via: " + ", ".join(via))
    return found


def relating_links(graph: Graph, classes: Iterable[URIRef] = RELATING) -> Iterator[Link]:
    """An edge for each source and target end of every node of the given relating classes."""
    for cls in classes:
        spec = RELATING[cls]
        for node in instances(graph, cls):
            label, style, reverse = spec.describe(graph, node)
            title = tooltip(graph, node, _details(graph, node))
            sources = sorted(set(graph.objects(node, spec.source)))
            if not sources and spec.unstated_source is not None:
                sources = [spec.unstated_source(node)]
            targets = sorted(set(graph.objects(node, spec.target)))
            for source, target, both_ways in pairs(sources, targets):
                ends = (target, source) if reverse else (source, target)
                yield Link(*ends, label, style, title, both_ways)


def pairs(sources: list[Node], targets: list[Node]) -> Iterator[tuple[Node, Node, bool]]:
    """Each source with each target; a pair given both ways once, as an exchange.

    A party is paired with itself only when it is the flow's one source and one target
    (GPs passing information to GPs), not because it is one of several exchanging parties.
    """
    found = {(s, t) for s in sources for t in targets if s != t or len(sources) == len(targets) == 1}
    for source, target in sorted(found):
        both_ways = source != target and (target, source) in found
        if not (both_ways and str(source) > str(target)):
            yield source, target, both_ways


def action_links(graph: Graph) -> Iterator[Link]:
    """One edge from each agency to each recommendation it reports actions under, with how many."""
    acted: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
    for action in instances(graph, OSCB.Action):
        for rec in set(graph.objects(action, OSCB.recommendation)):
            for agent in set(graph.objects(action, PROV.wasAssociatedWith)):
                acted[(agent, rec)].append(action)
    for (agent, rec), actions in sorted(acted.items()):
        n = len(actions)
        lines = [f"{label_of(graph, agent)}: {n} action{'s' if n != 1 else ''} under {label_of(graph, rec)}",
                 "[reported actions]"]
        for action in actions:
            status = _pref(graph, graph.value(action, OSCB.status), "status not given")
            quote = quote_of(graph, action)
            lines.append(f"• {label_of(graph, action)} ({status})" + (f": “{shorten(quote, 110)}”" if quote else ""))
        yield Link(agent, rec, f"{n} action{'s' if n != 1 else ''}", "acted", "\n".join(lines))


def drawable_nodes(graph: Graph) -> dict[Node, str | None]:
    """The graph's own things, each with its kind: not passages, not routes, not relating nodes."""
    found: dict[Node, str | None] = {}
    for node in set(graph.subjects(RDF.type, None)):
        if isinstance(node, URIRef) and str(node).startswith(ID_BASE):
            kind = kind_of(graph, node)
            if kind is not None and kind not in HIDDEN_KINDS:
                found[node] = kind
    return found


_UNDRAWN_PREDICATES = {RDF.type, OSCB.evidence}


def plain_links(graph: Graph, drawable: Iterable[Node]) -> Iterator[Link]:
    """An edge for every other triple between two drawable nodes, named by its predicate."""
    nodes = set(drawable)
    triples = {(s, p, o) for s, p, o in graph.triples((None, None, None))
               if p not in _UNDRAWN_PREDICATES and s in nodes and o in nodes}
    for s, p, o in sorted(triples):
        name = predicate_name(graph, p)
        title = f"{label_of(graph, s)} — {name} — {label_of(graph, o)}\n[relation: {name}]"
        quote = quote_of(graph, s)
        if quote:
            title += f"\n“{shorten(quote, QUOTE_CHARS)}”"
        yield Link(s, o, name, "relation", title)


def predicate_name(graph: Graph, predicate: Node) -> str:
    """The ontology's label, else the term's name in words: prov:wasAssociatedWith -> 'was associated with'."""
    label = graph.value(predicate, RDFS.label)
    return str(label) if label is not None else re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _local(predicate).rsplit("/", 1)[-1]).lower()


def all_links(graph: Graph) -> list[Link]:
    return [*relating_links(graph), *plain_links(graph, drawable_nodes(graph))]


# -- Drawing --------------------------------------------------------------------------------

class Canvas:
    """A pyvis Network being drawn from the graph: each node once, styled by its kind."""

    def __init__(self, graph: Graph, heading: str, options: dict | None = None):
        self.graph = graph
        self.net = Network(height="100%", width="100%", directed=True, heading=heading)
        self.net.options = options
        self.drawn: set[str] = set()

    def node(self, node: Node, node_id: str | None = None, **extra) -> str:
        """Draw the node once under `node_id` (its IRI unless given); the id to draw edges with."""
        node_id = node_id or str(node)
        if node_id in self.drawn:
            return node_id
        kind = kind_of(self.graph, node)
        style = node_style(kind)
        attrs = {"label": shown_label(self.graph, node, kind), "shape": style.shape, "color": style.colour,
                 "size": style.size, "title": tooltip(self.graph, node), "kind": kind or "",
                 "kindLabel": f"{not_stated('sender')} in the report" if is_unstated(node) else kind_label(self.graph, kind)}
        if style.shape in ("box", "ellipse"):
            attrs.update(font=_ON_DARK, margin=10)
        attrs.update(extra)
        self.net.add_node(node_id, **attrs)
        self.drawn.add(node_id)
        return node_id

    def edge(self, source_id: str, target_id: str, label: str, style_key: str, title: str,
             both_ways: bool = False) -> None:
        style = EDGE_STYLES[style_key]
        self.net.add_edge(source_id, target_id, label=label, title=title, color=style.colour, width=style.width,
                          dashes=style.dashes, arrows="to, from" if both_ways else "to", edgeStyle=style_key,
                          styleLabel=style.label)

    def links(self, links: Iterable[Link]) -> Network:
        """Draw the edges and lay the picture out by force, each node sized by its number of edges.

        Boxes keep their size: their names are inside them, and a scaled name would make them huge.
        """
        for link in links:
            self.edge(self.node(link.source), self.node(link.target), link.label, link.style, link.title,
                      link.both_ways)
        degree = Counter(end for edge in self.net.edges for end in (edge["from"], edge["to"]))
        big = len(self.net.nodes) > BIG_PICTURE
        for node in self.net.nodes:
            if node["shape"] != "box":
                node["value"] = degree[node["id"]] + 1
            else:  # names inside boxes are not scaled: large enough to read when the picture fits
                node["font"] = {**node.get("font", {}), "size": 34 if big else 18}
        self.net.options = force_options(len(self.net.nodes))
        return self.net


def resolve(graph: Graph, name: str | Node, kinds: Iterable[str] | None = None) -> Node:
    """An IRI as it is; a name (label or acronym) through the shared name index."""
    if isinstance(name, URIRef):
        return name
    from .names import NameIndex

    return URIRef(NameIndex.from_graph(graph).resolve(str(name), kinds=list(kinds) if kinds else None).iri)


# -- The views ------------------------------------------------------------------------------

def ownership(graph: Graph) -> Network:
    """Recommendations, the bodies that own them or that they ask, and the agencies that acted on them."""
    canvas = Canvas(graph, "Who owns the recommendations, and who acted on them")
    for rec in instances(graph, OSCB.Recommendation):
        canvas.node(rec)
    return canvas.links([*relating_links(graph, [OSCB.Responsibility]), *action_links(graph)])


def flows(graph: Graph) -> Network:
    """Who passes what information to whom, and through what; escalations in dashed red."""
    canvas = Canvas(graph, "Who passes what information to whom")
    return canvas.links(relating_links(graph, [OSCB.InformationFlow]))


@dataclass(frozen=True)
class Step:
    """One step of a route: the flow, its place in the sequence, and who is responsible."""

    flow: Node
    order: int
    senders: list[Node]
    receivers: list[Node]
    responsible: list[Node]


def route_steps(graph: Graph, route: Node) -> list[Step]:
    """The route's flows in their oscb:order (steps that share an order happen together)."""
    steps = []
    for flow in set(graph.objects(route, OSCB.step)):
        order = graph.value(flow, OSCB.order)
        steps.append(Step(
            flow, int(order) if order is not None else 10**6,
            sorted(set(graph.objects(flow, OSCB["from"]))) or [unstated_sender(flow)],
            sorted(set(graph.objects(flow, OSCB.to))),
            sorted(set(graph.objects(flow, OSCB.responsible))),
        ))
    return sorted(steps, key=lambda s: (s.order, str(s.flow)))


def pathway(graph: Graph, route: str | Node) -> Network:
    """One route, left to right: who passes it on, the step, who receives it, step after step.

    Each step is a box (numbered, coloured by its kind of flow, naming who is responsible) in a
    column of its own; the bodies on either side sit in the columns between the steps, so the
    receiver of one step is the sender of the next. A body that appears at two places in the
    route is drawn at each; one responsible for a step without passing or receiving it is tied
    to the step by a dashed line.
    """
    route = resolve(graph, route, ["Route"])
    canvas = Canvas(graph, f"Pathway: {label_of(graph, route)}", HIERARCHICAL_OPTIONS)
    steps = route_steps(graph, route)
    orders = sorted({step.order for step in steps})

    def body(node: Node, column: int) -> str:
        return canvas.node(node, node_id=f"{node}@{column}", level=column)

    for step in steps:
        number = orders.index(step.order) + 1
        column = 2 * number - 1
        words, style_key, _ = _flow(graph, step.flow, lines=4)
        style = EDGE_STYLES[style_key]
        responsible = [label_of(graph, r) for r in step.responsible]
        if responsible:
            words += "\nresponsible: " + wrap(", ".join(responsible), 30, 2)
        title = tooltip(graph, step.flow, _details(graph, step.flow) + [f"responsible: {', '.join(responsible)}"]
                        if responsible else _details(graph, step.flow))
        box = canvas.node(step.flow, label=f"Step {number}: {words}", shape="box", color=style.colour,
                          font=_ON_DARK, margin=10, level=column, kindLabel=f"step: {style.label}", title=title)
        for sender in step.senders:
            canvas.edge(body(sender, column - 1), box, "", style_key, title)
        for receiver in step.receivers:
            canvas.edge(box, body(receiver, column + 1), "", style_key, title)
        for other in set(step.responsible) - set(step.senders) - set(step.receivers):
            canvas.edge(body(other, column), box, "", "responsible",
                        f"{label_of(graph, other)} is responsible for step {number}\n[responsible for the step]")
    return canvas.net


def agency(graph: Graph, name: str | Node, hops: int = 1) -> Network:
    """One body and everything within `hops` edges of it (relating nodes count as edges)."""
    if hops < 1:
        raise ValueError("hops must be 1 or more")
    centre = resolve(graph, name, ORGANISATION_KINDS)
    links = all_links(graph)
    neighbours: dict[Node, set[Node]] = defaultdict(set)
    for link in links:
        neighbours[link.source].add(link.target)
        neighbours[link.target].add(link.source)
    reached, frontier = {centre}, {centre}
    for _ in range(hops):
        frontier = {n for f in frontier for n in neighbours[f]} - reached
        reached |= frontier
    heading = f"{label_of(graph, centre)} and everything within {hops} step{'s' if hops > 1 else ''}"
    canvas = Canvas(graph, heading)
    canvas.node(centre, borderWidth=3, color={"background": node_style(kind_of(graph, centre)).colour,
                                              "border": "#222222"})
    return canvas.links(link for link in links if link.source in reached and link.target in reached)


def everything(graph: Graph) -> Network:
    """The whole graph: every node of the data but passages and routes, with relating nodes as edges."""
    canvas = Canvas(graph, "The whole graph")
    for node in sorted(drawable_nodes(graph)):
        canvas.node(node)
    return canvas.links(all_links(graph))


VIEWS: dict[str, Callable[..., Network]] = {
    "ownership": ownership, "flows": flows, "pathway": pathway, "agency": agency, "all": everything,
}
