"""`oscb-graph site`: the graph as a folder of pages for people who never open a terminal."""
from __future__ import annotations

import click

from .declare import command
from .reports import data_option, source_option


@command("site")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="The folder to write (built beside it and swapped in whole; a folder of other files is refused).")
@data_option
@source_option  # not yet --endpoint: the site is built from the local store
def site_cmd(output: str, data: tuple[str, ...], source: str | None) -> None:
    """\b
    Example:
      oscb-graph site -o site/
      oscb-graph site -o scr-2019-site/ --data ~/reviews --source scr-2019
    """
    from ..site import build_site

    built = build_site(output, list(data), source)
    page, size = built.largest
    click.echo(f"wrote {built.folder} ({built.pages:,} pages, {built.files:,} files; largest page {page}, "
               f"{size / 1024:,.0f} KB): open {built.folder / 'index.html'}", err=True)
