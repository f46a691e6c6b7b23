"""The store layer: one interface to the graph, whichever engine holds it.

    store = open_store()                  # the compiled Oxigraph store, built if the data changed
    result = store.query("SELECT ?n WHERE { ?r oscb:number ?n }")
    result.vars, result.terms

One module per concern: `interface` (the Store protocol an engine implements, the default
time limit), `safety` (read-only, no network), `timelimit` (the forked child), `query` (the
path that puts them together), `results` and `terms` (engine-neutral answers), `build` (parse,
implied types, name index, manifest), `update` (the last store with a few reports
reloaded), `cache` (where stores live, stamps, pruning),
`nameindex`; one module per engine: `oxigraph` (embedded, the default), `reference`
(rdflib) and `remote` (a SPARQL endpoint, over `sparql_http`). Importing this package imports neither rdflib nor pyoxigraph.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UnknownSource, choose
from .interface import DEFAULT_TIMEOUT, Store
from .results import QueryResult

if TYPE_CHECKING:
    from .reference import rdflib_dataset

__all__ = ["open_store", "rdflib_dataset", "source_graph", "Store", "QueryResult", "DEFAULT_TIMEOUT"]

ENGINES = ("oxigraph", "rdflib")


def open_store(data: list[str | Path] | None = None, engine: str = "oxigraph", source: str | None = None,
               endpoint: str | None = None) -> Store:
    """The ontology, the bundled report and the report folders in `data`, ready to query.

    engine="oxigraph" (the default) opens the compiled store, building it only if the data
    changed; engine="rdflib" parses the Turtle into memory with oscb_graph.load(). `source`
    (a report folder's name) narrows every query to that report and the ontology, each with
    the superclass types implied for its nodes. `endpoint` (a SPARQL endpoint's URL) queries
    the reports there instead (store.remote), and `data` is not read.
    """
    from ..sources import report_folders

    if endpoint:
        from .remote import open_endpoint

        return open_endpoint(endpoint, source)

    if engine == "oxigraph":
        from .cache import current_store
        from .oxigraph import OxigraphStore

        built = current_store(data)
        return OxigraphStore(built.path, data, source_graph(built.reports, source), built.reports)
    if engine == "rdflib":
        from .reference import RdflibStore, rdflib_dataset

        graph = source_graph({f.name: f.graph_iri for f in report_folders(data)}, source)
        return RdflibStore(rdflib_dataset(data, source), graph)
    raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")


def source_graph(reports: dict[str, str], source: str | None) -> str | None:
    """The graph IRI of the report called `source` (in any case), or UnknownSource naming the nearest."""
    if source is None:
        return None
    if source not in reports:
        source = choose(source, sorted(reports), "loaded report", UnknownSource)
    return reports[source]


def __getattr__(name: str) -> Any:
    """rdflib_dataset on first use: the query path (and pickle, threading) need not load with --help."""
    if name == "rdflib_dataset":
        from .reference import rdflib_dataset

        return rdflib_dataset
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
