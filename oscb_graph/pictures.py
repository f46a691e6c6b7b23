"""The pictures: who owns what, who tells whom, one route, one body's surroundings, everything.

Each view reads the graph's records (oscb_graph.projections) from a store (`open_store()`;
an rdflib Dataset from `oscb_graph.load()` is wrapped in one) and returns a pyvis Network, so
a picture says exactly what the tables and networks say. Nodes that only relate others (a
responsibility, a membership, an information flow, an oversight, a funding, a commission) are
drawn as edges between the bodies they relate, with their words and source quote in the
edge's tooltip. Tooltips are plain text. Over several reports, ownership and flows draw the
aggregate (one node per body, weighted) and say how to narrow with --source; no page is asked
to lay out more than MAX_NODES nodes. `render` writes a Network as a self-contained page,
`diagram_text` as Mermaid or Graphviz text, and `display` shows it in a notebook.
"""
from __future__ import annotations

import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from pyvis.network import Network

from .errors import OscbError
from .picture_style import EDGE_STYLES, node_style
from .prefixes import ID_BASE, OSCB_NS, PREFIXES
from .projections import ROLE_ORDER, Flow, Projections, derived_from, projections_of
from .render import display  # noqa: F401  (the notebook helper belongs with the views)
from .wording import not_stated

NOT_STATED = ID_BASE + "picture/sender-not-stated"  # the one stand-in for every sender the report does not name
NOT_STATED_WORDS = not_stated("sender")
ORGANISATION_KINDS = (
    "Agency", "Service", "Team", "Directorate", "Post", "StaffGroup", "BodyGroup", "Board", "Partnership",
    "WorkingGroup", "Hub", "Panel", "Conference", "Meeting", "Arrangement",
)
RELATING_KINDS = ("Responsibility", "Membership", "InformationFlow", "Oversight", "Funding", "Commission")
HIDDEN_KINDS = {"Passage", "Route", *RELATING_KINDS}
QUOTE_CHARS = 320
MAX_NODES = 400  # a page that must lay out more cannot be read; narrow with --source
MANY_REPORTS = 20  # beyond this many, one body's surroundings are not read at all without --source
_ON_DARK = {"color": "#ffffff", "strokeWidth": 0, "size": 20}  # label font inside a coloured box

# Relations between the data's own nodes, in plain English (subject <words> object).
OSCB, PROV, ORG, SKOS = (PREFIXES[p] for p in ("oscb", "prov", "org", "skos"))
RELATION_WORDS = {
    OSCB + "concerns": "concerns", OSCB + "recommendation": "under", PROV + "wasAssociatedWith": "carried out by",
    OSCB + "ownedBy": "owned by", OSCB + "mentions": "mentions", SKOS + "inScheme": "one of",
    OSCB + "denotes": "stands for", OSCB + "includes": "includes", PROV + "wasAttributedTo": "reported by",
    ORG + "unitOf": "part of", OSCB + "area": "covers", OSCB + "step": "has the step", OSCB + "theme": "under the theme",
    OSCB + "inLineWith": "in line with", PREFIXES["schema"] + "audience": "for", OSCB + "point": "has the point",
    ORG + "postIn": "a post in", OSCB + "supportedBy": "supported by", OSCB + "partOf": "part of",
    OSCB + "reportsOn": "reports on", ORG + "subOrganizationOf": "part of", PREFIXES["dcterms"] + "publisher": "published by",
}

_FONT = "DejaVu Sans, Arial, sans-serif"
_COMMON_OPTIONS: dict[str, Any] = {
    "interaction": {"hover": True, "tooltipDelay": 120, "keyboard": {"enabled": True, "bindToWindow": False}},
    "nodes": {"font": {"size": 16, "face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff"}, "borderWidth": 1},
    "edges": {
        "font": {"size": 13, "face": _FONT, "strokeWidth": 4, "strokeColor": "#ffffff", "align": "middle"},
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
    },
}
BIG_PICTURE = 100  # nodes; above this, a tighter layout


