"""Commands for people who do not write SPARQL: each is a thin layer over one canned query.

`queries` lists the canned queries and `run` runs any of them; the others (who-owns, agency,
recommendation, flows, services, timeline, glossary, search, cite) name their parameters as
a person would and resolve names (tvp, MASH, rec-4) through oscb_graph.names. Tables leave
out the IRI columns that only machines need, and the report column when every row comes from
one report; they cut quotes short (cite shows them whole), and --csv, --tsv, --json and
--markdown keep every column and every word.
"""
from __future__ import annotations

from collections.abc import Callable

import click

from ..output import emit, output_options
from .errors import OneLineCommand, handle_errors
from .limits import timeout_option
from .reports import data_options


def people_options(command: Callable) -> Callable:
    """--data, --source and --timeout, then the shared output options, for every command here."""
    return data_options(timeout_option(output_options(command)))


def store_for(data: tuple[str, ...], source: str | None):
    """The compiled store of the bundled report and the --data folders, narrowed to --source."""
    from ..store import open_store

    return open_store(list(data), source=source)


def answer(name: str, values: dict[str, str], store, timeout: float, output_format: str | None,
           hide: tuple[str, ...] = (), names=None, full_quotes: bool = False) -> None:
    """Run canned query `name` with `values` on `store` and print it.

    A table leaves out the `hide` columns, and cuts quotes short unless `full_quotes`.
    """
    from .. import canned

    query = canned.get(name)
    result = canned.run(store, query, {k: v for k, v in values.items() if v is not None}, timeout, names)
    if output_format in (None, "table") and result.kind == "SELECT":
        result = for_table(result, hide)
    emit(result, output_format, full_quotes=full_quotes)


def for_table(result, hide: tuple[str, ...]):
    """The result without the `hide` columns, nor a report column that says the same in every row."""
    from ..output import REPORT_COLUMN, one_report
    from ..store import QueryResult

    if one_report(result.vars, result.terms):
        hide = (*hide, REPORT_COLUMN)
    keep = [i for i, v in enumerate(result.vars) if v not in hide]
    rows = [tuple(row[i] for i in keep) for row in result.terms]
    return QueryResult.from_rows([result.vars[i] for i in keep], rows)


def parse_params(ctx, param, pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"write KEY=VALUE, not {pair!r}")
        values[key.strip()] = value
    return values


@click.command("queries", cls=OneLineCommand)
@handle_errors
@output_options
def queries_cmd(output_format: str | None) -> None:
    """List the canned queries, with what each answers and the parameters it takes.

    Run one with `oscb-graph run NAME --param KEY=VALUE`, or read its SPARQL in the
    package's queries/ folder.

    \b
    Example:
      oscb-graph queries
    """
    from .. import canned
    from ..store import QueryResult

    rows = [
        (q.name, q.title, ", ".join(f"{p.name} ({p.type}{', required' if p.required else ''})" for p in q.parameters) or "none")
        for q in canned.canned_queries().values()
    ]
    emit(QueryResult.from_rows(["query", "title", "parameters"], rows), output_format)


@click.command("run", cls=OneLineCommand)
@handle_errors
@click.argument("name")
@click.option("--param", "-p", "values", multiple=True, callback=parse_params, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable); names of nodes may be labels or acronyms.")
@people_options
def run_cmd(name: str, values: dict[str, str], data, source, timeout: float, output_format: str | None) -> None:
    """Run the canned query NAME (see `oscb-graph queries`) with its parameters.

    \b
    Example:
      oscb-graph run who-owns --param number=4 --csv
    """
    answer(name, values, store_for(data, source), timeout, output_format)


@click.command("who-owns", cls=OneLineCommand)
@handle_errors
@click.argument("target", required=False, metavar="[RECOMMENDATION|BODY]")
@click.option("--detail", is_flag=True, help="With several reports: one row per report, recommendation and body "
                                            "instead of one per body.")
@people_options
def who_owns_cmd(target: str | None, detail: bool, data, source, timeout: float, output_format: str | None) -> None:
    """Who owns each recommendation, whom it asks, and which agencies acted on it.

    With one report (or --source): one row per recommendation and body: its part (owner,
    asked of, working with, acted, supported), how many actions it reported and how far they
    have got, and the report's words. With several reports: one row per body, with how many
    recommendations it owns or acts on, in how many reports, and its actions by status
    (--detail gives the rows per report instead). Give a recommendation (4, rec-4) or a body
    (tvp, OSCB) to see only that one.

    \b
    Example:
      oscb-graph who-owns 4
    """
    store = store_for(data, source)
    if target is None and source is None and not detail and several_reports(data):
        return answer_summary(store, timeout, output_format)
    values, names = {}, None
    if target is not None and target.strip().isdigit():
        values["number"] = target.strip()
    elif target is not None:
        from ..names import StoreNames

        names = StoreNames(store)
        match = names.resolve(target)
        values["recommendation" if match.kind == "Recommendation" else "body"] = match.iri
    answer("who-owns", values, store, timeout, output_format, hide=("body",), names=names)


def several_reports(data: tuple[str, ...]) -> bool:
    from ..sources import report_folders

    return len({f.name for f in report_folders(list(data))}) > 1


