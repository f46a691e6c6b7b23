"""Build the rdflib graph that the library, notebooks and validation work on.

Each report folder becomes a named graph, the ontology another; the superclass types
that rdfs:subClassOf implies are added in a graph of their own beside each (see
prefixes.inferred_graph), so that a user can ask for `org:FormalOrganization` and find every
oscb:Agency without running a reasoner.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, URIRef

from .errors import DataError
from .inference import implied_types
from .namespaces import ONTOLOGY_IRI, PREFIXES
from .prefixes import inferred_graph
from .sources import ReportFolder, ontology_files, report_folders


def parse_turtle(graph: Graph, path: Path) -> None:
    """Parse one Turtle file into `graph`; a bad file raises DataError naming the file and line."""
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types; all mean "bad file"
        raise DataError(f"{path}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from exc


def bind_prefixes(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)


def load(data: list[str | Path] | None = None, include_bundled: bool = True) -> Dataset:
    """The ontology and every report (bundled, OSCB_GRAPH_DATA, then `data`), one named graph each.

    Queries see the union of all graphs as their default graph.
    """
    return load_folders(report_folders(data, include_bundled))


def load_folders(folders: list[ReportFolder]) -> Dataset:
    """The ontology and these report folders, one named graph each, with their superclass types."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    onto = ds.graph(ONTOLOGY_IRI)
    for path in ontology_files():
        parse_turtle(onto, path)
    for folder in folders:
        load_report(ds, folder)
    add_superclass_types(ds, [ONTOLOGY_IRI, *(URIRef(f.graph_iri) for f in folders)])
    return ds


def load_report(ds: Dataset, folder: ReportFolder) -> Graph:
    if not folder.path.is_dir():
        raise DataError(f"{folder.path}: no such report folder")
    graph = ds.graph(URIRef(folder.graph_iri))
    for path in folder.turtle_files:
        parse_turtle(graph, path)
    return graph


def add_superclass_types(ds: Dataset, graphs: list[URIRef]) -> None:
    """Materialise rdf:type for every superclass (transitively) of the nodes typed in each of
    `graphs`, into that graph's inferred graph; the subclass axioms are those of all graphs."""
    axioms = list(ds.subject_objects(RDFS.subClassOf))
    for name in graphs:
        inferred = ds.graph(URIRef(inferred_graph(str(name))))
        for node, sup in implied_types(axioms, ds.graph(name).subject_objects(RDF.type)):
            inferred.add((node, RDF.type, sup))
