"""How the pictures look: a colour and shape for each kind of node, a stroke for each kind of edge.

Kept apart from the views so that the HTML page, its legend and the Mermaid/Graphviz text all
draw a kind the same way. Colours come in families (bodies warm, forums purple, plans teal,
reported progress green), and the shape tells kinds of one family apart.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NodeStyle:
    colour: str
    shape: str  # a vis-network shape
    size: int = 18


@dataclass(frozen=True)
class EdgeStyle:
    label: str  # what the legend says
    colour: str
    width: float = 1.5
    dashes: bool = False


_BODY, _UNIT, _PERSON, _GROUP = "#d95f02", "#e6ab02", "#66a61e", "#a6761d"
_FORUM, _PLAN, _THING, _DOC = "#7570b3", "#1b8a9e", "#8c564b", "#6c757d"

# oscb kind name (the local name of a node's oscb: class, as the projections give it) -> style.
KIND_STYLES: dict[str, NodeStyle] = {
    "Recommendation": NodeStyle("#1f4e79", "box"),
    "RecommendationPoint": NodeStyle("#4a78a8", "box"),
    "Theme": NodeStyle("#6b8fb5", "box"),
    "Agency": NodeStyle(_BODY, "dot", 22),
    "Service": NodeStyle(_UNIT, "dot"),
    "Team": NodeStyle(_UNIT, "triangle"),
    "Directorate": NodeStyle(_UNIT, "square"),
    "Post": NodeStyle(_PERSON, "triangle"),
    "StaffGroup": NodeStyle(_PERSON, "triangleDown"),
    "BodyGroup": NodeStyle(_GROUP, "hexagon"),
    "Board": NodeStyle(_FORUM, "star", 24),
    "Partnership": NodeStyle(_FORUM, "diamond", 20),
    "WorkingGroup": NodeStyle(_FORUM, "triangle"),
    "Hub": NodeStyle(_FORUM, "hexagon", 22),
    "Panel": NodeStyle(_FORUM, "square"),
    "Conference": NodeStyle(_FORUM, "dot"),
    "Meeting": NodeStyle(_FORUM, "triangleDown"),
    "Arrangement": NodeStyle("#9e9ac8", "diamond"),
    "Pathway": NodeStyle(_PLAN, "diamond"),
    "Programme": NodeStyle(_PLAN, "dot"),
    "Training": NodeStyle(_PLAN, "triangle"),
    "Guidance": NodeStyle(_PLAN, "square"),
    "Protocol": NodeStyle(_PLAN, "hexagon"),
    "Policy": NodeStyle(_PLAN, "triangleDown"),
    "Plan": NodeStyle(_PLAN, "star"),
    "Tool": NodeStyle(_THING, "triangle"),
    "InformationSystem": NodeStyle(_THING, "square"),
    "Action": NodeStyle("#1b9e77", "dot", 9),
    "Outcome": NodeStyle("#e7298a", "diamond", 12),
    "Figure": NodeStyle("#999999", "square", 9),
    "Funding": NodeStyle("#999999", "triangle", 10),
    "Commission": NodeStyle("#999999", "triangleDown", 10),
    "Report": NodeStyle(_DOC, "star"),
    "Review": NodeStyle(_DOC, "dot"),
    "Audit": NodeStyle(_DOC, "triangle", 12),
    "Survey": NodeStyle(_DOC, "triangleDown", 12),
    "Publication": NodeStyle(_DOC, "square", 12),
    "Route": NodeStyle("#c0392b", "box"),
    "Place": NodeStyle("#74a9cf", "triangleDown", 12),
    "Audience": NodeStyle("#c994c7", "triangle", 10),
    "GlossaryTerm": NodeStyle("#d0d0d0", "square", 8),
}
OTHER = NodeStyle("#b0b0b0", "dot", 14)  # nodes the data names but does not (yet) type

# Edge kinds: responsibilities, reported actions, information flows by oscb:flowKind, the rest.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "owner": EdgeStyle("owner (body to recommendation)", "#1f4e79", 3),
    "asked-of": EdgeStyle("asked of (recommendation to body)", "#5b9bd5", 2, True),
    "working-with": EdgeStyle("working with (recommendation to body)", "#9dc3e6", 2, True),
    "acted": EdgeStyle("reported actions (number on the edge)", "#1b9e77", 2),
    "Referral": EdgeStyle("referral", "#2c7fb8", 2),
    "Escalation": EdgeStyle("escalation", "#d62728", 3.5, True),
    "Reporting": EdgeStyle("reporting", "#7570b3", 2),
    "Sharing": EdgeStyle("information sharing", "#41ab5d", 2),
    "Recording": EdgeStyle("recording", "#8c564b", 2),
    "Dissemination": EdgeStyle("dissemination", "#e6ab02", 2),
    "Consultation": EdgeStyle("consultation", "#17becf", 2),
    "flow": EdgeStyle("information flow (kind not stated)", "#555555", 2),
    "membership": EdgeStyle("membership (role on the edge)", "#9e9ac8", 1.5),
    "oversight": EdgeStyle("oversight", "#636363", 1.5, True),
    "money": EdgeStyle("funds or commissions", "#a6761d", 1.5),
    "responsible": EdgeStyle("responsible for the step", "#444444", 1.5, True),
    "relation": EdgeStyle("other relation (name on the edge)", "#b7b7b7", 1),
    "then": EdgeStyle("then: the next step of the route", "#222222", 2.5),
    "shared": EdgeStyle("recommendations shared (number on the edge)", "#1f4e79", 2),
}

# What each vis-network shape looks like in the legend.
SHAPE_GLYPHS = {
    "dot": "●", "box": "▬", "ellipse": "●", "diamond": "◆", "star": "★", "triangle": "▲",
    "triangleDown": "▼", "square": "■", "hexagon": "⬢", "database": "⛁",
}


def node_style(kind: str | None) -> NodeStyle:
    return KIND_STYLES.get(kind or "", OTHER)
