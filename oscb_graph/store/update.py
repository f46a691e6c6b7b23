"""Updating a compiled store when a few reports changed: start from the last store, reload only those.

A partnership adds one review at a time, and a build of every report for it takes minutes at
10,000 reports. An update starts from a store in the cache (a RocksDB checkpoint: hard links,
nothing copied), drops the graphs of the reports that changed or went, loads the reports that
changed or came, and gives the name index fresh rows for the nodes those reports name. The
default graph is the set union of every graph (store.build), so a dropped triple leaves it only
when no other graph states it. The result holds what a build of the same data holds; where an
update could not promise that (the ontology changed, a report declares its own rdfs:subClassOf,
or most reports changed) it raises NotUpdatable and the caller builds.
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..prefixes import ID_BASE, ONTOLOGY, OSCB_NS, inferred_graph
from .build import Built, NQuads, bulk_load, name_rows, write_manifest
from .nameindex import NAME_FILE, replace_rows

if TYPE_CHECKING:
    import pyoxigraph as ox

DENOTES = OSCB_NS + "denotes"  # a glossary entry's names are names of the node it denotes
COMPACT_AFTER = 8  # updates between compactions of the whole store (a build's optimize: 4 s at 1,000 reports)
MOST_CHANGED = 2  # update when at most 1 in this many reports changed; beyond, building anew is quicker


class NotUpdatable(Exception):
    """The store cannot be updated into the one these files build: build it instead."""


def changes(base: Built, digests: dict[str, str]) -> tuple[list[str], list[str]] | None:
    """(graphs to drop, graphs to load) to turn `base` into the store of `digests`, or None if it cannot be done."""
    if base.typed_afterwards or not base.graphs or base.graphs.get(ONTOLOGY) != digests.get(ONTOLOGY):
        return None
    drop = [g for g, digest in base.graphs.items() if digests.get(g) != digest]
    load = [g for g, digest in digests.items() if base.graphs.get(g) != digest]
    return (drop, load) if len({*drop, *load}) * MOST_CHANGED <= len(digests) else None


def update_from(base: Built, pairs: list[tuple[str, Path]], digests: dict[str, str], folder: Path,
           reports: dict[str, str]) -> Built:
    """The store of `pairs` in `folder` (which must not exist), made from `base`; NotUpdatable if it cannot be.

    Raises DataError for a file that does not parse, OSError when the folder cannot be written.
    """
    import pyoxigraph as ox

    started = time.perf_counter()
    planned = changes(base, digests)
    if planned is None:
        raise NotUpdatable
    drop, load = planned
    try:
        ox.Store.read_only(str(base.path)).backup(str(folder))
        shutil.copyfile(base.path / NAME_FILE, folder / NAME_FILE)
    except (OSError, RuntimeError) as exc:  # the base was pruned or damaged meanwhile
        raise NotUpdatable from exc
    store = ox.Store(str(folder))
    touched: set[str] = set()
    removed = drop_graphs(store, drop, touched)
    quads = NQuads([(g, path) for g, path in pairs if g == ONTOLOGY or g in load], parse_only=frozenset({ONTOLOGY}))
    bulk_load(store, quads)
    if quads.needs_second_pass:
        del store
        raise NotUpdatable
    added = new_triples(store, load, touched)
    store.flush()
    updates = base.updates + 1
    if updates >= COMPACT_AFTER:  # each update leaves a few uncompacted files, which slow every read a little
        store.optimize()
        updates = 0
    touched |= {str(q.object.value) for s in list(touched) for q in store.quads_for_pattern(
        ox.NamedNode(s), ox.NamedNode(DENOTES), None, ox.DefaultGraph()) if isinstance(q.object, ox.NamedNode)}
    nodes = sorted(iri for iri in touched if iri.startswith(ID_BASE))
    replace_rows(folder / NAME_FILE, nodes, [row for node in nodes for row in name_rows(store, node)])
    del store  # closes RocksDB before the manifest records its files
    return write_manifest(Built(folder, reports, base.triples - removed + added, time.perf_counter() - started, digests,
                                updates=updates))


def graph_nodes(graphs: list[str]) -> set[ox.NamedNode]:
    """Each report graph with its implied types' graph."""
    import pyoxigraph as ox

    return {ox.NamedNode(name) for graph in graphs for name in (graph, inferred_graph(graph))}


def touch(touched: set[str], quad: ox.Quad) -> None:
    """Note the nodes whose names `quad` may give or take: its subject, and what a glossary entry denotes."""
    import pyoxigraph as ox

    if isinstance(quad.subject, ox.NamedNode):
        touched.add(quad.subject.value)
    if quad.predicate.value == DENOTES and isinstance(quad.object, ox.NamedNode):
        touched.add(quad.object.value)


def stated_only_in(store: ox.Store, triple: ox.Triple, graphs: set[ox.NamedNode]) -> bool:
    """Whether no named graph but `graphs` states `triple` (the default graph aside)."""
    import pyoxigraph as ox

    return all(q.graph_name in graphs or isinstance(q.graph_name, ox.DefaultGraph)
               for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None))


def drop_graphs(store: ox.Store, graphs: list[str], touched: set[str]) -> int:
    """Remove these reports' graphs, and from the default graph what no other graph states; how many it lost."""
    import pyoxigraph as ox

    dropped = graph_nodes(graphs)
    quads = [q for graph in dropped for q in store.quads_for_pattern(None, None, None, graph)]
    lost = set()
    for quad in quads:
        touch(touched, quad)
        if quad.triple not in lost and stated_only_in(store, quad.triple, dropped):
            lost.add(quad.triple)
    for triple in lost:
        store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, ox.DefaultGraph()))
    for graph in dropped:
        store.remove_graph(graph)
    return len(lost)


def new_triples(store: ox.Store, graphs: list[str], touched: set[str]) -> int:
    """How many triples of these just-loaded reports' graphs no other graph states (new to the default graph)."""
    loaded = graph_nodes(graphs)
    new = set()
    for graph in loaded:
        for quad in store.quads_for_pattern(None, None, None, graph):
            touch(touched, quad)
            if quad.triple not in new and stated_only_in(store, quad.triple, loaded):
                new.add(quad.triple)
    return len(new)
