"""`oscb-graph site`: the graph as a folder of pages for people who never open a terminal."""
from __future__ import annotations

import click

from .declare import command
from .reports import data_options


@command("site")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The folder to write (built beside it and swapped in whole; a folder of other files is refused).")
@data_options
def site_cmd(output: str, data: tuple[str, ...], source: str | None, endpoint: str | None) -> None:
    """With --endpoint, the pages are built from the reports on that SPARQL endpoint; a report's
    text, which an endpoint does not hold, is shown where its folder is also given with --data.

    \b
    Example:
      oscb-graph site -o site/
      oscb-graph site -o scr-2019-site/ --data ~/reviews --source scr-2019
      oscb-graph site -o shared-site/ --endpoint http://127.0.0.1:7878/query
    """
    from ..site import build_site

    built = build_site(output, list(data), source, endpoint)
    page, size = built.largest
    click.echo(f"wrote {built.folder} ({built.pages:,} pages, {built.files:,} files; largest page {page}, "
               f"{size / 1024:,.0f} KB): open {built.folder / 'index.html'}", err=True)
