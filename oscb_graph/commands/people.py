"""Commands for people who do not write SPARQL: each is a thin layer over one of oscb_graph.questions.

`queries` lists the canned queries and `run` runs any of them; the others (who-owns, agency,
recommendation, flows, services, timeline, glossary, search, cite) name their parameters as
a person would. Tables leave out the IRI columns that only machines need, and the report
column when every row comes from one report; they cut quotes short (cite shows them whole),
and --csv, --tsv, --json and --markdown keep every column and every word.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from ..output import emit, output_options
from .declare import command
from .limits import timeout_option
from .reports import data_options

if TYPE_CHECKING:
    from ..questions import Answer
    from ..store import Store


def people_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """--data, --source, --endpoint and --timeout, then the shared output options, for every command here."""
    return data_options(timeout_option(output_options(function)))


def store_for(data: tuple[str, ...], source: str | None, endpoint: str | None = None) -> Store:
    """The compiled store of the bundled report and the --data folders (or the --endpoint), narrowed to --source."""
    from ..store import open_store

    return open_store(list(data), source=source, endpoint=endpoint)


def show(answer: Answer, output_format: str | None) -> None:
    """Print an answer: shaped for a table when the output is one, whole otherwise."""
    emit(answer.for_table() if output_format in (None, "table") else answer.result, output_format,
         full_quotes=answer.full_quotes)


def parse_params(ctx: click.Context, param: click.Parameter, pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"write KEY=VALUE, not {pair!r}")
        values[key.strip()] = value
    return values


@command("queries")
@output_options
def queries_cmd(output_format: str | None) -> None:
    """Run one with `oscb-graph run NAME --param KEY=VALUE`, or read its SPARQL in the
    package's queries/ folder.

    \b
    Example:
      oscb-graph queries
    """
    from ..questions import canned_listing

    emit(canned_listing(), output_format)


@command("run")
@click.argument("name")
@click.option("--param", "-p", "values", multiple=True, callback=parse_params, metavar="KEY=VALUE",
              help="A parameter of the query (repeatable); names of nodes may be labels or acronyms.")
@people_options
def run_cmd(name: str, values: dict[str, str], data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float,
            output_format: str | None) -> None:
    """\b
    Example:
      oscb-graph run who-owns --param number=4 --csv
    """
    from .. import questions

    show(questions.run(store_for(data, source, endpoint), name, values, timeout), output_format)


@command("who-owns")
@click.argument("target", required=False, metavar="[RECOMMENDATION|BODY]")
@click.option("--detail", is_flag=True, help="With several reports: one row per report, recommendation and body "
                                            "instead of one per body.")
@people_options
def who_owns_cmd(target: str | None, detail: bool, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float,
                 output_format: str | None) -> None:
    """With one report (or --source): one row per recommendation and body: its part (owner,
    asked of, working with, acted, supported), how many actions it reported and how far they
    have got, and the report's words. With several reports: one row per body, with how many
    recommendations it owns or acts on, in how many reports, and its actions by status
    (--detail gives the rows per report instead). Give a recommendation (4, rec-4) or a body
    (tvp, OSCB) to see only that one.

    \b
    Example:
      oscb-graph who-owns 4
    """
    from .. import questions

    store = store_for(data, source, endpoint)
    if target is None and source is None and not detail and questions.several_reports(store, timeout):
        show(questions.who_owns_summary(store, timeout), output_format)
        if output_format in (None, "table"):
            click.echo("One row per body across every report; --detail for each report's rows, --source REPORT for one.",
                       err=True)
        return
    show(questions.who_owns(store, target, timeout), output_format)


@command("agency")
@click.argument("name")
@click.option("--recommendation", "-r", "number", type=int, help="Only what falls under this recommendation number.")
@people_options
def agency_cmd(name: str, number: int | None, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float,
               output_format: str | None) -> None:
    """NAME is a label or acronym of an agency, service, team, partnership, board, panel, post ...

    \b
    Example:
      oscb-graph agency tvp --recommendation 4
    """
    from .. import questions

    show(questions.agency(store_for(data, source, endpoint), name, number, timeout), output_format)


@command("recommendation")
@click.argument("recommendation", metavar="N")
@people_options
def recommendation_cmd(recommendation: str, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float,
                       output_format: str | None) -> None:
    """N is its number (4) or its name (rec-4).

    \b
    Example:
      oscb-graph recommendation 4
    """
    from .. import questions

    show(questions.recommendation(store_for(data, source, endpoint), recommendation, timeout), output_format)


@command("flows")
@click.option("--from", "sender", metavar="BODY", help="Only information this body passes on.")
@click.option("--to", "receiver", metavar="BODY", help="Only information this body receives.")
@click.option("--kind", help="Only flows of this kind: referral, escalation, reporting, sharing, recording, dissemination, consultation.")
@people_options
def flows_cmd(sender: str | None, receiver: str | None, kind: str | None, data: tuple[str, ...], source: str | None, endpoint: str | None,
              timeout: float, output_format: str | None) -> None:
    """\b
    Example:
      oscb-graph flows --from tvp
    """
    from .. import questions

    show(questions.flows(store_for(data, source, endpoint), sender, receiver, kind, timeout), output_format)


@command("services")
@click.option("--age", required=True, type=click.IntRange(min=0, max=150), help="The young person's age in years.")
@people_options
def services_cmd(age: int, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float, output_format: str | None) -> None:
    """\b
    Example:
      oscb-graph services --age 10
    """
    from .. import questions

    show(questions.services(store_for(data, source, endpoint), age, timeout), output_format)


@command("timeline")
@click.option("--after", metavar="DATE", help="Only dates on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD).")
@click.option("--before", metavar="DATE", help="Only dates on or before DATE.")
@people_options
def timeline_cmd(after: str | None, before: str | None, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float,
                 output_format: str | None) -> None:
    """In date order. A year compares with a month on their common part (2015 is both after
    and before 2015-06). Things dated only in words ("over the last three years") come last,
    and only when no date limit is given.

    \b
    Example:
      oscb-graph timeline --after 2015-06 --before 2016
    """
    from .. import questions

    show(questions.timeline(store_for(data, source, endpoint), after, before, timeout), output_format)


@command("glossary")
@click.argument("term", required=False)
@click.option("--undefined", is_flag=True, help="List instead the acronyms the report uses that its glossary does not define.")
@people_options
def glossary_cmd(term: str | None, undefined: bool, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float,
                 output_format: str | None) -> None:
    """TERM is an acronym (CEF) or words of an expansion (safeguarding); none lists the glossary.

    \b
    Example:
      oscb-graph glossary CEF
    """
    from .. import questions

    if undefined and term:
        raise click.UsageError("--undefined lists every undefined acronym; give no TERM with it")
    store = store_for(data, source, endpoint)
    show(questions.undefined_acronyms(store, timeout) if undefined else questions.glossary(store, term, timeout), output_format)


@command("search")
@click.argument("text")
@people_options
def search_cmd(text: str, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float, output_format: str | None) -> None:
    """The last column names each node, for `oscb-graph cite` or `oscb-graph agency`.

    \b
    Example:
      oscb-graph search niche
    """
    from .. import questions

    show(questions.search(store_for(data, source, endpoint), text, timeout), output_format)


@command("cite")
@click.argument("name")
@people_options
def cite_cmd(name: str, data: tuple[str, ...], source: str | None, endpoint: str | None, timeout: float, output_format: str | None) -> None:
    """NAME is a label, acronym or prefixed name (MASH, tvp, cj:rec-4). Its own passages come
    first, then those of every statement about it.

    \b
    Example:
      oscb-graph cite MASH
    """
    from .. import questions

    show(questions.cite(store_for(data, source, endpoint), name, timeout), output_format)
