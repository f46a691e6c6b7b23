"""`oscb-graph network`: hubs, routes, gaps and weak points of the information-flow network.

A thin layer over oscb_graph.network, read from the compiled store; names resolve through the same NameIndex as every other
command, and rows print through the shared output options. networkx and rdflib are imported
only when a subcommand runs; no Turtle is parsed.
"""
from __future__ import annotations

import click

from ..command_line import DEFAULT_MEASURE, DEFAULT_NETWORK, MEASURES, NETWORKS
from ..errors import brief
from ..output import emit, output_options
from .declare import command, group
from .reports import data_options

graph_option = click.option("--graph", "projection", type=click.Choice(NETWORKS, case_sensitive=False), default=DEFAULT_NETWORK,
                            show_default=True,
                            help="Which network: who passes information to whom (flow), who shares recommendations "
                                 "and forums (collaboration), or recommendations and their bodies (ownership).")
kind_option = click.option("--kind", "kinds", multiple=True, metavar="KIND",
                           help="Keep only nodes of this kind, e.g. Agency (repeatable).")


@group("network")
def network_group() -> None:
    """In the flow network, a flow through a system or meeting (Niche, MARAC) passes through it
    as a node of its own, and information passes only the way the report says it does.

    \b
    Example:
      oscb-graph network path "Oxford University Hospitals" MASH
    """


def load(data: tuple[str, ...], source: str | None, endpoint: str | None = None):
    """The graph's records (oscb_graph.projections) from the compiled store of the bundled report
    and the --data folders (or from the --endpoint), narrowed by --source."""
    from ..projections import Projections
    from ..store import open_store

    return Projections(open_store(list(data), source=source, endpoint=endpoint))


def chosen_kinds(kinds: tuple[str, ...], present: set[str]) -> tuple[str, ...]:
    """Each --kind as the kind it names in any case (agency: Agency), or a usage error naming the nearest."""
    from ..errors import choose

    return tuple(choose(kind, sorted(present), "node kind") for kind in kinds)


def emit_rows(rows: list[dict], columns: list[str], output_format: str | None) -> None:
    """Print library rows (dicts) through the shared writers; the `node` column prints as a prefixed name."""
    from ..store import QueryResult
    from ..store.terms import Term

    table = [tuple(Term.iri(r[c]) if c == "node" else r[c] for c in columns) for r in rows]
    emit(QueryResult.from_rows(columns, table), output_format)


@command("network rank", network_group)
@click.option("--by", type=click.Choice(MEASURES, case_sensitive=False), default=DEFAULT_MEASURE, show_default=True,
              help="degree: how many others a node exchanges with; betweenness: how many routes pass through it.")
@graph_option
@kind_option
@data_options
@output_options
def rank_cmd(by: str, projection: str, kinds: tuple[str, ...], data: tuple[str, ...],
             source: str | None, endpoint: str | None, output_format: str | None) -> None:
    """\b
    Example:
      oscb-graph network rank --by betweenness --kind Agency --limit 5
    """
    from .. import network

    g = network.PROJECTIONS[projection](load(data, source, endpoint))
    kinds = chosen_kinds(kinds, {kind for _, kind in g.nodes(data="kind")})
    rows = network.rank(g, by=by, kinds=kinds)
    volume = ["in", "out", "flows"] if g.is_directed() else ["weight"]
    emit_rows([dict(r, rank=i) for i, r in enumerate(rows, 1)],
              ["rank", "node", "label", "kind", "degree", *volume, "betweenness"], output_format)


@command("network path", network_group)
@click.argument("from_name", metavar="FROM")
@click.argument("to_name", metavar="TO")
@data_options
@output_options
def path_cmd(from_name: str, to_name: str, data: tuple[str, ...], source: str | None, endpoint: str | None, output_format: str | None) -> None:
    """Each hop with its quote. FROM and TO are names, acronyms or prefixed names. Exit codes: 0 a route was found,
    1 the report describes none (said in one line), 2 a name fits no node or several.

    \b
    Example:
      oscb-graph network path "Oxford University Hospitals" MASH
    """
    from .. import network
    from ..names import StoreNames

    graph = load(data, source, endpoint)
    names = StoreNames(graph.store)
    start, end = names.resolve(from_name), names.resolve(to_name)
    if start.iri == end.iri:
        raise click.UsageError(f"{brief(from_name)} and {brief(to_name)} are the same node ({start.label}); name two different ones")
    g = network.flow_graph(graph)
    hops = network.route_between(g, start, end)
    click.echo(network.route_summary(g, hops), err=True)
    emit_rows(network.route_rows(g, hops), network.ROUTE_COLUMNS, output_format)


@command("network gaps", network_group)
@kind_option
@data_options
@output_options
def gaps_cmd(kinds: tuple[str, ...], data: tuple[str, ...], source: str | None, endpoint: str | None, output_format: str | None) -> None:
    """A body takes part if it, or a unit or post within it, sends, receives or carries a flow.

    \b
    Example:
      oscb-graph network gaps --kind Agency
    """
    from .. import network
    graph = load(data, source, endpoint)
    kinds = chosen_kinds(kinds, set(graph.things.values())) if kinds else ()
    rows = [r for r in network.gaps(graph) if not kinds or r["kind"] in kinds]
    emit_rows(rows, ["node", "label", "kind", "actions", "recommendation_numbers"], output_format)


@command("network articulation", network_group)
@graph_option
@data_options
@output_options
def articulation_cmd(projection: str, data: tuple[str, ...], source: str | None, endpoint: str | None, output_format: str | None) -> None:
    """Nodes whose loss splits the network.

    \b
    Example:
      oscb-graph network articulation
    """
    from .. import network

    rows = network.articulation_points(network.PROJECTIONS[projection](load(data, source, endpoint)))
    emit_rows(rows, ["node", "label", "kind", "pieces", "cut_off", "cut_off_nodes"], output_format)


@command("network components", network_group)
@graph_option
@data_options
@output_options
def components_cmd(projection: str, data: tuple[str, ...], source: str | None, endpoint: str | None, output_format: str | None) -> None:
    """Direction is ignored.

    \b
    Example:
      oscb-graph network components --csv
    """
    from .. import network

    rows = network.components(network.PROJECTIONS[projection](load(data, source, endpoint)))
    emit_rows(rows, ["component", "size", "members"], output_format)