def force_options(node_count: int) -> dict:
    """Physics that settles (then the page turns it off and enlarges the names to be read at the
    zoom that fits the picture), with nodes sized by degree."""
    big = node_count > BIG_PICTURE
    return {
        **_COMMON_OPTIONS,
        "layout": {"randomSeed": 7, "improvedLayout": not big},  # the same picture from the same data
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60 if big else -120, "centralGravity": 0.03 if big else 0.012,
                                 "springLength": 70 if big else 200, "springConstant": 0.05, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 500 if big else 1000, "updateInterval": 25, "fit": True},
            "minVelocity": 0.75,
        },
        "nodes": {**_COMMON_OPTIONS["nodes"], "scaling": {"min": 8, "max": 42 if big else 30, "label": {"enabled": False}}},
        "edges": {**_COMMON_OPTIONS["edges"], "smooth": {"enabled": True, "type": "dynamic"}},
    }


STEP_X, BODY_Y = 430, 230  # a pathway's grid: steps along a row, senders above, receivers below
PATHWAY_OPTIONS = {  # placed, not laid out by force: names are sized to read when the route fits the screen
    **_COMMON_OPTIONS,
    "layout": {"hierarchical": {"enabled": False}},
    "physics": {"enabled": False},
    "nodes": {**_COMMON_OPTIONS["nodes"], "font": {**_COMMON_OPTIONS["nodes"]["font"], "size": 22}},
    "edges": {**_COMMON_OPTIONS["edges"], "font": {**_COMMON_OPTIONS["edges"]["font"], "size": 18},
              "smooth": {"enabled": False}},
}


class TooManyNodes(OscbError):
    """A picture that would need more nodes than a page can lay out and a person can read (exit 2)."""

    exit_code = 2


# -- Words ----------------------------------------------------------------------------------

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


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Link:
    """One edge to draw: its ends (IRIs), the words on it, its style (a key of EDGE_STYLES) and tooltip."""

    source: str
    target: str
    label: str
    style: str
    title: str
    both_ways: bool = False  # an exchange: the parties pass information to each other
    width: float | None = None  # overrides the style's, for weighted edges


# -- Drawing --------------------------------------------------------------------------------

