"""How many nodes of each kind each source holds: the first check that nothing is missing."""
from __future__ import annotations

from rdflib import Dataset, URIRef

from .kinds import OSCB_NS
from .loader import INFERRED_GRAPH
from .namespaces import ONTOLOGY_IRI

KIND_COUNTS = """
SELECT ?kind (COUNT(DISTINCT ?node) AS ?count) WHERE {
  ?node a ?class .
  FILTER(STRSTARTS(STR(?class), "%s"))
  BIND(STRAFTER(STR(?class), "#") AS ?kind)
} GROUP BY ?kind ORDER BY ?kind
""" % OSCB_NS


def node_counts(ds: Dataset) -> list[tuple[str, str, int]]:
    """(source graph, kind, count) for every report graph, kinds in alphabetical order."""
    rows = []
    for graph in ds.graphs():
        if graph.identifier in (ONTOLOGY_IRI, INFERRED_GRAPH) or not isinstance(graph.identifier, URIRef) or not len(graph):
            continue
        source = str(graph.identifier).rstrip("/").rsplit("/", 1)[-1]
        rows.extend((source, str(r[0]), int(r[1])) for r in graph.query(KIND_COUNTS))
    return rows