def answer_summary(store, timeout: float, output_format: str | None) -> None:
    """who-owns across reports: one row per body (projections.body_summary), most recommendations first."""
    from ..projections import Projections, body_summary
    from ..store import QueryResult
    from ..store.terms import Term

    graph = Projections(store, timeout)
    rows = body_summary(graph.parts)
    labels = graph.nodes(r["body"] for r in rows)
    columns = ["who", "recommendations", "reports", "roles", "actions", "body"]
    table = [(labels[r["body"]].label if r["body"] in labels else r["body"], r["recommendations"], r["reports"],
              r["roles"], r["actions"], Term.iri(r["body"])) for r in rows]
    result = QueryResult.from_rows(columns, table)
    emit(for_table(result, ("body",), True) if output_format in (None, "table") else result, output_format)
    if output_format in (None, "table"):
        click.echo("One row per body across every report; --detail for each report's rows, --source REPORT for one.",
                   err=True)


@click.command("agency", cls=OneLineCommand)
@handle_errors
@click.argument("name")
@click.option("--recommendation", "-r", "number", type=int, help="Only what falls under this recommendation number.")
@people_options
def agency_cmd(name: str, number: int | None, data, source, timeout: float, output_format: str | None) -> None:
    """Everything the report says one body does: its recommendations, actions, seats, units, flows.

    NAME is a label or acronym of an agency, service, team, partnership, board, panel, post ...

    \b
    Example:
      oscb-graph agency tvp --recommendation 4
    """
    answer("agency", {"agency": name, "number": _text(number)}, store_for(data, source), timeout, output_format,
           hide=("node", "agency"))


@click.command("recommendation", cls=OneLineCommand)
@handle_errors
@click.argument("recommendation", metavar="N")
@people_options
def recommendation_cmd(recommendation: str, data, source, timeout: float, output_format: str | None) -> None:
    """One recommendation in full: text, theme, points, owners, actions and outcomes.

    N is its number (4) or its name (rec-4).

    \b
    Example:
      oscb-graph recommendation 4
    """
    key = "number" if recommendation.strip().isdigit() else "recommendation"
    answer("recommendation", {key: recommendation}, store_for(data, source), timeout, output_format, hide=("node",))


@click.command("flows", cls=OneLineCommand)
@handle_errors
@click.option("--from", "sender", metavar="BODY", help="Only information this body passes on.")
@click.option("--to", "receiver", metavar="BODY", help="Only information this body receives.")
@click.option("--kind", help="Only flows of this kind: referral, escalation, reporting, sharing, recording, dissemination, consultation.")
@people_options
def flows_cmd(sender: str | None, receiver: str | None, kind: str | None, data, source, timeout: float, output_format: str | None) -> None:
    """Who passes what information to whom, through which system or meeting, on what trigger.

    \b
    Example:
      oscb-graph flows --from tvp
    """
    answer("flows", {"sender": sender, "receiver": receiver, "kind": kind}, store_for(data, source), timeout, output_format, hide=("flow",))


@click.command("services", cls=OneLineCommand)
@handle_errors
@click.option("--age", required=True, type=click.IntRange(min=0, max=150), help="The young person's age in years.")
@people_options
def services_cmd(age: int, data, source, timeout: float, output_format: str | None) -> None:
    """Services open to a young person of a given age, as the report gives their ages.

    \b
    Example:
      oscb-graph services --age 10
    """
    answer("services", {"age": str(age)}, store_for(data, source), timeout, output_format, hide=("node",))


@click.command("timeline", cls=OneLineCommand)
@handle_errors
@click.option("--after", metavar="DATE", help="Only dates on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--before", metavar="DATE", help="Only dates on or before DATE.")
@people_options
def timeline_cmd(after: str | None, before: str | None, data, source, timeout: float, output_format: str | None) -> None:
    """What happened, started or is due when, in date order, at the report's precision.

    A year compares with a month on their common part (2015 is both after and before
    2015-06). Things dated only in words ("over the last three years") come last, and
    only when no date limit is given.

    \b
    Example:
      oscb-graph timeline --after 2015-06 --before 2016
    """
    answer("timeline", {"after": after, "before": before}, store_for(data, source), timeout, output_format, hide=("node",))


@click.command("glossary", cls=OneLineCommand)
@handle_errors
@click.argument("term", required=False)
@click.option("--undefined", is_flag=True, help="List instead the acronyms the report uses that its glossary does not define.")
@people_options
def glossary_cmd(term: str | None, undefined: bool, data, source, timeout: float, output_format: str | None) -> None:
    """What an acronym stands for and means, from the report's glossary.

    TERM is an acronym (CEF) or words of an expansion (safeguarding); none lists the glossary.

    \b
    Example:
      oscb-graph glossary CEF
    """
    if undefined:
        if term:
            raise click.UsageError("--undefined lists every undefined acronym; give no TERM with it")
        answer("acronyms-undefined", {}, store_for(data, source), timeout, output_format, hide=("node",))
    else:
        answer("glossary", {"term": term}, store_for(data, source), timeout, output_format, hide=("entry",))


@click.command("search", cls=OneLineCommand)
@handle_errors
@click.argument("text")
@people_options
def search_cmd(text: str, data, source, timeout: float, output_format: str | None) -> None:
    """Find nodes by words in their names, descriptions, texts and the quotes behind them.

    The last column names each node, for `oscb-graph cite` or `oscb-graph agency`.

    \b
    Example:
      oscb-graph search niche
    """
    answer("search", {"text": text}, store_for(data, source), timeout, output_format)


@click.command("cite", cls=OneLineCommand)
@handle_errors
@click.argument("name")
@people_options
def cite_cmd(name: str, data, source, timeout: float, output_format: str | None) -> None:
    """Where does it say that? The report's passages behind a node, with their offsets.

    NAME is a label, acronym or prefixed name (MASH, tvp, cj:rec-4). Its own passages come
    first, then those of every statement about it.

    \b
    Example:
      oscb-graph cite MASH
    """
    answer("cite", {"node": name}, store_for(data, source), timeout, output_format, hide=("about",), full_quotes=True)


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)
