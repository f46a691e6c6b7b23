"""The tracker spreadsheet as the shapes lay it out: `oscb-graph template` and `export --format xlsx`.

The columns, their order, headers, notes and drop-down lists come from the tracker shapes in
ontology/shapes.ttl (sh:order, sh:name, sh:description, sh:in, oscbsh:choices), so that the
sheet a business manager fills in, the one export writes and the one import reads agree. An
exported report's recommendation cells are merged over its actions, as trackers do; import
reads them back to the same owners, leads, statuses and dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import SH, SKOS

from ..atomic import write_atomically
from ..loader import parse_turtle
from ..sources import ontology_files, shapes_file
from .values import DateValue, read_date

OSCBSH = Namespace("https://w3id.org/oscb-graph/shapes#")
SHAPES = (OSCBSH.TrackerRecommendationShape, OSCBSH.TrackerActionShape, OSCBSH.TrackerReviewShape)
RECOMMENDATION_COLUMNS = 4  # the first columns describe the recommendation, merged over its actions
REVIEW_COLUMNS = 3  # the last columns describe the review (type, stage, publication), merged over every row
SHEET = "Action plan"
LISTS = "Lists"


@dataclass(frozen=True)
class Column:
    name: str
    note: str
    choices: tuple[str, ...]  # a drop-down list's values
    organisations: bool  # a drop-down of the graph's organisations (several may be written)


def columns() -> list[Column]:
    """The tracker's columns, in order, from the tracker shapes."""
    shapes, ontology = Graph(), Graph()
    parse_turtle(shapes, shapes_file())
    for path in ontology_files():
        parse_turtle(ontology, path)
    found = []
    for shape in SHAPES:
        for prop in shapes.objects(shape, SH.property):
            order = shapes.value(prop, SH.order)
            if order is None:
                continue
            values = shapes.value(prop, SH["in"])
            choices = tuple(str(ontology.value(v, SKOS.prefLabel)) for v in Collection(shapes, values)) if values else ()
            found.append((int(str(order)), Column(str(shapes.value(prop, SH.name)), str(shapes.value(prop, SH.description) or ""),
                                             choices, str(shapes.value(prop, OSCBSH.choices) or "") == "organisations")))
    return [c for _, c in sorted(found, key=lambda oc: oc[0])]


def organisation_names(store) -> list[str]:
    """The labels of the organisations and posts the graph knows, for the drop-down lists."""
    from .leads import Resolver

    return sorted({b.label for b in Resolver.from_store(store).bodies.values()}, key=str.casefold)


def _date_text(iso: str | None, note: str | None) -> str:
    """A date as a tracker writes it (31/12/2016, February 2016, 2016), with its words in brackets."""
    import calendar

    if not iso:
        return note or ""
    if note and read_date(note).date == DateValue(iso):
        return note  # the tracker's own words for the date ("By 31/01/2017")
    parts = iso.split("-")
    text = {3: lambda: f"{parts[2]}/{parts[1]}/{parts[0]}", 2: lambda: f"{calendar.month_name[int(parts[1])]} {parts[0]}",
            1: lambda: parts[0]}[len(parts)]()
    return f"{text} ({note})" if note and note != text else text


