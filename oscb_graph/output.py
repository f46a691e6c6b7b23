"""One set of output options for every command that prints results, and the writers behind them.

    @click.command()
    @handle_errors
    @output_options
    def my_cmd(output_format):
        emit(QueryResult.from_rows(["agency", "actions"], rows), output_format)

Rows (SELECT results, and the triples of a CONSTRUCT/DESCRIBE result) print as a table (the
default; it fits the terminal, or 100 columns in a file or pipe, wrapping cells at words and
cutting quotes short), --csv, --tsv, --json (W3C SPARQL 1.1 Query Results JSON, full IRIs) or
--markdown; a graph prints as --turtle (its default), --ntriples or --jsonld. --limit N prints
the first N rows and says on stderr how many it left out. Tables, markdown, CSV and TSV show
IRIs as prefixed names (cj:rec-4). An empty result says so on stderr and exits 0; CSV, TSV and
JSON still write their header, so that scripts always get a well-formed document.

The table is this module's own rather than a library's: rich or tabulate would add about 60-80%
of click's import time to every command's start (measured with -X importtime), and cold
who-owns must stay within 2x `python -c "import click"`.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from .prefixes import PREFIXES
from .store.terms import Term

if TYPE_CHECKING:
    from .store import QueryResult

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
    """Add --table/--csv/--tsv/--json/--markdown/--turtle/--ntriples/--jsonld, passed as `output_format`,
    and --limit N, which emit() applies itself (so a command need not pass it on).

    `output_format` is the chosen name, or None when the user chose none (emit picks the table
    for rows and Turtle for graphs).
    """
    command = click.option("--limit", type=click.IntRange(min=1), metavar="N", expose_value=False, callback=remember_limit,
                           help="Print only the first N rows (stderr says how many were left out).")(command)
    helps = {**ROW_FORMATS, **{name: text for name, (_, text) in GRAPH_FORMATS.items()}}
    for name in reversed(list(helps)):
        command = click.option(f"--{name}", "output_format", flag_value=name, help=f"Print {helps[name]}.")(command)
    return command


LIMIT_KEY = "oscb_graph.limit"


def remember_limit(ctx: click.Context, param: click.Parameter, value: int | None) -> None:
    if value is not None:
        ctx.meta[LIMIT_KEY] = value


def row_limit() -> int | None:
    """The --limit of the running command, if it has one."""
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get(LIMIT_KEY) if ctx is not None else None


def emit(result: QueryResult, output_format: str | None = None, full_quotes: bool = False) -> None:
    """Write `result` to stdout in `output_format`; say on stderr when it is empty, or cut by --limit.

    A table cuts quotes to QUOTE_CHARS unless `full_quotes` (for a command whose answer is the quotes).
    """
    if result.is_empty:
        click.echo("No results.", err=True)
    limit = row_limit()
    rows: list[tuple[Any, ...]]
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        if output_format is None or output_format in GRAPH_FORMATS:
            if limit is not None:
                raise click.UsageError("--limit cuts rows, and a graph prints whole; use LIMIT in the query, "
                                       "or a row format such as --csv")
            if not result.is_empty:
                click.echo(graph_text(result, output_format or "turtle"), nl=False)
            return
        vars, rows = ["subject", "predicate", "object"], sorted(result.graph or ())
    elif output_format in GRAPH_FORMATS:
        raise click.UsageError(
            f"--{output_format} prints a graph, from CONSTRUCT or DESCRIBE; "
            f"for rows use --{' / --'.join(ROW_FORMATS)}"
        )
    elif result.kind == "ASK":
        vars, rows = ["ask"], []
    else:
        vars, rows = result.vars, result.terms
    writer = ROW_WRITERS[output_format or "table"]
    cut: list = []
    if output_format in (None, "table"):
        writer = functools.partial(table_text, full_quotes=full_quotes)
    if result.kind == "ASK":
        text = ask_json(result.boolean) if output_format == "json" else writer(vars, [(str(result.boolean).lower(),)])
    elif result.is_empty and output_format in (None, "table", "markdown"):
        return
    else:
        cut = rows[limit:] if limit is not None else []
        text = writer(vars, rows[:limit] if cut else rows)
    click.echo(text, nl=False)
    if cut:
        click.echo(f"Showing the first {limit} of {len(rows)} rows; {len(cut)} more were left out by --limit.", err=True)


def graph_text(result: QueryResult, output_format: str) -> str:
    text = "" if result.graph is None else result.graph.serialize(format=GRAPH_FORMATS[output_format][0])
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


def table_text(vars: list[str], rows: list[tuple], width: int | None = None, full_quotes: bool = False) -> str:
    """Columns padded to line up, fitted to `width` (else table_width()): cells wrap at word
    boundaries, and the room goes to the columns that hold the most text. Where the columns
    cannot all be as wide as their words, each row is printed as a record instead, one field a
    line (as psql's expanded display). Quotes are cut to QUOTE_CHARS unless `full_quotes`."""
    cells = cell_rows(rows)
    if not full_quotes:
        quoted = [i for i, v in enumerate(vars) if v in QUOTE_COLUMNS]
        for row in cells:
            for i in quoted:
                row[i] = shortened(row[i], QUOTE_CHARS)
    width = width or table_width()
    widths = fit(vars, cells, width - len(COLUMN_GAP) * (len(vars) - 1))
    if widths is None or taller_than_records(vars, cells, widths, width):
        return records_text(vars, cells, width)
    lines = [render_row(list(vars), widths), COLUMN_GAP.join("-" * w for w in widths)]
    wrapped = [render_row(c, widths) for c in cells]
    separator = "\n" if any("\n" in r for r in wrapped) else ""  # a blank line between rows that wrap
    return "\n".join(lines) + "\n" + (separator + "\n").join(wrapped) + ("\n" if wrapped else "")


QUOTE_COLUMNS = ("quote", "match")  # columns that hold a passage of a report
QUOTE_CHARS = 40  # a table shows this much of each quote; CSV, TSV, JSON and Markdown show it whole
PIPED_WIDTH = 100  # the width of a table written where no terminal says how wide it is
LONGEST_WORD = 16  # a column is made wide enough for its words up to this length, so none is cut


def table_width() -> int:
    """$COLUMNS if set, else the terminal's width (stdout's, or stderr's when stdout is piped to a
    pager or a file), else PIPED_WIDTH."""
    import os

    if os.environ.get("COLUMNS", "").isdigit() and int(os.environ["COLUMNS"]) > 0:
        return int(os.environ["COLUMNS"])
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return PIPED_WIDTH


def shortened(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "\u2026"


def taller_than_records(vars: list[str], cells: list[list[str]], widths: list[int], width: int) -> bool:
    """True when the table would take a fifth more lines than records would (reckoned on the
    first FIT_SAMPLE rows): a long text squeezed into a narrow column reads worse than a block."""
    sample = cells[:FIT_SAMPLE]
    room = max(MIN_COLUMN, width - max(map(len, vars)) - len(COLUMN_GAP))
    table = sum(max(-(-len(c) // w) for c, w in zip(row, widths)) for row in sample)
    records = sum(sum(-(-len(c) // room) for c in row) for row in sample)
    return table > 1.2 * records


def records_text(vars: list[str], cells: list[list[str]], width: int) -> str:
    """Each row as a block of `name  value` lines (blank values left out), blocks apart by a blank line."""
    label = max(map(len, vars))
    room = max(MIN_COLUMN, width - label - len(COLUMN_GAP))
    blocks = []
    for row in cells:
        lines = []
        for name, value in zip(vars, row):
            if value:
                pieces = [p for line in value.splitlines() for p in (textwrap.wrap(line, room) or [""])]
                lines += [f"{name if k == 0 else '':<{label}}{COLUMN_GAP}{p}" for k, p in enumerate(pieces)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def fit(vars: list[str], cells: list[list[str]], room: int) -> list[int] | None:
    """Column widths adding up to `room` at most, or None when the columns' words do not fit in it.

    Each column first gets its natural width or enough for its longest word (up to LONGEST_WORD)
    and its heading's, whichever is less. The room left goes, a few characters at a time, to the
    column whose widening saves the table the most lines (reckoned on the first FIT_SAMPLE rows),
    so that long texts grow before short names and a name that nearly fits is not wrapped.
    """
    n = len(vars)
    natural = [max([len(v), *(max(map(len, c[i].splitlines() or [""])) for c in cells)]) for i, v in enumerate(vars)]
    if sum(natural) <= room:
        return natural
    words = [max((len(word) for c in cells for word in c[i].split()), default=0) for i in range(n)]
    widths = [min(natural[i], max(len(vars[i]), words[i])) for i in range(n)]  # no word cut, not even an IRI
    if sum(widths) > room:
        widths = [min(natural[i], LONGEST_WORD, max(len(vars[i]), words[i])) for i in range(n)]  # words up to LONGEST_WORD
    if sum(widths) > room:
        return None
    lengths = [[len(c[i]) for c in cells[:FIT_SAMPLE]] for i in range(n)]

    def height(i: int, width: int) -> list[int]:
        return [-(-length // width) for length in lengths[i]]

    heights = [height(i, widths[i]) for i in range(n)]
    left = room - sum(widths)
    while left > 0:
        best, best_gain = None, (0.0, 0.0)
        tallest = [sorted(column, reverse=True)[:2] + [0] for column in zip(*heights)]  # each row's two tallest cells
        for i in range(n):
            others = [top[1] if h == top[0] else top[0] for h, top in zip(heights[i], tallest)]
            for extra in range(1, min(left, natural[i] - widths[i]) + 1):  # the least widening that saves a line
                wider = height(i, widths[i] + extra)
                own = sum(heights[i]) - sum(wider)
                if own > 0:
                    table = sum(max(h, o) - max(w, o) for h, w, o in zip(heights[i], wider, others))
                    gain = (table / extra, own / extra)  # lines of the table saved per character, then the column's
                    if gain > best_gain:
                        best, best_gain = (i, extra), gain
                    break
        if best is None:  # no widening saves a line: share what is left among the columns that can grow
            growing = [i for i in range(n) if widths[i] < natural[i]]
            for k, i in enumerate(growing):
                more = min(natural[i] - widths[i], left // (len(growing) - k))
                widths[i] += more
                left -= more
            break
        i, extra = best
        widths[i] += extra
        heights[i] = height(i, widths[i])
        left -= extra
    return widths


FIT_SAMPLE = 100  # rows that fit() reckons with: enough to see the shape of a long answer


def render_row(cells: list[str], widths: list[int]) -> str:
    """One row, each cell wrapped to its column at word boundaries; a row may take several lines."""
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
