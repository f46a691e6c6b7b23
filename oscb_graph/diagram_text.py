"""A picture as Mermaid or Graphviz DOT text, for trainers to paste into slides and documents.

Both are written from the same pyvis Network the HTML page draws, so the words, colours and
dashed escalations match; the direction is left to right, as a pathway reads.
"""
from __future__ import annotations

from collections import defaultdict

from pyvis.network import Network


def _colour(value) -> str:
    return value["background"] if isinstance(value, dict) else str(value)


def _text_colour(fill: str) -> str:
    """Black on light fills, white on dark ones."""
    red, green, blue = (int(fill.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return "#000000" if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


def _ids(net: Network) -> dict[str, str]:
    """Short, safe identifiers (n0, n1, ...) for the nodes, in drawing order."""
    return {node["id"]: f"n{i}" for i, node in enumerate(net.nodes)}


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", "<br/>")


def to_mermaid(net: Network) -> str:
    """A Mermaid flowchart: bodies as rounded boxes, steps as boxes, escalations dashed in red."""
    ids = _ids(net)
    lines = ["---", f"title: {_mermaid_text(net.heading or 'oscb-graph')}", "---", "flowchart LR"]
    for node in net.nodes:
        label = _mermaid_text(str(node["label"]))
        shape = f'["{label}"]' if node["shape"] == "box" else f'("{label}")'
        lines.append(f"  {ids[node['id']]}{shape}")
    for edge in net.edges:
        arrow = "-.->" if edge.get("dashes") else "-->"
        label = f'|"{_mermaid_text(edge["label"])}"|' if edge.get("label") else ""
        lines.append(f"  {ids[edge['from']]} {arrow}{label} {ids[edge['to']]}")
    for node in net.nodes:
        fill = _colour(node["color"])
        lines.append(f"  style {ids[node['id']]} fill:{fill},color:{_text_colour(fill)},stroke:#333")
    for i, edge in enumerate(net.edges):
        lines.append(f"  linkStyle {i} stroke:{edge['color']},stroke-width:{edge.get('width', 1.5)}px")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(net: Network) -> str:
    """A Graphviz digraph, left to right; nodes on one level of a pathway share a rank."""
    ids = _ids(net)
    lines = [
        f"digraph {_dot_text(net.heading or 'oscb-graph')} {{",
        f'  graph [rankdir=LR, label={_dot_text(net.heading or "")}, labelloc=t, fontname="DejaVu Sans", '
        "nodesep=0.4, ranksep=0.8];",
        '  node [fontname="DejaVu Sans", fontsize=11, style="filled,rounded", shape=box];',
        '  edge [fontname="DejaVu Sans", fontsize=9];',
    ]
    for node in net.nodes:
        fill = _colour(node["color"])
        style = "filled" if node["shape"] == "box" else "filled,rounded"
        lines.append(f"  {ids[node['id']]} [label={_dot_text(str(node['label']))}, fillcolor=\"{fill}\", "
                     f"fontcolor=\"{_text_colour(fill)}\", style=\"{style}\"];")
    for edge in net.edges:
        attrs = [f"color=\"{edge['color']}\"", f"penwidth={edge.get('width', 1.5)}"]
        if edge.get("label"):
            attrs.insert(0, f"label={_dot_text(edge['label'])}")
        if edge.get("dashes"):
            attrs.append("style=dashed")
        lines.append(f"  {ids[edge['from']]} -> {ids[edge['to']]} [{', '.join(attrs)}];")
    levels: dict[int, list[str]] = defaultdict(list)
    for node in net.nodes:
        if "level" in node:
            levels[node["level"]].append(ids[node["id"]])
    for level in sorted(levels):
        lines.append(f"  {{ rank=same; {'; '.join(levels[level])}; }}")
    lines.append("}")
    return "\n".join(lines) + "\n"


FORMATS = {"mermaid": to_mermaid, "dot": to_dot}