def report_rows(store, report: str) -> list[list[list[str]]]:
    """The report's recommendations as groups of rows (one a recommendation), each row the columns' values."""
    from .. import canned

    result = canned.run(store, canned.get("action-plan"), {"report": report}, timeout=60)
    index = {v: i for i, v in enumerate(result.vars)}
    recs: dict[int, dict] = {}
    for row in result.terms:
        def get(name: str, row=row) -> str | None:
            value = row[index[name]]
            return None if value is None else str(value)
        number = int(get("rec") or 0)
        rec = recs.setdefault(number, {"text": get("text"), "scope": get("scope") or "", "owners": [], "actions": {}})
        if get("part") == "owner":
            rec["owners"].append(get("body"))
        elif get("part") == "action":
            action = rec["actions"].setdefault(get("node"), {"label": get("action"), "leads": [], "target": get("target"),
                                                             "note": get("note"), "status": get("status"), "rag": get("rag"),
                                                             "progress": get("progress"), "completed": get("completed"),
                                                             "milestones": []})
            if get("body") and get("body") not in action["leads"]:
                action["leads"].append(get("body"))
        elif get("part") == "milestone":  # after its action's rows (ORDER BY part)
            rec["actions"][get("node")]["milestones"].append(get("action"))
    groups = []
    for number, rec in sorted(recs.items()):
        head = [str(number), rec["text"], rec["scope"], "\n".join(sorted(set(rec["owners"]), key=str.casefold))]
        rows = [head + [a["label"], "\n".join(a["leads"]), "\n".join(a["milestones"]), _date_text(a["target"], a["note"]), a["status"] or "",
                        a["rag"] or "", a["progress"] or "", _date_text(a["completed"], None)]
                for a in rec["actions"].values()]
        groups.append(rows or [head + [""] * 8])
    return groups


def review_values(store, report: str) -> list[str]:
    """The review's type, stage and publication as a tracker writes them (blank where the graph has none)."""
    from .. import canned

    result = canned.run(store, canned.get("review"), {"report": report}, timeout=60)
    index = {v: i for i, v in enumerate(result.vars)}
    facts = {str(row[index["fact"]]): str(row[index["value"]]) for row in result.terms}
    date = _date_text(facts.get("publication date"), None)
    flag = {"true": "Published", "false": "Unpublished"}.get(facts.get("published", ""), "")
    publication = " ".join(p for p in (date or flag, facts.get("link", "")) if p)
    return [facts.get("type", ""), facts.get("stage", ""), publication]


def write_tracker(path: Path, store, report: str | None) -> Path:
    """An .xlsx tracker: empty (a template) or holding `report`'s recommendations and actions."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = columns()
    groups = report_rows(store, report) if report else []
    review = review_values(store, report) if report else []
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([f"Action plan: {report}" if report else "Action plan"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([c.name for c in cols])
    for i, column in enumerate(cols, start=1):
        cell = sheet.cell(2, i)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.note:
            cell.comment = Comment(column.note, "oscb-graph")
        sheet.column_dimensions[cell.column_letter].width = 48 if i in (2, 5) else 20
    row = 3
    for rows in groups:
        first = row
        for values in rows:
            for c, value in enumerate(values, start=1):
                if c > RECOMMENDATION_COLUMNS or row == first:
                    cell = sheet.cell(row, c, value or None)
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        if row - first > 1:
            for c in range(1, RECOMMENDATION_COLUMNS + 1):
                sheet.merge_cells(start_row=first, start_column=c, end_row=row - 1, end_column=c)
    if any(review) and row > 3:
        for c, value in enumerate(review, start=len(cols) - REVIEW_COLUMNS + 1):
            sheet.cell(3, c, value or None).alignment = Alignment(wrap_text=True, vertical="top")
            if row > 4:
                sheet.merge_cells(start_row=3, start_column=c, end_row=row - 1, end_column=c)
    last = max(row + 200, 500)
    lists = book.create_sheet(LISTS)
    names = organisation_names(store)
    for i, name in enumerate(names, start=1):
        lists.cell(i, 1, name)
    for i, column in enumerate(cols, start=1):
        letter = sheet.cell(2, i).column_letter
        if column.choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True)
        elif column.organisations and names:
            rule = DataValidation(type="list", formula1=f"{LISTS}!$A$1:$A${len(names)}", allow_blank=True,
                                  showErrorMessage=False)  # several leads to a cell are allowed
        else:
            continue
        rule.prompt, rule.showInputMessage = column.note[:250], True
        sheet.add_data_validation(rule)
        rule.add(f"{letter}3:{letter}{last}")
    lists.sheet_state = "hidden"
    sheet.freeze_panes = "A3"
    return write_atomically(path, lambda tmp: book.save(tmp))
