"""What a re-import changes: actions added or removed, and status and target date changes.

Actions are matched by their recommendation's number and their words (case and spacing aside),
since a tracker has no identifiers of its own; an action reworded shows as one removed and one added.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Graph

from ..loader import parse_turtle
from ..namespaces import OSCB


def _actions(graph: Graph) -> dict[tuple[int, str], tuple[str, str]]:
    """(recommendation number, normalised words) -> (status, target date or note) for each action."""
    found = {}
    for action in graph.subjects(RDF.type, OSCB.Action):
        rec = graph.value(action, OSCB.recommendation)
        number = graph.value(rec, OSCB.number) if rec is not None else None
        label = str(graph.value(action, RDFS.label) or "")
        status = str(graph.value(action, OSCB.status) or "").rsplit("#", 1)[-1]
        target = graph.value(action, OSCB.targetDate) or graph.value(action, OSCB.dateNote) or ""
        found[(int(number) if number is not None else 0, " ".join(label.casefold().split()))] = (status, str(target), label)
    return found  # type: ignore[return-value]


def action_changes(old_turtle: Path, new: Graph) -> list[str]:
    """One line per change between the report as it was and as it will be."""
    old_graph = Graph()
    parse_turtle(old_graph, old_turtle)
    before, after = _actions(old_graph), _actions(new)
    lines = []
    for key in sorted(after.keys() - before.keys()):
        lines.append(f"added: rec {key[0]}: {after[key][2][:70]}")
    for key in sorted(before.keys() - after.keys()):
        lines.append(f"removed: rec {key[0]}: {before[key][2][:70]}")
    for key in sorted(before.keys() & after.keys()):
        (s0, t0, label), (s1, t1, _) = before[key], after[key]
        if s0 != s1:
            lines.append(f"status: rec {key[0]}: {label[:60]}: {_status(s0)} -> {_status(s1)}")
        if t0 != t1:
            lines.append(f"target: rec {key[0]}: {label[:60]}: {t0 or 'none'} -> {t1 or 'none'}")
    return lines


def _status(local: str) -> str:
    return {"Done": "done", "Ongoing": "ongoing", "Planned": "planned", "UnderConsideration": "under consideration"}.get(local, local)
