"""What a re-import changes: actions added or removed, and status and target date changes.

Actions are matched by their recommendation's number and their words (case and spacing aside),
since a tracker has no identifiers of its own; an action reworded shows as one removed and one
added. The report as it was is read from its Turtle with Oxigraph (a 500-row report in a few
hundredths of a second), the report as it will be from the Plan itself.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from ..prefixes import OSCB_NS
from .plan import Plan

# (recommendation number, normalised words) -> (status, target date or its words, the words as written)
Actions = dict[tuple[int, str], tuple[str, str, str]]

_ACTIONS = """
PREFIX oscb: <%s>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?number ?label ?status ?target ?note WHERE {
  ?action a oscb:Action ; oscb:recommendation ?rec ; rdfs:label ?label ; oscb:status ?status .
  ?rec oscb:number ?number .
  OPTIONAL { ?action oscb:targetDate ?target }
  OPTIONAL { ?action oscb:dateNote ?note }
}""" % OSCB_NS


def _key(number: int, words: str) -> tuple[int, str]:
    return number, " ".join(words.casefold().split())


def imported_actions(turtle: Path) -> Actions:
    """The actions of a report folder's Turtle as it stands."""
    import pyoxigraph as ox

    store = ox.Store()
    try:
        store.load(path=str(turtle), format=ox.RdfFormat.TURTLE)
    except (OSError, SyntaxError, ValueError) as exc:
        raise DataError(f"{turtle}: cannot read the report being replaced ({exc}); move it away and import again") from None
    found = {}
    for row in store.query(_ACTIONS):  # type: ignore[union-attr]  # a SELECT gives solutions
        number, label, status = int(row["number"].value), row["label"].value, row["status"].value.rsplit("#", 1)[-1]
        target = row["target"].value if row["target"] is not None else row["note"].value if row["note"] is not None else ""
        found[_key(number, label)] = (status, target, label)
    return found


def planned_actions(plan: Plan) -> Actions:
    """The actions an import is about to write, as imported_actions reads them back."""
    found = {}
    for rec in plan.recommendations:
        for action in rec.actions:
            label = " ".join(action.text.split())
            target = ""
            if action.target is not None:
                target = action.target.date.iso if action.target.date else action.target.note or ""
            found[_key(rec.number, label)] = (action.status, target, label)
    return found


def action_changes(before: Actions, after: Actions) -> list[str]:
    """One line per change between the report as it was and as it will be."""
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