class Canvas:
    """A pyvis Network being drawn from the graph's records: each node once, styled by its kind."""

    def __init__(self, graph: Projections, heading: str, options: dict | None = None, quotes: bool = True):
        self.graph = graph
        self.net = Network(height="100%", width="100%", directed=True, heading=heading)
        self.net.options = options
        self.drawn: set[str] = set()
        self.quotes = quotes  # an aggregate over many reports leaves the bodies' quotes out

    def kind_label(self, kind: str | None) -> str:
        """The ontology's name for a kind ('Group of bodies'), for legends and tooltips."""
        if kind is None:
            return "not typed in the data"
        return self.graph.node(OSCB_NS + kind).label

    def tooltip(self, iri: str, details: Iterable[str] = ()) -> str:
        """Plain text: label, kind, any details, then the source quote."""
        if iri == NOT_STATED:
            return f"{NOT_STATED_WORDS}\nThe report does not say who passes this information on."
        node = self.graph.node(iri)
        lines = [node.label, f"[{self.kind_label(node.kind)}]", *details]
        quote = self.graph.quote(iri) if self.quotes else ""
        if quote:
            lines.append(f"“{shorten(quote, QUOTE_CHARS)}”")
        return "\n".join(lines)

    def shown_label(self, iri: str) -> str:
        """What the node says on screen: short forms for recommendations and long names."""
        node = self.graph.node(iri)
        if node.kind == "Recommendation" and node.number:
            return f"Recommendation {node.number}"
        if node.acronym and len(node.label) > 30:
            return node.acronym
        return wrap(node.label)

    def node(self, iri: str, node_id: str | None = None, **extra) -> str:
        """Draw the node once under `node_id` (its IRI unless given); the id to draw edges with."""
        node_id = node_id or iri
        if node_id in self.drawn:
            return node_id
        if iri == NOT_STATED:
            attrs = {"label": NOT_STATED_WORDS, "shape": "box", "kind": "", "kindLabel": f"{NOT_STATED_WORDS} in the report",
                     "color": {"background": "#eeeeee", "border": "#888888"}, "shapeProperties": {"borderDashes": [5, 4]},
                     "font": {"color": "#555555", "size": 16}, "margin": 8, "title": self.tooltip(iri)}
        else:
            kind = self.graph.node(iri).kind
            style = node_style(kind)
            attrs = {"label": self.shown_label(iri), "shape": style.shape, "color": style.colour, "size": style.size,
                     "title": self.tooltip(iri), "kind": kind or "", "kindLabel": self.kind_label(kind)}
            if style.shape in ("box", "ellipse"):
                attrs.update(font=_ON_DARK, margin=10)
        attrs.update(extra)
        self.net.add_node(node_id, **attrs)
        self.drawn.add(node_id)
        return node_id

    def edge(self, source_id: str, target_id: str, label: str, style_key: str, title: str,
             both_ways: bool = False, width: float | None = None) -> None:
        style = EDGE_STYLES[style_key]
        self.net.add_edge(source_id, target_id, label=label, title=title, color=style.colour, width=width or style.width,
                          dashes=style.dashes, arrows="to, from" if both_ways else "to", edgeStyle=style_key,
                          styleLabel=style.label)

    def links(self, links: Iterable[Link]) -> Network:
        """Draw the edges and lay the picture out by force, each node sized by its number of edges."""
        links = list(links)
        ends = {end for link in links for end in (link.source, link.target)} | self.drawn
        check_size(len(ends))
        self.graph.nodes(ends)  # every label in one query, every quote in another
        if self.quotes:
            self.graph.quotes(ends)
        for link in links:
            self.edge(self.node(link.source), self.node(link.target), link.label, link.style, link.title,
                      link.both_ways, link.width)
        degree = Counter(end for edge in self.net.edges for end in (edge["from"], edge["to"]))
        for node in self.net.nodes:
            if node["shape"] != "box":
                node.setdefault("value", degree[node["id"]] + 1)
        self.net.options = force_options(len(self.net.nodes))
        return self.net


def check_size(count: int, hint: str = "narrow it to one report with --source REPORT") -> None:
    if count > MAX_NODES:
        raise TooManyNodes(f"the picture would have {count:,} nodes, more than a page can lay out to be read; {hint}")


def resolve(graph: Projections, name: str, kinds: Iterable[str] | None = None) -> str:
    """An IRI as it is; a name (label, acronym, prefixed name) through the shared name index."""
    if name.startswith(("http://", "https://")):
        return name
    from .names import StoreNames

    return StoreNames(graph.store).resolve(name, list(kinds) if kinds else None).iri


def across_reports(graph: Projections, reports: set[str]) -> str:
    """The heading's note for an aggregate picture."""
    return f" across {len(reports):,} reports (one node per body; narrow to one with --source REPORT)"


# -- Ownership --------------------------------------------------------------------------------

def ownership_links(graph: Projections) -> list[Link]:
    """Body -> recommendation for owners, recommendation -> body for the bodies it asks or has its
    owners work with (the ontology's words on the edge), and one edge per body that acted, counting its actions."""
    links = []
    actions: dict[tuple[str, str], list] = defaultdict(list)
    for part in graph.parts:
        if part.part in ROLE_ORDER:
            title = f"{graph.node(part.body).label}: {part.part} of {graph.node(part.recommendation).label}\n[{part.part}]"
            quote = graph.quote(part.source)
            title += f"\n“{shorten(quote, QUOTE_CHARS)}”" if quote else ""
            ends = (part.body, part.recommendation) if part.part == "owner" else (part.recommendation, part.body)
            links.append(Link(*ends, part.part, part.part.replace(" ", "-"), title))
        elif part.part == "acted":
            actions[(part.body, part.recommendation)].append(part)
    for (body, rec), parts in sorted(actions.items()):
        lines = [f"{graph.node(body).label}: {plural(len(parts), 'action')} under {graph.node(rec).label}", "[reported actions]"]
        for part in parts:
            quote = graph.quote(part.source)
            lines.append(f"• {graph.node(part.source).label} ({part.status or 'status not given'})"
                         + (f": “{shorten(quote, 110)}”" if quote else ""))
        links.append(Link(body, rec, plural(len(parts), "action"), "acted", "\n".join(lines)))
    return links


