"""`oscb-graph build`: compile the reports into the store that every query command opens.

Commands build the store themselves when the data changed; this command does it on purpose
(after adding reports, before a meeting) and says what the store holds. It also reads the
records the views start from, which the store keeps (store.answers), so that the first picture
or export after a build is as quick as the next.
"""
from __future__ import annotations

import click

from .declare import command
from .reports import data_option

SHOWN_REPORTS = 5  # names listed in the summary line; --reports lists them all


@command("build")
@data_option
@click.option("--force", is_flag=True, help="Build again even if the store is up to date.")
@click.option("--reports", "list_reports", is_flag=True, help="List every report the store holds, one a line.")
def build_cmd(data: tuple[str, ...], force: bool, list_reports: bool) -> None:
    """A build happens in a folder of its own and replaces the previous store only when it is
    complete, so an interrupted or failed build leaves the previous store in use. A report
    that does not parse is named by file and line, and nothing is replaced.

    \b
    Example:
      oscb-graph build --data ~/reviews
    """
    import time

    from ..network import ownership_matrix
    from ..pictures import flows_by_pair
    from ..projections import Projections
    from ..store.cache import current_store
    from ..store.oxigraph import OxigraphStore

    built = current_store(list(data), rebuild=force)
    started = time.perf_counter()
    graph = Projections(OxigraphStore(built.path, list(data), None, built.reports))  # the store just compiled, not opened again
    graph.prepare()
    ownership_matrix(graph)  # and what the views across reports start from (projections.derived_from)
    flows_by_pair(graph)
    prepared = time.perf_counter() - started
    names = sorted(built.reports)
    shown = ", ".join(names[:SHOWN_REPORTS]) + (f", ... ({len(names) - SHOWN_REPORTS} more)" if len(names) > SHOWN_REPORTS else "")
    done = f"built in {built.seconds:.1f} s" if built.seconds is not None else "up to date"
    click.echo(f"{done}: {len(names)} report{'s' * (len(names) != 1)} ({shown}), {built.triples:,} triples, in {built.path}", err=True)
    if built.seconds is not None:
        click.echo(f"the views' records (ownership, flows, memberships, the matrix) read in {prepared:.1f} s and kept beside it", err=True)
    if list_reports:
        click.echo("\n".join(names))
