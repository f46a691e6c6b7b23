"""Which column of a tracker holds what: headers matched by meaning, or by a mapping file.

Trackers word their headers many ways ("Action to be taken", "Actions", "What will be done");
each header is normalised (case, punctuation and spacing aside) and matched against the
patterns below, most specific first. A layout no pattern fits takes a mapping file (--columns):
one `Header as written: field` per line, `#` for comments, fields as in FIELDS.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .workbook import Cell, Grid

# field -> what it holds (also the help of --columns)
FIELDS = {
    "number": "the recommendation's number (Rec, No., Ref)",
    "recommendation": "the recommendation's text (may start 'Recommendation 1:')",
    "theme": "the recommendation's theme",
    "scope": "local, regional or national",
    "owner": "who owns the recommendation (when the tracker names it apart from each action's lead)",
    "action": "the action to be taken",
    "lead": "who leads the action: posts and organisations, several to a cell",
    "milestones": "key milestones, one a line, each with its date",
    "target": "the target date",
    "rag": "the progress indicator: Red, Amber, Green, Complete",
    "status": "how far it has got: not started, in progress, complete",
    "progress": "the agency's response or progress update",
    "completed": "the date of completion (and the outcome)",
    "review_type": "the kind of review: Child Safeguarding Practice Review, Serious Case Review, Domestic Homicide Review ...",
    "review_stage": "the review's stage: scoping, in progress, published, action plan, closed",
    "publication": "the review's publication: a date, published or unpublished, a link",
}

# (field, pattern over the normalised header), most specific first
_PATTERNS: list[tuple[str, str]] = [
    ("review_type", r"\b(review type|type of review|kind of review|review category)\b|^type$"),
    ("publication", r"\b(publication|published|link to (the )?(report|review))\b"),
    ("completed", r"\b(date (of )?completion|completion date|date completed|completed (on|date)|actual completion|date closed)\b"),
    ("owner", r"\b(recommendation (owner|lead)|rec(ommendation)? owner|owner of (the )?recommendation)\b"),
    ("number", r"^(rec(ommendation)? ?(no|number|ref|#)|no|number|ref(erence)?( no)?|#|item( no)?|rec|ref no)$"),
    ("theme", r"\btheme"),
    ("scope", r"\b(scope|level|local regional national|local national)\b"),
    ("milestones", r"\bmilestones?\b"),
    ("review_stage", r"\b(review stage|stage of (the )?review|stage)\b"),
    ("target", r"\b(target|by when|timescales?|deadline|due( date)?|when by|completion target|date due)\b|^when$"),
    ("rag", r"\b(rag|red amber green|progress indicator|rating|brag)\b"),
    ("status", r"^(status|current status|action status|progress status)$"),
    ("progress", r"\b(progress|agency response|response|update|evidence|comments?|outcome|impact)\b"),
    ("lead", r"\b(lead|leads|responsible|owner|by whom|who|accountable|agency|agencies|organisation|officer)\b"),
    ("action", r"\b(action|actions|what will be done|tasks?|activity|planned work)\b"),
    ("recommendation", r"\brecommendations?\b"),
]
_COMPILED = [(f, re.compile(p)) for f, p in _PATTERNS]


def normalise_header(text: str) -> str:
    text = text.replace("\u2019", "'").casefold()
    text = re.sub(r"[^\w#]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def field_for(header: str, mapping: dict[str, str] | None = None) -> str | None:
    """The field a header names, from the mapping file first, then by meaning; None for a column to skip."""
    key = normalise_header(header)
    if not key:
        return None
    if mapping and key in mapping:
        return mapping[key]
    for name, pattern in _COMPILED:
        if pattern.search(key):
            return name
    return None


def read_mapping(path: Path) -> dict[str, str]:
    """A --columns file: `Header as written: field` per line (normalised header -> field, or '' to skip)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot read the column mapping ({getattr(exc, 'strerror', None) or exc})") from None
    mapping = {}
    for n, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        header, sep, field = line.rpartition(":") if ":" in line else line.rpartition("=")
        field = field.strip().lower()
        if not sep or not header.strip() or (field not in FIELDS and field != "skip"):
            raise DataError(f"{path}:{n}: write 'Header as written: field' with a field among {', '.join(FIELDS)} or skip")
        mapping[normalise_header(header)] = "" if field == "skip" else field
    return mapping


@dataclass
class Layout:
    """Where a grid's header row is and which column holds each field."""

    grid: Grid
    header_row: int  # index into grid.rows
    columns: dict[str, int]  # field -> 0-based column index
    title: Cell | None  # the first text above the header, if any (the tracker's title)

    def cell(self, row: list[Cell], field: str) -> Cell | None:
        index = self.columns.get(field)
        return row[index] if index is not None and index < len(row) else None


HEADER_SCAN = 30  # title rows above the header: look this far down


def find_layout(grids: list[Grid], mapping: dict[str, str] | None = None) -> Layout:
    """The first grid and row whose cells name an action and at least two other fields."""
    best: Layout | None = None
    for grid in grids:
        for index, row in enumerate(grid.rows[:HEADER_SCAN]):
            columns: dict[str, int] = {}
            for c, cell in enumerate(row):
                if cell.origin and cell.origin[1] != cell.column:
                    continue  # a header merged across columns counts once
                name = field_for(cell.text, mapping)
                if name and name not in columns:
                    columns[name] = c
            if "action" in columns and len(columns) >= 3 and (best is None or len(columns) > len(best.columns)):
                title = next((cell for r in grid.rows[:index] for cell in r if cell.text.strip() and not cell.origin), None)
                best = Layout(grid, index, columns, title)
        if best is not None:
            return best
    names = ", ".join(g.name for g in grids) or "no sheets"
    raise DataError(f"no header row found in {names}: a tracker needs a row naming at least an action column and two "
                    "others (recommendation, lead, target date ...); name your columns with --columns FILE")
