"""The third engine: any SPARQL 1.1 endpoint, with each report a named graph there as here.

`EndpointStore(url).query(sparql, timeout, bindings, checked_as)` answers as the embedded
stores do (store.interface.Store): the query is checked first (no Update, no SERVICE, no FROM),
the prefixes are declared in front of it, and it is POSTed with the SPARQL 1.1 Protocol;
SELECT and ASK come back as SPARQL JSON, read into engine-neutral Terms, and CONSTRUCT and
DESCRIBE as N-Triples. `bindings` become a VALUES clause after the query. The request runs
in a forked child killed at the time limit, as on the other engines, and the server is told
the limit too (`timeout`, in milliseconds, which Virtuoso reads and others ignore).

The server's default graph must be the union of the reports' graphs: the store that
`oscb-graph serve` opens has it as a set; Virtuoso, Fuseki with unionDefaultGraph and
`oxigraph serve --union-default-graph` give it as a bag, which the canned queries are
written to bear. `source` narrows every query to one report, its implied types and the
ontology with `default-graph-uri` and `named-graph-uri`, as --source does here.

Virtuoso returns what it has so far, with status 200, when its own time limit passes, and
marks it only in a header (X-SQL-State); such an answer is refused as incomplete.
"""
from __future__ import annotations

import json
import urllib.parse
from typing import Any

from ..errors import EndpointError, QueryTimeout
from ..prefixes import ID_BASE, INFERRED, ONTOLOGY, OSCB_NS, PREFIXES, inferred_graph
from .endpoint_url import checked_url, shown
from .interface import DATASET_FORMATS, DEFAULT_TIMEOUT, Bindings, NameRow
from .query import CheckedQueries
from .results import Answer, Interned
from .sparql_http import Response, send
from .terms import Term

ACCEPT = {
    "SELECT": "application/sparql-results+json",
    "ASK": "application/sparql-results+json",
    "CONSTRUCT": "application/n-triples",
    "DESCRIBE": "application/n-triples",
}
GRAPH_TYPES = ("application/n-triples", "text/plain", "text/ntriples", "application/ntriples")  # what servers call N-Triples
SLACK = 2.0  # seconds the server's own limit is given beyond ours, so that ours speaks first
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

# The reports an endpoint holds: every graph in which a report names its text, or an action plan
# imported from a tracker (which may come with no text) names its tracker's file.
REPORTS_QUERY = ("SELECT DISTINCT ?graph WHERE { { GRAPH ?graph { ?report <%ssourceText> ?text } } "
                 "UNION { GRAPH ?graph { ?plan <%strackerFile> ?file } } }" % (OSCB_NS, OSCB_NS))


# Every quad, for `dump` in the dataset formats (a CONSTRUCT answers triples only).
QUADS_QUERY = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
# The default graph (the union, or the --source graphs), for `dump` in the graph formats.
TRIPLES_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


class EndpointStore(CheckedQueries):
    """A remote SPARQL endpoint; with `source` (a graph IRI), only that report and the ontology."""

    def __init__(self, url: str, source: str | None = None):
        self.url = checked_url(url)
        self._source = source

    @property
    def source(self) -> str | None:
        return self._source

    def __repr__(self) -> str:
        return f"EndpointStore({shown(self.url)!r})"

    def reports(self, timeout: float | None = DEFAULT_TIMEOUT) -> dict[str, str]:
        """Report name -> graph IRI, for every report graph the endpoint holds."""
        graphs = [str(row[0]) for row in self.query(REPORTS_QUERY, timeout=timeout).terms]
        return {g[len(ID_BASE):]: g for g in sorted(graphs) if g.startswith(ID_BASE) and not g.startswith(INFERRED)}

    def answer(self, sparql: str, kind: str, bindings: Bindings, timeout: float | None = None) -> Answer:
        """The server's answer, POSTed with the SPARQL 1.1 Protocol (store.query.CheckedQueries runs it bounded)."""
        response = send(
            self.url, "POST", request_body(sparql + values_clause(bindings), self.source, timeout),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": ACCEPT[kind]},
            timeout=None if timeout is None else timeout + SLACK,
        )
        if "x-sql-state" in response.headers:  # Virtuoso's partial answer after its own time limit
            raise QueryTimeout(
                f"the endpoint at {shown(self.url)} stopped the query at its own time limit "
                f"({response.headers.get('x-sql-message', response.headers['x-sql-state'])[:120]}); make it more selective"
            )
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return graph_answer(response, self.url)
        return json_answer(response, kind, self.url)

    def name_rows(self, key: str, iri: str) -> list[NameRow] | None:
        return None  # no index on the server: oscb_graph.names finds names with a query

    def dump(self, fmt: str) -> bytes:
        """The graph from the server, serialised here by Oxigraph: every graph's quads for the dataset
        formats, a CONSTRUCT of the default graph (the union, or --source's graphs) for the others."""
        import pyoxigraph as ox

        from .oxigraph import DUMP_FORMATS, LINE_FORMATS, to_oxigraph

        if fmt not in DUMP_FORMATS:
            raise ValueError(f"unknown RDF format {fmt!r}; use one of {', '.join(DUMP_FORMATS)}")
        rdf_format = getattr(ox.RdfFormat, DUMP_FORMATS[fmt])
        prefixes = None if fmt in LINE_FORMATS else PREFIXES
        if fmt in DATASET_FORMATS:
            quads = sorted({
                ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), to_oxigraph(g))  # type: ignore[arg-type]
                for g, s, p, o in self.query(QUADS_QUERY, timeout=None).terms
                if g is not None and s is not None and p is not None and o is not None
            }, key=str)
            return ox.serialize(quads, format=rdf_format, prefixes=prefixes) or b""
        triples = ox.parse(self.answer(TRIPLES_QUERY, "CONSTRUCT", {}, None), format=ox.RdfFormat.N_TRIPLES)  # type: ignore[arg-type]
        return ox.serialize(sorted({q.triple for q in triples}, key=str), format=rdf_format, prefixes=prefixes) or b""


