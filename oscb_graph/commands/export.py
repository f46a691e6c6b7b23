"""`oscb-graph export`: write the graph for triple stores, Gephi, Cytoscape or a board paper."""
from __future__ import annotations

import click

from ..command_line import DEFAULT_NETWORK, EXPORT_FORMATS, NETWORKS
from .declare import command
from .network import load
from .reports import data_options


@command("export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS, case_sensitive=False),
              help="ttl/nt: all triples in one graph; trig/jsonld: with the named graphs; graphml/gexf: a network "
                   "for Gephi or Cytoscape; csv: the recommendation-by-body ownership matrix; xlsx: one report's "
                   "recommendations and actions as a tracker that `oscb-graph import` reads back (--source NAME). "
                   "[default: from the file's suffix]")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The file to write (replaced all at once, never left half-written).")
@click.option("--graph", "projection", type=click.Choice(NETWORKS, case_sensitive=False), default=DEFAULT_NETWORK,
              show_default=True,
              help="For graphml and gexf: which network to write.")
@data_options
def export_cmd(fmt: str | None, output: str, projection: str, data: tuple[str, ...], source: str | None,
               endpoint: str | None) -> None:
    """\b
    Example:
      oscb-graph export -o child-j.trig
      oscb-graph export --format gexf --graph collaboration -o collaboration.gexf
      oscb-graph export -o ownership.csv
      oscb-graph export -o child-j-tracker.xlsx --source child-j
    """
    from .. import export
    from ..atomic import check_writable
    from ..errors import brief

    fmt = fmt or export.format_for(output)
    if fmt is None:
        raise click.UsageError(f"cannot tell the format from {brief(output)}: give --format ({', '.join(EXPORT_FORMATS)})")
    check_writable(output)
    if fmt == "xlsx":
        from pathlib import Path

        from ..sources import report_folders
        from ..store import open_store, source_graph
        from ..store.remote import EndpointStore
        from ..tracker.layout import write_tracker

        if source is None and data:
            raise click.UsageError("name the report to write as a tracker with --source NAME")
        store = open_store(list(data), endpoint=endpoint)
        folders = store.reports() if isinstance(store, EndpointStore) else {f.name: f.graph_iri for f in report_folders(list(data))}
        report = str(source_graph(folders, source or "child-j")).rsplit("/", 1)[-1]
        path = write_tracker(Path(output), store, report)
        click.echo(f"wrote {path} (xlsx, {path.stat().st_size:,} bytes): the action plan of {report}", err=True)
        return
    path = export.export(load(data, source, endpoint), fmt, output, projection=projection)
    what = f"the {projection} network" if fmt in export.NETWORK_WRITERS else "the ownership matrix" if fmt == "csv" else "the graph"
    click.echo(f"wrote {path} ({fmt}, {path.stat().st_size:,} bytes): {what}", err=True)
