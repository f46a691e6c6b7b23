"""`oscb-graph push`: load the reports into a SPARQL server, one named graph per report (oscb_graph.push)."""
from __future__ import annotations

import click

from .declare import command
from .reports import data_option, endpoint_url, source_option


@command("push")
@click.option("--endpoint", required=True, metavar="URL", envvar="OSCB_GRAPH_ENDPOINT", callback=endpoint_url,
              help="The server's SPARQL query endpoint (also $OSCB_GRAPH_ENDPOINT); its graph store is found from it.")
@click.option("--graph-store", metavar="URL", callback=endpoint_url,
              help="The server's Graph Store Protocol URL, when it cannot be told from --endpoint.")
@click.option("--dry-run", is_flag=True, help="List the graphs that would be sent, and send nothing.")
@data_option
@source_option
def push_cmd(endpoint: str, graph_store: str | None, dry_run: bool, data: tuple[str, ...], source: str | None) -> None:
    """Sends the ontology and each report (or only --source NAME), each with the graph of the
    types it implies, by HTTP PUT (Graph Store Protocol). Credentials come from
    $OSCB_GRAPH_USER and $OSCB_GRAPH_PASSWORD, or ~/.netrc. The server's default graph must
    be the union of its named graphs (Virtuoso's is; Oxigraph: oxigraph serve
    --union-default-graph). Exit codes: 0 ok, 1 data problem, 2 usage, 3 the server failed.

    \b
    Example:
      oscb-graph push --endpoint http://127.0.0.1:8890/sparql --dry-run
    """
    from .. import push
    from ..store import source_graph
    from ..store.cache import current_store

    target = graph_store or push.graph_store_url(endpoint)
    built = current_store(list(data))
    source_graph(built.reports, source)  # an unknown --source is named before anything is sent
    graphs = push.graphs_to_send(built.reports, source)
    if dry_run:
        for upload in push.uploads(built.path, graphs):
            click.echo(f"PUT {upload.graph}\t{upload.triples:,} triples, {len(upload.body):,} bytes" if upload.triples
                       else f"DELETE {upload.graph}\t(no triples)")
        click.echo(f"dry run: {len(graphs)} graphs would be sent to {push.shown(target)}; nothing was sent", err=True)
        return
    count, triples, seconds = push.push(built.path, graphs, target)
    click.echo(f"pushed {count} graphs ({triples:,} triples) to {push.shown(target)} in {seconds:.1f} s", err=True)
