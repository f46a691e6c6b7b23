"""One set of output options for every command that prints results, and the writers behind them.

    @click.command()
    @handle_errors
    @output_options
    def my_cmd(output_format):
        emit(QueryResult.from_rows(["agency", "actions"], rows), output_format)

Rows (SELECT results, and the triples of a CONSTRUCT/DESCRIBE result) print as a table (the
default; on a terminal it fits the width, wrapping long cells), --csv, --tsv, --json (W3C
SPARQL 1.1 Query Results JSON, full IRIs) or --markdown; a graph prints as --turtle (its
default), --ntriples or --jsonld. Tables, markdown, CSV and TSV show IRIs as prefixed names
(cj:rec-4). An empty result says so on stderr and exits 0; CSV, TSV and JSON still write
their header, so that scripts always get a well-formed document.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from .prefixes import PREFIXES
from .terms import Term

if TYPE_CHECKING:
    from .engine import QueryResult

ROW_FORMATS = {
    "table": "a table that fits the terminal (the default)",
    "csv": "comma-separated values, with a header",
    "tsv": "tab-separated values, with a header",
    "json": "W3C SPARQL 1.1 Query Results JSON",
    "markdown": "a Markdown table",
}
GRAPH_FORMATS = {
    "turtle": ("turtle", "Turtle (the default for CONSTRUCT and DESCRIBE)"),
    "ntriples": ("nt", "N-Triples"),
    "jsonld": ("json-ld", "JSON-LD"),
}
COLUMN_GAP = "  "
MIN_COLUMN = 8


def output_options(command: Callable) -> Callable:
    """Add --table/--csv/--tsv/--json/--markdown/--turtle/--ntriples/--jsonld, passed as `output_format`.

    `output_format` is the chosen name, or None when the user chose none (emit picks the table
    for rows and Turtle for graphs).
    """
    helps = {**ROW_FORMATS, **{name: text for name, (_, text) in GRAPH_FORMATS.items()}}
    for name in reversed(list(helps)):
        command = click.option(f"--{name}", "output_format", flag_value=name, help=f"Print {helps[name]}.")(command)
    return command


def emit(result: QueryResult, output_format: str | None = None) -> None:
    """Write `result` to stdout in `output_format`; say on stderr when it is empty."""
    if result.is_empty:
        click.echo("No results.", err=True)
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        if output_format is None or output_format in GRAPH_FORMATS:
            if not result.is_empty:
                click.echo(graph_text(result, output_format or "turtle"), nl=False)
            return
        vars, rows = ["subject", "predicate", "object"], sorted(result.graph)
    elif output_format in GRAPH_FORMATS:
        raise click.UsageError(
            f"--{output_format} prints a graph, from CONSTRUCT or DESCRIBE; "
            f"for rows use --{' / --'.join(ROW_FORMATS)}"
        )
    elif result.kind == "ASK":
        vars, rows = ["ask"], None
    else:
        vars, rows = result.vars, result.terms
    writer = ROW_WRITERS[output_format or "table"]
    if result.kind == "ASK":
        text = ask_json(result.boolean) if output_format == "json" else writer(vars, [(str(result.boolean).lower(),)])
    elif result.is_empty and output_format in (None, "table", "markdown"):
        return
    else:
        text = writer(vars, rows)
    click.echo(text, nl=False)


def graph_text(result: QueryResult, output_format: str) -> str:
    text = result.graph.serialize(format=GRAPH_FORMATS[output_format][0])
    return text if text.endswith("\n") else text + "\n"


def ask_json(boolean: bool | None) -> str:
    return json.dumps({"head": {}, "boolean": bool(boolean)}, indent=2) + "\n"


# -- Cells --------------------------------------------------------------------------------

_NAMESPACES = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda pair: -len(pair[0]))


def prefixed(iri: str) -> str:
    """cj:rec-4 for an IRI in one of PREFIXES' namespaces (longest first), else the IRI itself."""
    for ns, prefix in _NAMESPACES:
        local = iri[len(ns):]
        if iri.startswith(ns) and is_local_name(local):
            return f"{prefix}:{local}"
    return iri