def ownership(source) -> Network:
    """Recommendations, the bodies that own them or that they ask, and the agencies that acted on them."""
    graph = projections_of(source)
    reports = set(graph.part_reports) or {r.report for r in graph.recommendations}
    if len(reports) > 1:
        return ownership_across(graph, reports)
    wanted = {p.source for p in graph.parts} | {p.body for p in graph.parts} | {r.iri for r in graph.recommendations}
    graph.nodes(wanted)
    graph.quotes(wanted)
    canvas = Canvas(graph, "Who owns the recommendations, and who acted on them")
    for rec in graph.recommendations:
        canvas.node(rec.iri)
    return canvas.links(ownership_links(graph))


def ownership_across(graph: Projections, reports: set[str]) -> Network:
    """One node per body, sized by the recommendations it has a part in; bodies that share the most
    recommendations joined (each body's three strongest ties)."""
    rows = graph.body_summary
    check_size(len(rows))
    shared = graph.shared_recommendations
    strongest: set[tuple[str, str]] = set()
    for body in {r["body"] for r in rows}:
        ties = sorted(((n, pair) for pair, n in shared.items() if body in pair), reverse=True)[:3]
        strongest |= {pair for _, pair in ties}
    canvas = Canvas(graph, "Who owns the recommendations" + across_reports(graph, reports), quotes=False)
    graph.nodes(r["body"] for r in rows)
    for row in rows:
        details = [f"a part in {plural(row['recommendations'], 'recommendation')} of {plural(row['reports'], 'report')}",
                   f"roles: {row['roles'] or 'none'}", f"actions: {row['actions'] or 'none'}"]
        canvas.node(row["body"], value=row["recommendations"], title=canvas.tooltip(row["body"], details))
    top = max(shared.values(), default=1)
    links = [Link(a, b, f"{shared[(a, b)]:,}", "shared", f"{graph.node(a).label} and {graph.node(b).label} "
                  f"have parts in {plural(shared[(a, b)], 'recommendation')} together\n[shared recommendations]",
                  width=1 + 7 * shared[(a, b)] / top) for a, b in sorted(strongest)]
    net = canvas.links(links)
    for edge in net.edges:
        edge["arrows"] = ""
    return net


# -- Flows ------------------------------------------------------------------------------------

def flow_words(graph: Projections, flow: Flow, lines: int = 1, width: int = 22, kind: bool = False) -> str:
    """What a flow conveys in up to `lines` short lines, after its kind when `kind` (a picture of
    many flows shows the kind by colour, and keeps its edges' words short so that they do not overlap)."""
    words = [graph.node(OSCB_NS + flow.kind).label if flow.kind else "information"] if kind or not flow.conveys else []
    if flow.conveys:
        words.append(wrap(shorten("; ".join(flow.conveys), width * lines), width, lines))
    return "\n".join(words)


def flow_details(graph: Projections, flow: Flow) -> list[str]:
    """What a flow carries, on what trigger, why and through what, for its tooltip."""
    found = [f"{name}: {shorten('; '.join(texts), 200)}"
             for name, texts in (("conveys", flow.conveys), ("trigger", flow.trigger), ("purpose", flow.purpose)) if texts]
    if flow.via:
        found.append("via: " + ", ".join(sorted(graph.node(v).label for v in flow.via)))
    return found


def flow_style(flow: Flow) -> str:
    return flow.kind if flow.kind in EDGE_STYLES else "flow"


