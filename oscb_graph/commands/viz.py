"""`oscb-graph viz`: draw a view of the graph as a self-contained HTML page, or as Mermaid/DOT text."""
from __future__ import annotations

import click

from ..command_line import DEFAULT_PICTURE_FORMAT, HOPS, NAMED_VIEWS, PICTURE_FORMATS, VIEWS
from .declare import command
from .errors import CommandFailure
from .reports import data_options


@command("viz")
@click.argument("view", type=click.Choice(VIEWS, case_sensitive=False))
@click.argument("name", required=False)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, writable=True),
              help="File to write (needed for html; mermaid and dot print to stdout without it).")
@click.option("--format", "fmt", type=click.Choice(PICTURE_FORMATS, case_sensitive=False), default=DEFAULT_PICTURE_FORMAT,
              show_default=True,
              help="A page that opens offline, or text to paste into slides.")
@click.option("--hops", type=click.IntRange(HOPS[0], HOPS[-1]), default=HOPS[0], show_default=True,
              help="For the agency view: how far from the agency to draw.")
@data_options
def viz_cmd(view: str, name: str | None, output: str | None, fmt: str, hops: int, data: tuple[str, ...],
            source: str | None, endpoint: str | None) -> None:
    """VIEW is one of:

    \b
    ownership  recommendations, the bodies that own them or are asked by them,
               and the agencies that acted (edges count the actions)
    flows      who passes what information to whom; escalations dashed red
    pathway    one referral or escalation route, step by step, left to right;
               with no NAME, the routes and their short ids
    agency     one body and everything within --hops 1 or 2 of it
    all        the whole graph

    The HTML page has vis-network inlined and fetches nothing, so it opens by
    double-click with no network. Point at a node or edge for its source quote.

    \b
    Example:
      oscb-graph viz ownership -o ownership.html
      oscb-graph viz agency MASH --hops 2 -o mash.html
      oscb-graph viz flows --format mermaid > flows.mmd
    """
    name, output = name or None, output or None  # an empty NAME or -o is none
    if view == "agency" and not name:
        raise click.UsageError("the agency view needs a NAME (an agency or other body), "
                               "e.g. oscb-graph viz agency MASH -o mash.html")
    if view not in NAMED_VIEWS and name:
        raise click.UsageError(f"the {view} view takes no NAME (got {name!r}); only pathway and agency do")

    from .. import pictures
    from ..atomic import check_writable
    from ..store import open_store

    if output:
        check_writable(output)
    from ..names import NameResolutionError
    from ..projections import Projections

    graph = Projections(open_store(list(data), source=source, endpoint=endpoint))
    if view == "pathway" and not name:
        list_routes(pictures.route_listing(graph))
        return
    if fmt == "html" and not output:
        raise click.UsageError(f"say where to write the page: oscb-graph viz {view} {name or ''} -o FILE.html"
                               .replace("  ", " "))
    try:
        net = (pictures.agency(graph, name or "", hops) if view == "agency"
               else pictures.pathway(graph, name or "") if view == "pathway"
               else pictures.VIEWS[view](graph))
    except NameResolutionError as exc:
        raise CommandFailure(str(exc), 2) from None
    if not net.nodes:
        raise CommandFailure(f"nothing to draw: the data has nothing for the {view} view yet", 1)
    if output is not None and fmt == "html":
        from ..render import write_html

        write_html(net, output)
        click.echo(f"wrote {output}: {len(net.nodes)} nodes, {len(net.edges)} edges", err=True)
        return
    from ..atomic import write_atomically
    from ..diagram_text import FORMATS

    text = FORMATS[fmt](net)
    if output:
        write_atomically(output, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    else:
        click.echo(text, nl=False)


def list_routes(routes: list[tuple[str, str, str, int]]) -> None:
    """The routes `viz pathway NAME` draws, each with the short id it also takes (exit 0)."""
    from ..output import REPORT_COLUMN, emit
    from ..store import QueryResult

    if not routes:
        click.echo("The data has no routes to draw.", err=True)
        return
    columns = [REPORT_COLUMN, "id", "route", "steps"]
    rows: list[tuple] = list(routes)
    if len({r[0] for r in routes}) == 1:  # the report column only when the routes come from several
        columns, rows = columns[1:], [r[1:] for r in routes]
    emit(QueryResult.from_rows(columns, rows), None)
    click.echo(f"Draw one with: oscb-graph viz pathway {routes[0][1]} -o route.html (a name or an id)", err=True)
