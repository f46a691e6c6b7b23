"""`oscb-graph serve`: share the compiled store as a read-only SPARQL endpoint (oscb_graph.server)."""
from __future__ import annotations

import click

from .declare import command
from .reports import data_option

DEFAULT_PORT = 7878  # Oxigraph's own default
SERVER_TIMEOUT = 30.0  # seconds the server gives any one query


@command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True, help="The port to listen on.")
@click.option("--bind", "bind", default="127.0.0.1", show_default=True, metavar="ADDR",
              help="The address to listen on; 0.0.0.0 lets other machines in (there is no password: mind your network).")
@click.option("--timeout", type=click.FloatRange(min=1), default=SERVER_TIMEOUT, show_default=True,
              help="The server stops any one query after this many seconds.")
@data_option
def serve_cmd(port: int, bind: str, timeout: float, data: tuple[str, ...]) -> None:
    """The store is built first if the data changed. Other commands then read it with
    --endpoint http://127.0.0.1:PORT/query, from this machine or (with --bind) others;
    the page at http://127.0.0.1:PORT/ runs queries in a browser. Needs the server extra:
    pip install 'oscb-graph[server]'.

    \b
    Example:
      oscb-graph serve --port 7878
      oscb-graph who-owns --endpoint http://127.0.0.1:7878/query
    """
    from ..server import oxigraph_executable, serve
    from ..store.cache import current_store

    oxigraph_executable()  # say at once that the server is missing, before any build
    built = current_store(list(data))

    def ready(base: str) -> None:
        reports = f"{len(built.reports)} report{'s' * (len(built.reports) != 1)}"
        click.echo(f"Serving {reports} ({built.triples:,} triples) read-only; Ctrl-C stops it.\n"
                   f"  SPARQL endpoint: {base}/query\n"
                   f"  query page:      {base}/", err=True)

    serve(built.path, bind, port, timeout, ready)
    click.echo("stopped.", err=True)