def flow_links(graph: Projections) -> list[Link]:
    """An edge per sender and receiver of each flow (Flow.pairs: an exchange once, both ways; no
    body passing to itself unless the report says so); flows with no sender come from the one stand-in."""
    graph.nodes({f.iri for f in graph.flows} | {n for f in graph.flows for n in (*f.senders, *f.receivers, *f.via)}
                | {OSCB_NS + f.kind for f in graph.flows if f.kind})
    links = []
    for flow in graph.flows:
        title = "\n".join([graph.node(flow.iri).label, "[information flow]", *flow_details(graph, flow)]
                          + ([f"“{shorten(flow.quote, QUOTE_CHARS)}”"] if flow.quote else []))
        words = flow_words(graph, flow)
        pairs = flow.pairs() if flow.senders else [(NOT_STATED, r, False) for r in flow.receivers]
        links += [Link(s, r, words, flow_style(flow), title, both) for s, r, both in pairs]
    return links


def flows(source) -> Network:
    """Who passes what information to whom; escalations in dashed red."""
    graph = projections_of(source)
    reports = set(graph.flow_reports)
    if len(reports) > 1:
        return flows_across(graph, reports)
    canvas = Canvas(graph, "Who passes what information to whom")
    return canvas.links(flow_links(graph))


@derived_from("flows")
def flows_by_pair(graph: Projections) -> tuple[Counter, dict[tuple[str, str], Counter]]:
    """How many flows pass from each sender to each receiver, in all and by kind."""
    count: Counter = Counter()
    kinds: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for flow in graph.flows:
        pairs = flow.pairs() if flow.senders else [(NOT_STATED, r, False) for r in flow.receivers]
        for s, r, _ in pairs:
            count[(s, r)] += 1
            kinds[(s, r)][flow.kind] += 1
    return count, dict(kinds)


def flows_across(graph: Projections, reports: set[str]) -> Network:
    """One node per body; one edge per sender and receiver, as wide as the flows it carries, saying how many,
    coloured by the kind most of them are."""
    count, kinds = flows_by_pair(graph)
    check_size(len({end for pair in count for end in pair}))
    graph.nodes({end for pair in count for end in pair} | {OSCB_NS + k for c in kinds.values() for k in c if k})
    top = max(count.values(), default=1)
    links = []
    for (s, r), n in sorted(count.items()):
        most = kinds[(s, r)].most_common()
        words = ", ".join(f"{graph.node(OSCB_NS + kind).label if kind else 'kind not stated'} {k}" for kind, k in most)
        sender = graph.node(s).label if s != NOT_STATED else NOT_STATED_WORDS
        links.append(Link(s, r, f"{n:,}", most[0][0] if most[0][0] in EDGE_STYLES else "flow",
                          f"{sender} → {graph.node(r).label}: {plural(n, 'flow')}\n[information flows]\n{words}",
                          width=1 + 7 * n / top))
    return Canvas(graph, "Who passes information to whom" + across_reports(graph, reports), quotes=False).links(links)


# -- Pathways ---------------------------------------------------------------------------------

def route_listing(source) -> list[tuple[str, str, str, int]]:
    """(report, short id, label, number of steps) of every route, for `viz pathway` with no name."""
    from .names import prefixed

    graph = projections_of(source)
    return [(r.report, prefixed(r.iri), r.label, len(r.steps)) for r in graph.routes()]


