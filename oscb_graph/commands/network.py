"""`oscb-graph network`: hubs, routes, gaps and weak points of the information-flow network.

A thin layer over oscb_graph.network, read from the compiled store; names resolve through the same NameIndex as every other
command, and rows print through the shared output options. networkx and rdflib are imported
only when a subcommand runs; no Turtle is parsed.
"""
from __future__ import annotations

import click

from ..errors import brief
from ..output import emit, output_options
from .errors import OneLineCommand, handle_errors
from .reports import data_options

# The same names as oscb_graph.network.PROJECTIONS and MEASURES (a test keeps them equal),
# written out so that --help imports no networkx.
PROJECTIONS = ("flow", "collaboration", "ownership")
MEASURES = ("degree", "betweenness")

graph_option = click.option("--graph", "projection", type=click.Choice(PROJECTIONS, case_sensitive=False), default="flow", show_default=True,
                            help="Which network: who passes information to whom (flow), who shares recommendations "
                                 "and forums (collaboration), or recommendations and their bodies (ownership).")
kind_option = click.option("--kind", "kinds", multiple=True, metavar="KIND",
                           help="Keep only nodes of this kind, e.g. Agency (repeatable).")


@click.group("network")
def network_group() -> None:
    """Analyse the network of agencies: hubs, routes, gaps, weak points.

    In the flow network, a flow through a system or meeting (Niche, MARAC) passes through it
    as a node of its own, and information passes only the way the report says it does.

    \b
    Example:
      oscb-graph network path "Oxford University Hospitals" MASH
    """


def load(data: tuple[str, ...], source: str | None):
    """The graph's records (oscb_graph.projections) from the compiled store of the bundled report
    and the --data folders, narrowed by --source."""
    from ..projections import Projections
    from ..store import open_store

    return Projections(open_store(list(data), source=source))


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


@network_group.command("rank", cls=OneLineCommand, short_help="Hubs, best first (--by degree or betweenness).")
@handle_errors
@click.option("--by", type=click.Choice(MEASURES, case_sensitive=False), default="degree", show_default=True,
              help="degree: how many others a node exchanges with; betweenness: how many routes pass through it.")
@graph_option
@kind_option
@data_options
@output_options
def rank_cmd(by: str, projection: str, kinds: tuple[str, ...], data: tuple[str, ...],
             source: str | None, output_format: str | None) -> None:
    """Rank the nodes of a network as hubs, best first.

    \b
    Example:
      oscb-graph network rank --by betweenness --kind Agency --limit 5
    """
    from .. import network

    g = network.PROJECTIONS[projection](load(data, source))
    kinds = chosen_kinds(kinds, {kind for _, kind in g.nodes(data="kind")})
    rows = network.rank(g, by=by, kinds=kinds)
    volume = ["in", "out", "flows"] if g.is_directed() else ["weight"]
    emit_rows([dict(r, rank=i) for i, r in enumerate(rows, 1)],
              ["rank", "node", "label", "kind", "degree", *volume, "betweenness"], output_format)


@network_group.command("path", cls=OneLineCommand, short_help="The shortest route from A to B, with quotes.")
@handle_errors
@click.argument("from_name", metavar="FROM")
@click.argument("to_name", metavar="TO")
@data_options
@output_options
def path_cmd(from_name: str, to_name: str, data: tuple[str, ...], source: str | None, output_format: str | None) -> None:
    """The shortest route by which information passes from FROM to TO, each hop with its quote.

    FROM and TO are names, acronyms or prefixed names. Exit codes: 0 a route was found,
    1 the report describes none (said in one line), 2 a name fits no node or several.

    \b
    Example:
      oscb-graph network path "Oxford University Hospitals" MASH
    """
    from .. import network
    from ..names import StoreNames

    graph = load(data, source)
    names = StoreNames(graph.store)
    start, end = names.resolve(from_name), names.resolve(to_name)
    if start.iri == end.iri:
        raise click.UsageError(f"{brief(from_name)} and {brief(to_name)} are the same node ({start.label}); name two different ones")
    g = network.flow_graph(graph)
    for match in (start, end):
        if match.iri not in g:
            raise network.NoRoute(f"no route in the report: {match.label} takes part in no information flow")
    hops = network.route(g, start.iri, end.iri)
    labels = [g.nodes[hops[0].sender]["label"]] + [g.nodes[h.receiver]["label"] for h in hops]
    click.echo(f"{' -> '.join(labels)} ({len(hops)} hop{'s' if len(hops) > 1 else ''})", err=True)
    rows = [
        {"step": step, "from": g.nodes[hop.sender]["label"], "to": g.nodes[hop.receiver]["label"],
         "flow_kind": flow["flow_kind"], "conveys": flow["conveys"], "quote": flow["quote"], "node": flow["flow"]}
        for step, hop in enumerate(hops, 1) for flow in hop.flows
    ]
    emit_rows(rows, ["step", "from", "to", "flow_kind", "conveys", "quote", "node"], output_format)


@network_group.command("gaps", cls=OneLineCommand, short_help="Bodies that act but pass no information.")
@handle_errors
@kind_option
@data_options
@output_options
def gaps_cmd(kinds: tuple[str, ...], data: tuple[str, ...], source: str | None, output_format: str | None) -> None:
    """Bodies that act on a recommendation but take part in no information flow.

    A body takes part if it, or a unit or post within it, sends, receives or carries a flow.

    \b
    Example:
      oscb-graph network gaps --kind Agency
    """
    from .. import network
    graph = load(data, source)
    kinds = chosen_kinds(kinds, set(graph.things.values())) if kinds else ()
    rows = [r for r in network.gaps(graph) if not kinds or r["kind"] in kinds]
    emit_rows(rows, ["node", "label", "kind", "actions", "recommendation_numbers"], output_format)


@network_group.command("articulation", cls=OneLineCommand, short_help="Single points of failure.")
@handle_errors
@graph_option
@data_options
@output_options
def articulation_cmd(projection: str, data: tuple[str, ...], source: str | None, output_format: str | None) -> None:
    """Single points of failure: nodes whose loss splits the network, with what they would cut off.

    \b
    Example:
      oscb-graph network articulation
    """
    from .. import network

    rows = network.articulation_points(network.PROJECTIONS[projection](load(data, source)))
    emit_rows(rows, ["node", "label", "kind", "pieces", "cut_off", "cut_off_nodes"], output_format)


@network_group.command("components", cls=OneLineCommand, short_help="The separate parts of the network.")
@handle_errors
@graph_option
@data_options
@output_options
def components_cmd(projection: str, data: tuple[str, ...], source: str | None, output_format: str | None) -> None:
    """The separate parts of the network (ignoring direction), largest first.

    \b
    Example:
      oscb-graph network components --csv
    """
    from .. import network

    rows = network.components(network.PROJECTIONS[projection](load(data, source)))
    emit_rows(rows, ["component", "size", "members"], output_format)
