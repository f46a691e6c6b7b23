"""How many nodes of each kind each source holds: the first check that nothing is missing.

One query over the store (the compiled one by default), grouped by named graph, so that
counting a thousand reports reads the store instead of parsing their Turtle again.
"""
from __future__ import annotations

from .prefixes import ID_BASE, INFERRED, ONTOLOGY, OSCB_NS

KIND_COUNTS = """
SELECT ?graph ?kind (COUNT(DISTINCT ?node) AS ?count) WHERE {
  GRAPH ?graph { ?node a ?class }
  FILTER(STRSTARTS(STR(?class), "%s") && ?graph NOT IN (<%s>, <%s>) && !STRSTARTS(STR(?graph), "%s/"))
  BIND(STRAFTER(STR(?class), "#") AS ?kind)
} GROUP BY ?graph ?kind ORDER BY ?graph ?kind
""" % (OSCB_NS, ONTOLOGY, INFERRED, INFERRED)


def node_counts(store) -> list[tuple[str, str, int]]:
    """(source, kind, count) for every report graph of `store` (store.open_store), kinds in alphabetical order."""
    return [(str(graph.value)[len(ID_BASE):], str(kind.value), int(count.value))
            for graph, kind, count in store.query(KIND_COUNTS).terms]
