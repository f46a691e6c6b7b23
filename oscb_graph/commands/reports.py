"""--data, --source and --endpoint: which reports a command reads, declared once for every command.

    @click.command("my-cmd", cls=OneLineCommand)
    @handle_errors
    @data_options
    def my_cmd(data, source, endpoint): ...   # open_store(list(data), source=source, endpoint=endpoint)

The bundled report is always read; --data (repeatable) and OSCB_GRAPH_DATA add report
folders, and a --data folder that holds no Turtle but folders that do (a partnership's
collection of reports) adds each of them; --source narrows to one report's graph (with the
ontology and inferred types); --endpoint (or OSCB_GRAPH_ENDPOINT) reads the reports held by a
SPARQL endpoint instead of the local ones (oscb_graph.store.remote). Commands that check or compile
every local report take `data_option`.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import brief
from ..sources import DATA_ENV, holds_reports
from ..store.endpoint_url import ENDPOINT_ENV, BadEndpointURL, checked_url


def checked_report_dirs(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Each --data DIR, checked to be a report folder or a folder of them (sources.report_folders reads them)."""
    for value in values:
        if not os.path.isdir(value):
            raise click.BadParameter(f"there is no folder {brief(value)}", ctx, param)
        try:
            found = holds_reports(Path(value))
        except OSError as exc:  # a name too long, a folder that cannot be read
            raise click.BadParameter(f"cannot read {brief(value)}: {exc.strerror}", ctx, param) from None
        if not found:
            raise click.BadParameter(f"{brief(value)} holds no Turtle (*.ttl) files, nor folders that do", ctx, param)
    return values


data_option = click.option(
    "--data", "data", multiple=True, type=click.Path(file_okay=False), metavar="DIR", callback=checked_report_dirs,
    help=f"A further report folder, or a folder of report folders, to read (repeatable; also ${DATA_ENV}, "
         f"report folders separated by '{os.pathsep}').",
)
source_option = click.option(
    "--source", metavar="NAME",
    help="Only the report in the folder called NAME (e.g. child-j), with the ontology; `oscb-graph build` lists them.",
)




def endpoint_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The --endpoint URL, checked (store.endpoint_url.checked_url); a bad one is a usage error."""
    if not value:
        return None
    try:
        return checked_url(value)
    except BadEndpointURL as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


endpoint_option = click.option(
    "--endpoint", metavar="URL", envvar=ENDPOINT_ENV, callback=endpoint_url,
    help=f"Query the reports on this SPARQL endpoint (e.g. http://127.0.0.1:7878/query) instead of the local ones; "
         f"also ${ENDPOINT_ENV}. Credentials come from $OSCB_GRAPH_USER/$OSCB_GRAPH_PASSWORD or ~/.netrc.",
)


def data_options(command: Callable) -> Callable:
    """Add --data DIR (repeatable), --source NAME and --endpoint URL, passed as `data` (a tuple), `source` and `endpoint`."""
    return data_option(source_option(endpoint_option(command)))
