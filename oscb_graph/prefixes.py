"""The IRIs and prefixes of the graph as plain strings, importable without rdflib.

Every query command needs PREFIXES and the graph names, and importing rdflib costs about
70 ms before any work is done; oscb_graph.namespaces builds rdflib namespaces on these.
"""
from __future__ import annotations

ID_BASE = "https://w3id.org/oscb-graph/id/"
ONTOLOGY = "https://w3id.org/oscb-graph/ontology"  # the ontology's named graph
OSCB_NS = ONTOLOGY + "#"
INFERRED = ID_BASE + "inferred"  # the named graph of the superclass types implied for the ontology's nodes

# Prefixes declared for every query and used to print IRIs as prefixed names.
PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "oscb": OSCB_NS,
    "agency": ID_BASE + "agency/",
    "unit": ID_BASE + "unit/",
    "post": ID_BASE + "post/",
    "forum": ID_BASE + "forum/",
    "group": ID_BASE + "group/",
    "place": ID_BASE + "place/",
    "thing": ID_BASE + "thing/",
    "cj": ID_BASE + "child-j/",
}


def inferred_graph(graph: str) -> str:
    """The named graph of the superclass types that rdfs:subClassOf implies for the nodes typed in
    `graph`: one per report, so that --source sees its own report's and no other's."""
    return INFERRED if graph == ONTOLOGY else f"{INFERRED}/{graph[len(ID_BASE):]}"
