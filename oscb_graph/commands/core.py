"""`oscb-graph validate` and `oscb-graph stats`: is the data sound, and is it all there?"""
from __future__ import annotations

import click

from ..output import emit, output_options
from .errors import OneLineCommand, handle_errors
from .reports import data_option, data_options


@click.command("validate", cls=OneLineCommand)
@data_option
@handle_errors
def validate_cmd(data: tuple[str, ...]) -> None:
    """Check every report against the SHACL shapes and every quote against the report's text.

    Prints one problem per line and exits 1 if there are any; exits 0 when all conforms.

    \b
    Example:
      oscb-graph validate
    """
    from ..validation import validate

    result = validate(list(data))
    for problem in result.problems:
        click.echo(str(problem))
    if not result.conforms:
        raise click.exceptions.Exit(1)
    click.echo(f"OK: {result.nodes_checked} nodes conform to the shapes; {result.quotes_checked} quotes found verbatim at their offsets.")


@click.command("stats", cls=OneLineCommand)
@data_options
@handle_errors
@output_options
def stats_cmd(data: tuple[str, ...], source: str | None, output_format: str | None) -> None:
    """Count the nodes of each kind in each source (report).

    \b
    Example:
      oscb-graph stats --markdown
    """
    from ..engine import QueryResult, open_store
    from ..stats import node_counts

    rows = node_counts(open_store(list(data), source=source))
    emit(QueryResult.from_rows(["source", "kind", "count"], rows), output_format)