def request_body(sparql: str, source: str | None = None, timeout: float | None = None) -> bytes:
    """The form a query is POSTed as: prefixes declared, the dataset narrowed to `source`'s graphs, the time limit."""
    fields = [("query", PROLOGUE + sparql)]
    if source:
        graphs = (source, ONTOLOGY, inferred_graph(ONTOLOGY), inferred_graph(source))
        fields += [(name, g) for g in graphs for name in ("default-graph-uri", "named-graph-uri")]
    if timeout is not None:
        fields.append(("timeout", str(int((timeout + SLACK) * 1000))))
    return urllib.parse.urlencode(fields).encode("utf-8")


def open_endpoint(url: str, source: str | None = None) -> EndpointStore:
    """The endpoint at `url`, narrowed to the report called `source` (UnknownSource if it holds none so called)."""
    from . import source_graph

    store = EndpointStore(url)
    return store if source is None else EndpointStore(url, source_graph(store.reports(), source))


def values_clause(bindings: dict[str, Any]) -> str:
    """`bindings` as a VALUES clause after the query (a query may end with one), or nothing."""
    if not bindings:
        return ""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(Term.of(value).n3() for value in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


def not_results(response: Response, url: str, expected: str) -> EndpointError:
    what = "an HTML page" if "html" in response.content_type else (response.content_type or "no content type")
    return EndpointError(
        f"the endpoint at {shown(url)} answered with {what}, not {expected}: is it a SPARQL endpoint (Oxigraph's ends in /query)?"
    )


def json_answer(response: Response, kind: str, url: str) -> Answer:
    """SPARQL 1.1 Query Results JSON read into (vars, rows of Terms), or a bool for ASK."""
    if "json" not in response.content_type:
        raise not_results(response, url, "SPARQL JSON results")
    try:
        document = json.loads(response.body)
        if kind == "ASK":
            return boolean(document["boolean"])
        vars = list(document["head"]["vars"])
        convert = Interned(lambda key: Term.from_json(dict(key)))
        rows = [
            tuple(convert[frozen(binding.get(v))] for v in vars)
            for binding in document["results"]["bindings"]
        ]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        cut = isinstance(exc, json.JSONDecodeError) and exc.pos >= len(response.body.rstrip()) - 64  # failed at its end
        why = "was cut off" if cut else f"is not valid SPARQL JSON ({type(exc).__name__})"
        raise EndpointError(f"the answer from {shown(url)} {why}; try again") from None
    return vars, rows


def frozen(binding: dict[str, str] | None) -> tuple[tuple[str, str], ...] | None:
    """A SPARQL JSON term as a hashable key, so that each distinct term is converted once."""
    return None if binding is None else tuple(sorted(binding.items()))


def boolean(value: Any) -> bool:
    """An ASK answer; Virtuoso sends 1 or 0 where others send true or false."""
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    raise ValueError(f"not a boolean: {value!r}")


def graph_answer(response: Response, url: str) -> bytes:
    """An N-Triples answer, checked to parse, as the bytes the engines hand back."""
    if response.content_type not in GRAPH_TYPES:
        raise not_results(response, url, "N-Triples")
    import pyoxigraph as ox

    try:
        for _ in ox.parse(response.body, format=ox.RdfFormat.N_TRIPLES):
            pass
    except SyntaxError as exc:
        raise EndpointError(f"the graph from {shown(url)} does not parse as N-Triples ({str(exc)[:80]}); it may have been cut off") from None
    if response.body and not response.body.rstrip().endswith(b"."):
        raise EndpointError(f"the graph from {shown(url)} was cut off; try again")
    return response.body
