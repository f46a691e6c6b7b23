"""The kind of a node: the one oscb: class the data gives it (oscb:Agency, oscb:Action, ...).

Every node in the data has exactly one class of our own (the shapes check it), so a
kind is a plain name that stats, pictures and tables can show.
"""
from __future__ import annotations

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from .prefixes import OSCB_NS


def kind_of(graph: Graph, node: Node) -> str | None:
    """Local name of the node's oscb: class, e.g. 'Agency'; None for nodes outside our model."""
    kinds = sorted(str(c)[len(OSCB_NS):] for c in graph.objects(node, RDF.type) if isinstance(c, URIRef) and str(c).startswith(OSCB_NS))
    return kinds[0] if kinds else None


def kinds_in(graph: Graph) -> set[str]:
    """Every kind that some node of `graph` has."""
    return {str(c)[len(OSCB_NS):] for c in set(graph.objects(None, RDF.type)) if isinstance(c, URIRef) and str(c).startswith(OSCB_NS)}
