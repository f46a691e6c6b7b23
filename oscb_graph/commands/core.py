"""`oscb-graph validate` and `oscb-graph stats`: is the data sound, and is it all there?"""
from __future__ import annotations

import contextlib
import shutil
import sys

import click

from ..output import emit, output_options
from .declare import command
from .reports import data_options


@command("validate")
@data_options
@click.option("--all", "every", is_flag=True, help="List every problem, not the first few of each kind.")
@click.option("--coverage", is_flag=True,
              help="Instead of checking, list the sentences of each report's text that no fact rests on, with a count.")
@click.option("--gaps", is_flag=True,
              help="Instead of checking, list every relation the report leaves open (no agent, receiver, audience ...).")
def validate_cmd(data: tuple[str, ...], source: str | None, endpoint: str | None, every: bool, coverage: bool,
                 gaps: bool) -> None:
    """Problems are grouped by report and kind, the first few of each with a count of the rest,
    then a summary line; exits 1 if there are any, 0 when all conforms. Notes (such as figures
    whose parts do not add up to the total the report gives) are printed but do not fail: the
    graph keeps what the report says. A verdict is kept in the cache, so checking data that has
    not changed is quick.

    --coverage lists, per report, the sentences no passage covers (headings aside) and how many
    are covered; it exits 1 when a sentence is neither covered nor explained in the data
    (oscb:notModelled). --gaps lists the relations the report leaves open.

    With --endpoint, each report's named graph there is fetched and checked against the same
    shapes; its quotes are not (the endpoint holds no report texts), nor can --coverage run.

    \b
    Examples:
      oscb-graph validate --source child-j
      oscb-graph validate --coverage --source child-j
      oscb-graph validate --gaps
      oscb-graph validate --endpoint http://127.0.0.1:7878/query
    """
    if coverage:
        if endpoint:
            raise click.UsageError("--coverage needs the text file of each report, which an endpoint does not hold: "
                                   "run it on the report folders, without --endpoint")
        report_coverage(data, source)
        return
    if gaps:
        from .. import questions
        from .people import show, store_for

        show(questions.ask(store_for(data, source, endpoint), "gaps", {}, 30.0, hide=("node",)), None)
        return
    from ..validation import SHOWN_PER_KIND, check_endpoint, validate, verdict_lines

    with terminal_progress() as progress:
        if endpoint:
            from ..store.remote import open_endpoint

            result = check_endpoint(open_endpoint(endpoint, source), progress or (lambda step: None))
        else:
            result = validate(list(data), source=source, progress=progress)
    for line in verdict_lines(result, shown=None if every else SHOWN_PER_KIND):
        click.echo(line)
    if not result.conforms:
        raise click.exceptions.Exit(1)


def report_coverage(data: tuple[str, ...], source: str | None) -> None:
    """Print the sentences of each report that no passage covers, then a count; exit 1 if any lacks a reason."""
    from ..coverage import coverage
    from ..sources import report_folders
    from ..store import source_graph

    folders = report_folders(list(data))
    if source is not None:
        chosen = source_graph({f.name: f.graph_iri for f in folders}, source)
        folders = [f for f in folders if f.graph_iri == chosen][:1]
    unexplained = 0
    for folder in folders:
        result = coverage(folder)
        for gap in result.uncovered:
            text = " ".join(gap.sentence.text.split())
            text = text if len(text) <= 100 else text[:99].rstrip() + "\u2026"
            why = f"  [not modelled: {gap.reason}]" if gap.reason else ""
            click.echo(f"{folder.name}:{gap.sentence.line}: {text}{why}")
        click.echo(result.summary())
        unexplained += len(result.unexplained)
    if unexplained:
        raise click.exceptions.Exit(1)


@contextlib.contextmanager
def terminal_progress():
    """A callback that shows what a long run is doing on one line of stderr, only on a terminal,
    and clears it when done; elsewhere (a pipe, a log) it says nothing."""
    if not sys.stderr.isatty():
        yield None
        return
    shown = [0]

    def progress(step: str) -> None:
        text = f"validate: {step} ..."[: shutil.get_terminal_size().columns - 1]
        sys.stderr.write("\r" + text.ljust(shown[0]))
        sys.stderr.flush()
        shown[0] = len(text)

    try:
        yield progress
    finally:
        if shown[0]:
            sys.stderr.write("\r" + " " * shown[0] + "\r")
            sys.stderr.flush()


@command("stats")
@data_options
@output_options
def stats_cmd(data: tuple[str, ...], source: str | None, endpoint: str | None, output_format: str | None) -> None:
    """\b
    Example:
      oscb-graph stats --markdown
    """
    from ..stats import node_counts
    from ..store import QueryResult, open_store

    rows = node_counts(open_store(list(data), source=source, endpoint=endpoint))
    emit(QueryResult.from_rows(["source", "kind", "count"], rows), output_format)