def pathway(source, route: str) -> Network:
    """One route as ordered steps along a row, left to right: Step 1 -> Step 2 -> Step 3.

    Each step is a box (numbered, coloured by its kind of flow, naming who is responsible),
    joined to the next by a 'then' arrow; who passes it on stands above it and who receives
    it below, each body once (at the first step it takes part in). A step whose sender the
    report does not name says so in its box; one responsible for a step without passing or
    receiving it is tied to the step by a dashed line. Nodes carry `level` (the step's column)
    for the Graphviz and Mermaid text.
    """
    graph = projections_of(source)
    iri = resolve(graph, route, ["Route"])
    found = graph.routes(iri)
    if not found:
        from .names import NameResolutionError

        raise NameResolutionError(f"{route!r} is not a route; `oscb-graph viz pathway` lists them")
    the_route = found[0]
    wanted = set(the_route.steps)
    steps = sorted((f for f in graph.flows if f.iri in wanted),
                   key=lambda f: (f.order if f.order is not None else 10**6, f.iri))
    orders = sorted({s.order if s.order is not None else 10**6 for s in steps})
    graph.nodes({n for f in steps for n in (f.iri, *f.senders, *f.receivers, *f.responsible, *f.via)}
                | {OSCB_NS + f.kind for f in steps if f.kind} | {iri})
    canvas = Canvas(graph, f"Pathway: {the_route.label}", PATHWAY_OPTIONS)
    slots: Counter = Counter()  # bodies already placed at each (column, row)

    def body(iri: str, column: int, row: int) -> str:
        if iri not in canvas.drawn:
            x, y = column * STEP_X + (-STEP_X // 3 if row < 0 else STEP_X // 3), row * BODY_Y
            y += (1 if row > 0 else -1) * 110 * slots[(column, row)]
            slots[(column, row)] += 1
            canvas.node(iri, x=x, y=y, level=2 * column + (0 if row < 0 else 2))
        return iri

    previous: list[str] = []
    for number in range(1, len(orders) + 1):
        boxes = []
        together = [f for f in steps if (f.order if f.order is not None else 10**6) == orders[number - 1]]
        for offset, flow in enumerate(together):
            style_key = flow_style(flow)
            style = EDGE_STYLES[style_key]
            words = flow_words(graph, flow, lines=3, width=24, kind=True)
            responsible = [graph.node(r).label for r in flow.responsible]
            if responsible:
                words += "\nresponsible: " + wrap(", ".join(responsible), 24, 2)
            if not flow.senders:
                words += f"\n({NOT_STATED_WORDS})"
            details = flow_details(graph, flow) + ([f"responsible: {', '.join(responsible)}"] if responsible else [])
            title = canvas.tooltip(flow.iri, details)
            box = canvas.node(flow.iri, label=f"Step {number}: {words}", shape="box", color=style.colour,
                              font=_ON_DARK, margin=12, x=number * STEP_X, y=offset * 2 * BODY_Y, level=2 * number + 1,
                              widthConstraint={"maximum": 300}, kindLabel=f"step: {style.label}", title=title)
            boxes.append(box)
            for sender in flow.senders:
                canvas.edge(body(sender, number, -1), box, "", style_key, title)
            for receiver in flow.receivers:
                canvas.edge(box, body(receiver, number, 1), "", style_key, title)
            for other in sorted(set(flow.responsible) - set(flow.senders) - set(flow.receivers)):
                canvas.edge(body(other, number, -1), box, "", "responsible",
                            f"{graph.node(other).label} is responsible for step {number}\n[responsible for the step]")
        for before in previous:
            for box in boxes:
                canvas.edge(before, box, "then", "then", f"step {number - 1}, then step {number}\n[the order of the steps]")
        previous = boxes
    return canvas.net


# -- One body's surroundings, and everything ----------------------------------------------------

def all_links(graph: Projections) -> list[Link]:
    """Every relation among the data's own things: relating nodes as edges (responsibilities, flows,
    memberships, oversights, fundings, commissions), the rest named in plain English.

    A glossary entry that stands for a node is that node (one node per thing): it is not drawn.
    """
    kinds = graph.things
    graph.nodes(kinds)
    graph.quotes(kinds)
    links = ownership_links(graph) + flow_links(graph)
    for m in graph.memberships:
        links.append(Link(m.member, m.forum, m.role or "member", "membership",
                          f"{graph.node(m.member).label}: {m.role or 'member'} of {graph.node(m.forum).label}\n[membership]"))
    ends: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for link in graph.links:
        if kinds.get(link.subject) in ("Oversight", "Funding", "Commission"):
            ends[link.subject][link.predicate[len(OSCB_NS):] if link.predicate.startswith(OSCB_NS) else ""].append(link.object)
    for relating, (a, b, words, style) in (("Oversight", ("overseer", "overseen", "oversees", "oversight")),
                                           ("Funding", ("funder", "funded", "funds", "money")),
                                           ("Commission", ("commissioner", "commissioned", "commissions", "money"))):
        for node in sorted(n for n, k in kinds.items() if k == relating):
            for s in ends[node][a]:
                for o in ends[node][b]:
                    links.append(Link(s, o, words, style, canvas_title(graph, node, relating.lower())))
    aliases = {link.subject for link in graph.links if link.predicate == OSCB + "denotes"}
    drawable = {n for n, k in kinds.items() if k not in HIDDEN_KINDS and n not in aliases}
    for link in graph.links:
        if link.subject in drawable and link.object in drawable:
            words = relation_words(graph, link.predicate)
            title = f"{graph.node(link.subject).label} — {words} — {graph.node(link.object).label}\n[relation: {words}]"
            links.append(Link(link.subject, link.object, words, "relation", title))
    return [link for link in links if link.source not in aliases and link.target not in aliases]


def canvas_title(graph: Projections, node: str, what: str) -> str:
    quote = graph.quote(node)
    return f"{graph.node(node).label}\n[{what}]" + (f"\n“{shorten(quote, QUOTE_CHARS)}”" if quote else "")


def relation_words(graph: Projections, predicate: str) -> str:
    """Plain English for a relation: ours, else the ontology's label, else the term's name in words."""
    if predicate in RELATION_WORDS:
        return RELATION_WORDS[predicate]
    name = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    label = graph.node(predicate).label
    return label if label != name else re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()


def agency(source, name: str, hops: int = 1) -> Network:
    """One body and everything within `hops` edges of it (relating nodes count as edges)."""
    if hops < 1:
        raise ValueError("hops must be 1 or more")
    graph = projections_of(source)
    centre = resolve(graph, name, ORGANISATION_KINDS)
    if len(graph.reports) > MANY_REPORTS:
        raise TooManyNodes(f"{len(graph.reports):,} reports together hold too much around one body to draw; "
                           "narrow it to one report with --source REPORT")
    links = all_links(graph)
    neighbours: dict[str, set[str]] = defaultdict(set)
    for link in links:
        neighbours[link.source].add(link.target)
        neighbours[link.target].add(link.source)
    reached, frontier = {centre}, {centre}
    for _ in range(hops):
        frontier = {n for f in frontier for n in neighbours[f]} - reached
        reached |= frontier
    heading = f"{graph.node(centre).label} and everything within {plural(hops, 'step')}"
    canvas = Canvas(graph, heading)
    check_size(len(reached), "draw one step (--hops 1) or narrow it to one report with --source REPORT")
    canvas.node(centre, borderWidth=3, color={"background": node_style(graph.node(centre).kind).colour, "border": "#222222"})
    return canvas.links(link for link in links if link.source in reached and link.target in reached)


def everything(source) -> Network:
    """The whole graph: every node of the data but passages, routes and glossary entries for other
    nodes, with relating nodes as edges."""
    graph = projections_of(source)
    if len(graph.reports) > 1:
        raise TooManyNodes(f"the whole graph of {len(graph.reports):,} reports is too much to draw; narrow it to one "
                           "report with --source REPORT, or draw ownership or flows, which show one node per body")
    links = all_links(graph)
    canvas = Canvas(graph, "The whole graph")
    aliases = {link.subject for link in graph.links if link.predicate == OSCB + "denotes"}
    for node, kind in sorted(graph.things.items()):
        if kind not in HIDDEN_KINDS and node not in aliases:
            canvas.node(node)
    return canvas.links(links)


VIEWS: dict[str, Callable[..., Network]] = {
    "ownership": ownership, "flows": flows, "pathway": pathway, "agency": agency, "all": everything,
}
