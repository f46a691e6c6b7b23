"""Results as tables that a notebook shows, each answer with its source quote beside it.

Notebook readers should meet answers as tables, not as rdflib terms. A `Table` holds rows of
text (IRIs as prefixed names, as the command line prints them) and shows itself in Jupyter as
an HTML table whose quote column is set off as a quotation, so that every answer visibly
carries the passage of the report it comes from. `Table.from_result` takes a QueryResult from
oscb_graph.store; `Table.from_records` takes the dict rows of oscb_graph.network;
`canned_table` runs a canned query by name. Plain Python gets the command line's text table.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rdflib.term import Node

from .output import REPORT_COLUMN, cell, one_report, table_text

if TYPE_CHECKING:
    from .store import QueryResult

QUOTE_COLUMN = "quote"
TEXT_WIDTH = 120  # characters, for str(table) outside a terminal

_CELL = 'style="text-align:left;vertical-align:top"'
_QUOTE_CELL = 'style="text-align:left;vertical-align:top;font-style:italic;color:#444;min-width:18em"'


@dataclass(frozen=True)
class Table:
    """Named columns and rows of text; `caption` says what the table answers."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""

    @classmethod
    def from_result(cls, result: QueryResult, caption: str = "") -> Table:
        """The rows of a SELECT result (an ASK result is one row saying true or false)."""
        if result.kind == "ASK":
            return cls(("ask",), ((str(bool(result.boolean)).lower(),),), caption)
        if result.kind != "SELECT":
            raise ValueError(f"a {result.kind} result is a graph, not rows: serialise result.graph instead")
        return cls(tuple(result.vars), tuple(tuple(cell(term) for term in row) for row in result.rows), caption)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]], columns: Iterable[str] | None = None,
                     caption: str = "") -> Table:
        """Rows from dicts (as oscb_graph.network returns them); columns default to the first dict's keys."""
        records = list(records)
        names = tuple(columns) if columns is not None else tuple(records[0]) if records else ()
        return cls(names, tuple(tuple(_text(record.get(name)) for name in names) for record in records), caption)

    def __len__(self) -> int:
        return len(self.rows)

    def _index(self, name: str) -> int:
        try:
            return self.columns.index(name)
        except ValueError:
            raise KeyError(f"no column {name!r}; the columns are: {', '.join(self.columns)}") from None

    def column(self, name: str) -> list[str]:
        """Every row's value in one column, in row order."""
        i = self._index(name)
        return [row[i] for row in self.rows]

    def where(self, **conditions: str | Callable[[str], bool]) -> Table:
        """The rows whose columns equal the given values, or satisfy the given tests."""
        tests = {self._index(name): (want if callable(want) else (lambda value, want=want: value == want))
                 for name, want in conditions.items()}
        kept = tuple(row for row in self.rows if all(test(row[i]) for i, test in tests.items()))
        return Table(self.columns, kept, self.caption)

    def select(self, *names: str) -> Table:
        """Only these columns, in this order."""
        indices = [self._index(name) for name in names]
        return Table(tuple(names), tuple(tuple(row[i] for i in indices) for row in self.rows), self.caption)

    def drop(self, *names: str) -> Table:
        """Every column but these."""
        for name in names:
            self._index(name)
        return self.select(*(c for c in self.columns if c not in names))

    def titled(self, caption: str) -> Table:
        """The same table with another caption, for a part of a larger answer."""
        return replace(self, caption=caption)

    def sort_by(self, *names: str) -> Table:
        """Rows ordered by these columns: whole numbers as numbers, other text by its letters, blanks last."""
        indices = [self._index(name) for name in names]

        def key(row: tuple[str, ...]) -> tuple:
            return tuple((2, 0, "") if not value else (0, int(value), "") if value.lstrip("-").isdigit()
                         else (1, 0, value.casefold()) for value in (row[i] for i in indices))

        return Table(self.columns, tuple(sorted(self.rows, key=key)), self.caption)

    def count(self, *by: str, distinct: str | None = None, name: str = "count") -> Table:
        """One row per combination of the `by` columns, in order of first appearance, with how many
        rows have it, or how many different values of the column `distinct` they hold (a query may give
        one row per agency of an action: count its node to count the action once)."""
        keys = [self._index(column) for column in by]
        counted = self._index(distinct) if distinct is not None else None
        groups: dict[tuple[str, ...], set] = {}
        for n, row in enumerate(self.rows):
            groups.setdefault(tuple(row[i] for i in keys), set()).add(row[counted] if counted is not None else n)
        return Table((*by, name), tuple((*key, str(len(found))) for key, found in groups.items()), self.caption)

    def __str__(self) -> str:
        heading = f"{self.caption}\n\n" if self.caption else ""
        return heading + table_text(list(self.columns), list(self.rows), width=TEXT_WIDTH)

    def _repr_html_(self) -> str:
        quote = self.columns.index(QUOTE_COLUMN) if QUOTE_COLUMN in self.columns else None
        parts = ['<table class="oscb-table">']
        if self.caption:
            parts.append(f'<caption style="text-align:left;font-weight:bold">{html.escape(self.caption)}</caption>')
        parts.append("<thead><tr>" + "".join(f"<th {_CELL}>{html.escape(c)}</th>" for c in self.columns)
                     + "</tr></thead><tbody>")
        for row in self.rows:
            cells = (f"<td {_QUOTE_CELL}>“{html.escape(v)}”</td>" if i == quote and v
                     else f"<td {_CELL}>{html.escape(v)}</td>" for i, v in enumerate(row))
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
        parts.append(f"<p><small>{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}</small></p>")
        return "".join(parts)


def _text(value: Any) -> str:
    """A record's value as text: rdflib terms as the command line shows them, lists joined with "; ", None blank."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(_text(v) for v in value)
    return cell(value) if isinstance(value, Node) else str(value)


def canned_table(store, query: str, /, **values: object) -> Table:
    """Run the canned query called `query` on a store from oscb_graph.store.open_store(); its title is the caption.

    Parameters go by name as in `oscb-graph run`: canned_table(store, "who-owns", number=4).
    As on the command line, a report column is left out when every row comes from one report.
    """
    from . import canned

    found = canned.get(query)
    result = canned.run(store, found, {name: str(value) for name, value in values.items()})
    table = Table.from_result(result, caption=found.title)
    return table.drop(REPORT_COLUMN) if one_report(result.vars, result.terms) else table