def is_local_name(text: str) -> bool:
    """True when `text` can follow a prefix as it is (letters, digits, _ - . but not a final dot)."""
    return all(c.isalnum() or c in "_-." for c in text) and not text.endswith(".") and not text.startswith(("-", "."))


def cell(term: Any) -> str:
    """What a table, markdown, CSV or TSV shows for one term (a Term, an rdflib term or a value)."""
    if term is None:
        return ""
    term = Term.of(term)
    if term.type == "uri":
        return prefixed(term.value)
    if term.type == "bnode":
        return f"_:{term.value}"
    return term.value


REPORT_COLUMN = "report"  # the canned queries' column naming each row's report


def one_report(vars: list[str], rows: list[tuple]) -> bool:
    """True when the rows have a report column that names one report at most (a blank is a fact
    no single report owns), so that a table can leave it out."""
    if REPORT_COLUMN not in vars:
        return False
    i = vars.index(REPORT_COLUMN)
    return len({row[i] for row in rows} - {None}) <= 1


def cell_rows(rows: list[tuple]) -> list[list[str]]:
    """Every row's cells, each distinct Term shown once (an answer of thousands of rows repeats a few terms)."""
    shown: dict[Term, str] = {}

    def show(term: Any) -> str:
        if type(term) is not Term:  # plain values: True == 1, so they are not looked up by value
            return cell(term)
        text = shown.get(term)
        if text is None:
            text = shown[term] = cell(term)
        return text

    return [[show(t) for t in row] for row in rows]


# -- Row writers --------------------------------------------------------------------------

def csv_text(vars: list[str], rows: list[tuple], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(vars)
    writer.writerows(cell_rows(rows))
    return buffer.getvalue()


def tsv_text(vars: list[str], rows: list[tuple]) -> str:
    return csv_text(vars, rows, delimiter="\t")


def json_text(vars: list[str], rows: list[tuple]) -> str:
    from .results_json import select_to_json

    return json.dumps(select_to_json(vars, rows), indent=2, ensure_ascii=False) + "\n"


def markdown_text(vars: list[str], rows: list[tuple]) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in cells) + " |\n"

    return line(vars) + line(["---"] * len(vars)) + "".join(line(cells) for cells in cell_rows(rows))


def table_text(vars: list[str], rows: list[tuple], width: int | None = None) -> str:
    """Columns padded to line up; with `width` (the terminal's), long cells wrap to fit it."""
    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    cells = cell_rows(rows)
    natural = [max([len(v), *(max(map(len, c[i].splitlines() or [""])) for c in cells)]) for i, v in enumerate(vars)]
    widths = fit(natural, width - len(COLUMN_GAP) * (len(vars) - 1)) if width else natural
    lines = [render_row(list(vars), widths), COLUMN_GAP.join("-" * w for w in widths)]
    wrapped = [render_row(c, widths) for c in cells]
    separator = "\n" if any("\n" in r for r in wrapped) else ""  # a blank line between rows that wrap
    return "\n".join(lines) + "\n" + (separator + "\n").join(wrapped) + ("\n" if wrapped else "")


def fit(natural: list[int], room: int) -> list[int]:
    """Column widths that add up to at most `room`: narrow columns keep their width, wide ones share the rest."""
    widths = list(natural)
    order = sorted(range(len(natural)), key=lambda i: natural[i])
    left = room
    for n, i in enumerate(order):
        share = max(MIN_COLUMN, left // (len(order) - n))
        widths[i] = min(natural[i], share)
        left -= widths[i]
    return widths


def render_row(cells: list[str], widths: list[int]) -> str:
    """One row, each cell wrapped to its column; a row may take several lines."""
    columns = [
        [piece for line in (c.splitlines() or [""]) for piece in (textwrap.wrap(line, w) or [""])]
        for c, w in zip(cells, widths)
    ]
    height = max(len(c) for c in columns)
    out = []
    for k in range(height):
        parts = [(col[k] if k < len(col) else "").ljust(w) for col, w in zip(columns, widths)]
        out.append(COLUMN_GAP.join(parts).rstrip())
    return "\n".join(out)


ROW_WRITERS: dict[str, Callable[[list[str], list[tuple]], str]] = {
    "table": table_text,
    "csv": csv_text,
    "tsv": tsv_text,
    "json": json_text,
    "markdown": markdown_text,
}
