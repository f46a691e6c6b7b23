"""`oscb-graph validate` and `oscb-graph stats`: is the data sound, and is it all there?"""
from __future__ import annotations

import contextlib
import shutil
import sys

import click

from ..output import emit, output_options
from .errors import OneLineCommand, handle_errors
from .reports import data_option, data_options, source_option


@click.command("validate", cls=OneLineCommand)
@data_option
@source_option  # no --endpoint: validate reads the local files
@handle_errors
@click.option("--all", "every", is_flag=True, help="List every problem, not the first few of each kind.")
def validate_cmd(data: tuple[str, ...], source: str | None, every: bool) -> None:
    """Check every report against the SHACL shapes and every quote against the report's text.

    Problems are grouped by report and kind, the first few of each with a count of the rest,
    then a summary line; exits 1 if there are any, 0 when all conforms. A verdict is kept in
    the cache, so checking data that has not changed is quick.

    \b
    Example:
      oscb-graph validate --source child-j
    """
    from ..validation import SHOWN_PER_KIND, validate, verdict_lines

    with terminal_progress() as progress:
        result = validate(list(data), source=source, progress=progress)
    for line in verdict_lines(result, shown=None if every else SHOWN_PER_KIND):
        click.echo(line)
    if not result.conforms:
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


@click.command("stats", cls=OneLineCommand)
@data_options
@handle_errors
@output_options
def stats_cmd(data: tuple[str, ...], source: str | None, endpoint: str | None, output_format: str | None) -> None:
    """Count the nodes of each kind in each source (report).

    \b
    Example:
      oscb-graph stats --markdown
    """
    from ..engine import QueryResult, open_store
    from ..stats import node_counts

    rows = node_counts(open_store(list(data), source=source, endpoint=endpoint))
    emit(QueryResult.from_rows(["source", "kind", "count"], rows), output_format)
