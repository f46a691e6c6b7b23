"""A tracker's rows read into recommendations and actions, with every cell that could not be read.

Rows below the header belong to the recommendation above them until a new one starts: a
recommendation cell merged over its actions, left blank under its first row, or repeated on
each row all read the same. Recommendations are numbered as written ("Recommendation 1:",
"Rec 1", "1.", a number column) or, when not at all, in the order they come. Each value keeps
the cell it came from; each cell the import could not read is an ErrorRow, and its fact is
left out (or kept as words) rather than guessed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import values
from .columns import Layout
from .leads import Body, Resolver, read_leads
from .values import DateValue, Publication, ReadDate
from .workbook import Cell, column_letter


@dataclass(frozen=True)
class ErrorRow:
    """One cell the import could not read, as the errors table shows it."""

    sheet: str
    row: int
    column: str
    value: str
    problem: str

    @classmethod
    def at(cls, cell: Cell, problem: str) -> ErrorRow:
        return cls(cell.sheet, cell.source[0], column_letter(cell.source[1]), cell.text[:80], problem)


@dataclass
class Milestone:
    text: str
    date: DateValue | None
    cell: Cell


@dataclass
class Action:
    text: str
    cell: Cell
    leads: list[tuple[Body, Cell]] = field(default_factory=list)
    target: ReadDate | None = None
    target_cell: Cell | None = None
    milestones: list[Milestone] = field(default_factory=list)
    rag: tuple[str, Cell] | None = None
    status: str = "Planned"
    status_cell: Cell | None = None
    progress: tuple[str, Cell] | None = None
    completed: tuple[DateValue, Cell] | None = None


@dataclass
class Recommendation:
    number: int
    text: str
    cell: Cell
    theme: tuple[str, Cell] | None = None
    scope: tuple[str, Cell] | None = None
    owners: list[tuple[Body, Cell]] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class Plan:
    """What a tracker says, ready to be written as a report folder."""

    title: str
    title_cell: Cell | None
    recommendations: list[Recommendation] = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)
    # the review's facts, each from the first cell that gives it: field -> (value, cell)
    review: dict[str, tuple[str | Publication, Cell]] = field(default_factory=dict)

    @property
    def actions(self) -> list[Action]:
        return [a for r in self.recommendations for a in r.actions]

    def bodies(self) -> list[tuple[Body, Cell]]:
        """Every body the tracker names, once, with the first cell that names it."""
        seen: dict[str, tuple[Body, Cell]] = {}
        for body, cell in [*(o for r in self.recommendations for o in r.owners), *(lead for a in self.actions for lead in a.leads)]:
            seen.setdefault(body.iri, (body, cell))
        return list(seen.values())

    def new_bodies(self) -> list[tuple[Body, Cell]]:
        return [(body, cell) for body, cell in self.bodies() if body.new]


SCOPES = {"local": "ScopeLocal", "regional": "ScopeRegional", "national": "ScopeNational"}


class _Reader:
    def __init__(self, layout: Layout, resolver: Resolver, report: str):
        self.layout, self.resolver, self.report = layout, resolver, report
        title_cell = layout.title
        self.plan = Plan(title_cell.text.strip() if title_cell else report, title_cell)
        self.current: Recommendation | None = None
        self.numbers: dict[int, Recommendation] = {}
        self.conflicts: set[str] = set()  # the review's facts that differ between rows

    def error(self, cell: Cell, problem: str) -> None:
        self.plan.errors.append(ErrorRow.at(cell, problem))

    def text(self, row: list[Cell], name: str) -> tuple[str, Cell | None]:
        cell = self.layout.cell(row, name)
        if cell is None:
            return "", None
        if cell.problem:
            self.error(cell, cell.problem)
            return "", None
        return cell.text.strip(), cell

    def read(self) -> Plan:
        for row in self.layout.grid.rows[self.layout.header_row + 1:]:
            if not any(c.text.strip() for c in row):
                continue
            self.read_row(row)
        for name in self.conflicts:
            del self.plan.review[name]
        for rec in self.plan.recommendations:
            if not rec.owners:
                rec.owners = [lead for a in rec.actions for lead in a.leads]
                rec.owners = list({b.iri: (b, c) for b, c in rec.owners}.values())
            if not rec.owners:
                self.error(rec.cell, f"recommendation {rec.number} names no owner and none of its actions a lead; "
                                     "add a lead so that someone owns it (validate reports it until then)")
        return self.plan

    def read_review(self, row: list[Cell]) -> None:
        """The review's type, stage and publication: the same on every row that gives them, else an error row."""
        for name in ("review_type", "review_stage", "publication"):
            text, cell = self.text(row, name)
            if not text or cell is None or cell.origin:
                continue  # a cell merged over the rows is read once, at its top
            value: str | Publication | None
            if name == "publication":
                value, problem = values.read_publication(text, cell.value)
            else:
                value, problem = (values.read_review_type if name == "review_type" else values.read_review_stage)(text)
            if problem or value is None:
                self.error(cell, problem or f"cannot read {text[:40]!r}")
                continue
            first = self.plan.review.setdefault(name, (value, cell))
            if first[0] != value:
                where = f"{column_letter(first[1].source[1])}{first[1].source[0]}"
                self.error(cell, f"the review's {name.replace('_', ' ')} differs from {where} ({first[1].text.strip()[:30]!r}); "
                                 "a tracker holds one review: make them agree (until then neither is stated)")
                self.conflicts.add(name)

    def read_row(self, row: list[Cell]) -> None:
        self.read_review(row)
        rec_text, rec_cell = self.text(row, "recommendation")
        num_text, num_cell = self.text(row, "number")
        same = self.current is not None and (
            (rec_cell is not None and rec_cell.text.strip() == self.current.cell.text.strip())
            or (not rec_text and (not num_text or values.read_number(num_text, num_cell.value if num_cell else None) == self.current.number))
        )
        if not same and (rec_text or num_text):
            self.start_recommendation(rec_text, rec_cell, num_text, num_cell, row)
        action_text, action_cell = self.text(row, "action")
        if self.current is None:
            cell = action_cell or next(c for c in row if c.text.strip())
            self.error(cell, "a row before any recommendation: put the recommendation in its column above or on this row")
            return
        if action_cell is None or not action_text:
            for name in ("lead", "target", "rag", "status", "completed"):
                _, stray = self.text(row, name)
                if stray is not None and stray.text.strip() and not stray.origin:
                    self.error(stray, "this row names no action; write the action in its column")
                    break
            self.read_owner(row)
            return
        self.read_owner(row)
        self.current.actions.append(self.read_action(row, action_text, action_cell))

    def start_recommendation(self, text: str, cell: Cell | None, num_text: str, num_cell: Cell | None, row: list[Cell]) -> None:
        number, rest = values.split_number(text) if text else (None, "")
        if num_cell is not None and num_text:
            given = values.read_number(num_text, num_cell.value)
            if given is None:
                self.error(num_cell, f"cannot read {num_text[:20]!r} as a recommendation number")
            else:
                number = given
        if number is None:
            number = len(self.plan.recommendations) + 1
            while number in self.numbers:
                number += 1
        if not rest:
            self.error(cell or num_cell or row[0], f"recommendation {number} has no text")
        if number in self.numbers:
            self.error(cell or num_cell or row[0], f"recommendation number {number} is used twice; its rows go with the first")
            self.current = self.numbers[number]
            return
        rec = Recommendation(number, rest or text, cell or num_cell or row[0])
        theme, theme_cell = self.text(row, "theme")
        if theme and theme_cell is not None:
            rec.theme = (theme, theme_cell)
        scope, scope_cell = self.text(row, "scope")
        if scope and scope_cell is not None:
            key = values._key(scope)
            if key in SCOPES:
                rec.scope = (SCOPES[key], scope_cell)
            else:
                self.error(scope_cell, f"cannot read {scope[:30]!r} as a scope (local, regional or national)")
        self.numbers[number] = rec
        self.plan.recommendations.append(rec)
        self.current = rec

    def read_owner(self, row: list[Cell]) -> None:
        """The recommendation's owners from an owner column (merged, repeated or once); without one, its actions' leads."""
        text, cell = self.text(row, "owner")
        if not text or cell is None or self.current is None:
            return
        if any(c.source == cell.source for _, c in self.current.owners):
            return
        self.current.owners.extend((b, cell) for b in self.leads(text, cell))

    def leads(self, text: str, cell: Cell) -> list[Body]:
        reading = read_leads(text, self.resolver, self.report)
        for problem in reading.problems:
            self.error(cell, problem + "; write the full name")
        return reading.bodies

    def read_action(self, row: list[Cell], text: str, cell: Cell) -> Action:
        action = Action(text, cell)
        lead, lead_cell = self.text(row, "lead")
        if lead and lead_cell is not None:
            action.leads = [(b, lead_cell) for b in self.leads(lead, lead_cell)]
        else:
            self.error(cell, "this action names no lead")
        self.read_target(row, action)
        milestones, milestones_cell = self.text(row, "milestones")
        if milestones and milestones_cell is not None:
            action.milestones += [Milestone(t, d, milestones_cell) for t, d in values.dated_parts(milestones)]
        rag, rag_cell = self.text(row, "rag")
        if rag and rag_cell is not None:
            rating, problem = values.read_rag(rag)
            if problem:
                self.error(rag_cell, problem)
            elif rating:
                action.rag = (rating, rag_cell)
        progress, progress_cell = self.text(row, "progress")
        if progress and progress_cell is not None:
            action.progress = (progress, progress_cell)
        completed, completed_cell = self.text(row, "completed")
        if completed and completed_cell is not None:
            self.read_completion(completed, completed_cell, action)
        status, status_cell = self.text(row, "status")
        named, problem = values.read_status(status) if status else (None, None)
        if problem and status_cell is not None:
            self.error(status_cell, problem)
        if named and status_cell is not None:
            action.status, action.status_cell = named, status_cell
        elif action.rag is not None:
            action.status = "Done" if action.rag[0] == "RagComplete" else "Ongoing"
            action.status_cell = action.rag[1]
        elif action.completed is not None:
            action.status, action.status_cell = "Done", action.completed[1]
        return action

    def read_target(self, row: list[Cell], action: Action) -> None:
        text, cell = self.text(row, "target")
        if cell is None or not (text or cell.value is not None):
            return
        parts = values.dated_parts(text) if cell.value is None or isinstance(cell.value, str) else []
        dated = [d for _, d in parts if d is not None]
        if len(parts) > 1 and len(dated) == len(parts):
            action.milestones += [Milestone(t, d, cell) for t, d in parts]
            action.target, action.target_cell = ReadDate(values.latest(dated), " ".join(text.split())), cell
            return
        reading = values.read_date(text, cell.value)
        if reading.problem:
            self.error(cell, reading.problem)
        action.target, action.target_cell = reading, cell

    def read_completion(self, text: str, cell: Cell, action: Action) -> None:
        reading = values.read_date(text, cell.value)
        if reading.date is not None:
            action.completed = (reading.date, cell)
            return
        first, _, rest = text.partition("\n") if "\n" in text else text.partition(" - ")
        try:
            date = values.one_date(first)
        except ValueError:
            date = None
        if date is not None:
            action.completed = (date, cell)
            outcome = rest.strip()
        else:
            outcome = text
        if outcome and action.progress is None:
            action.progress = (outcome, cell)


def read_plan(layout: Layout, resolver: Resolver, report: str) -> Plan:
    """The recommendations and actions of a tracker's rows (see the module's docstring)."""
    return _Reader(layout, resolver, report).read()
