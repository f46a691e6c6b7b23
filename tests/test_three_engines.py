"""Every canned query gives the same records on the embedded store, Oxigraph's server and Virtuoso.

The data is Child J and three generated reports (benchmarks/generate_corpus.py), so that
organisations are named in several graphs: a server whose default graph is the union of its
graphs as a bag (Virtuoso, a pushed Oxigraph) would repeat rows that the compiled store's
default graph, a set, does not; every canned query is SELECT DISTINCT so that they agree.

The servers are real and started here, on loopback ports, in temporary folders: Oxigraph's
server read-only on the compiled store (what `oscb-graph serve` runs), Oxigraph's server
read-write loaded by `oscb-graph push`, and Debian's Virtuoso with its own virtuoso.ini, loaded
by `oscb-graph push` through its digest-authenticated graph store. scripts/test.sh installs
both. Records are compared after normalising what engines may write differently and still
mean the same: row order (rows tied on the ORDER BY key come in any order), numbers' lexical
forms, booleans as 1/0, and blank nodes' labels.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest
from conftest import run_cli
from sparql_servers import VIRTUOSO_USER, free_port, oxigraph_server, virtuoso, virtuoso_installed

from oscb_graph import canned
from oscb_graph.store import open_store
from oscb_graph.store.terms import XSD, Term

# Each canned query with every parameter free, and with the parameters a person would give.
CASES = [
    ("who-owns", {}), ("who-owns", {"number": "4"}), ("who-owns", {"body": "tvp"}), ("who-owns", {"recommendation": "cj:rec-2"}),
    ("agency", {"agency": "tvp"}), ("agency", {"agency": "MASH", "number": "6"}),
    ("recommendation", {"number": "4"}), ("recommendation", {"recommendation": "cj:rec-6"}),
    ("flows", {}), ("flows", {"sender": "tvp"}), ("flows", {"receiver": "MASH", "kind": "sharing"}),
    ("routes", {}), ("services", {"age": "10"}), ("services", {"age": "17"}),
    ("figures", {}), ("figures", {"about": "champions"}),
    ("timeline", {}), ("timeline", {"after": "2015-06", "before": "2016"}),
    ("planned", {}), ("planned", {"body": "Complex Case Panel", "number": "6"}),
    ("glossary", {}), ("glossary", {"term": "CEF"}), ("acronyms-undefined", {}),
    ("search", {"text": "niche"}), ("cite", {"node": "MASH"}), ("cite", {"node": "cj:rec-4"}),
    ("action-plan", {}), ("bodies", {}), ("ontology", {}), ("overdue", {"asOf": "2017-01-01"}), ("overdue-undated", {}),
    ("passages", {}), ("reports", {}), ("gaps", {}), ("gaps", {"wanted": "Action"}), ("review", {}),
    ("review", {"report": "young-person-b"}), ("cite", {"node": "Oxford Health"}), ("overdue", {"asOf": "2025-01-01"}),
]
NUMBERS = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "nonNegativeInteger")}


def cell(term: Term | None) -> str | None:
    """A term as every engine should agree on it."""
    if term is None:
        return None
    if term.type == "bnode":
        return "_:"
    if term.datatype in NUMBERS | {XSD + "boolean"}:
        value = {"true": "1", "false": "0"}.get(term.value, term.value)
        try:
            return f"{Decimal(value).normalize():f}"
        except InvalidOperation:
            return value
    return f"{term.type}:{term.value}" + (f"@{term.lang.lower()}" if term.lang else "")


def records(store, name: str, values: dict[str, str]) -> tuple[list[str], list[tuple]]:
    result = canned.run(store, canned.get(name), values, timeout=60)
    return result.vars, sorted((tuple(cell(t) for t in row) for row in result.terms), key=repr)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> str:
    """Three generated report folders and an imported NHS tracker, in one folder given as --data (Child J
    is always read too): the tracker's cells are what `review` and an imported fact's `cite` read."""
    from test_scale import generate
    from trackers import nhs_tracker

    out = tmp_path_factory.mktemp("three") / "reports"
    generate(out, 3)
    tracker = nhs_tracker(out.parent / "young-person-b.xlsx")
    done = run_cli("import", str(tracker), "--into", str(out), "--report", "young-person-b")
    assert done.returncode == 0, done.stderr
    return str(out)


@pytest.fixture(scope="module")
def embedded(reports):
    return open_store([reports])


@pytest.fixture(scope="module")
def served(embedded, tmp_path_factory):
    """Oxigraph's server read-only on the compiled store, as `oscb-graph serve` runs it."""
    with oxigraph_server(embedded.path, free_port()) as url:
        yield open_store(endpoint=url)


def pushed_with(url: str, *data: str, **env: str):
    """`oscb-graph push` to `url` (as a user would run it), then the endpoint as a store."""
    from oscb_graph.sources import report_dirs

    done = run_cli("push", "--endpoint", url, *(f"--data={d}" for d in data), env=env)
    assert done.returncode == 0, done.stderr
    reports = 1 + sum(len(report_dirs(Path(d))) for d in data)  # Child J and the folders given
    assert f"pushed {2 + 2 * reports} graphs" in done.stderr  # the ontology's two, two for each report
    return open_store(endpoint=url)


@pytest.fixture(scope="module")
def oxigraph_pushed(tmp_path_factory, reports):
    """Oxigraph's server read-write, empty, loaded by push; its default graph the union of its graphs (a bag)."""
    folder = tmp_path_factory.mktemp("oxigraph-rw")
    with oxigraph_server(folder / "store", free_port(), writable=True) as url:
        yield pushed_with(url, reports)


@pytest.fixture(scope="module")
def virtuoso_pushed(tmp_path_factory, reports):
    if not virtuoso_installed():
        pytest.skip("Virtuoso is not installed: scripts/test.sh installs it (apt-get install virtuoso-opensource)")
    with virtuoso(tmp_path_factory.mktemp("virtuoso"), free_port()) as url:
        user, password = VIRTUOSO_USER
        yield pushed_with(url, reports, OSCB_GRAPH_USER=user, OSCB_GRAPH_PASSWORD=password)


@pytest.fixture(scope="module", params=["served", "oxigraph_pushed", "virtuoso_pushed"])
def server(request):
    return request.getfixturevalue(request.param)


def test_the_cases_cover_every_canned_query():
    assert {name for name, _ in CASES} == set(canned.canned_queries())


def test_every_canned_query_is_select_distinct():
    # A server whose default graph is a bag (Virtuoso, a pushed Oxigraph) repeats a row once for each
    # graph that holds one of its triples (cite MASH: 97 rows for 31, a label in four reports).
    plain = [name for name, query in canned.canned_queries().items() if "SELECT DISTINCT" not in query.text]
    assert not plain


@pytest.mark.parametrize(("name", "values"), CASES, ids=[f"{n}{'-' + '-'.join(v.values()) if v else ''}" for n, v in CASES])
def test_every_canned_query_gives_the_same_records_on_every_engine(embedded, server, name, values):
    expected_vars, expected = records(embedded, name, values)
    vars, got = records(server, name, values)
    assert vars == expected_vars
    assert got == expected
    assert expected or name == "figures", "a case that finds nothing shows nothing"


def test_the_endpoint_lists_the_reports_as_the_store_does(reports, server):
    from oscb_graph.sources import report_folders
    from oscb_graph.store.cache import compiled

    here = compiled(report_folders([reports])).reports
    assert len(here) == 5 and server.reports() == dict(sorted(here.items()))


def test_names_resolve_over_the_endpoint_as_here(embedded, server):
    from oscb_graph.names import StoreNames

    for name in ("tvp", "Thames Valley Police", "MASH", "cj:rec-4"):
        assert StoreNames(server).resolve(name) == StoreNames(embedded).resolve(name)
    from oscb_graph.names import AmbiguousName

    with pytest.raises(AmbiguousName) as there:  # every report has a rec-4
        StoreNames(server).resolve("rec-4")
    with pytest.raises(AmbiguousName) as here:
        StoreNames(embedded).resolve("rec-4")
    assert str(there.value) == str(here.value)


def test_who_owns_prints_the_same_table_through_the_cli(reports, server):
    here = run_cli("who-owns", "--data", reports)
    there = run_cli("who-owns", "--endpoint", server.url)
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout


def test_network_reads_the_same_graph_over_the_endpoint(reports, served):
    # export over the endpoint: tests/test_endpoint_commands.py
    here = run_cli("network", "rank", "--by", "betweenness", "--csv", "--data", reports)
    there = run_cli("network", "rank", "--by", "betweenness", "--csv", "--endpoint", served.url)
    assert there.returncode == 0, there.stderr
    assert there.stdout == here.stdout


def test_validate_gives_the_local_verdict_over_every_server(reports, server):
    here = run_cli("validate", "--data", reports)
    there = run_cli("validate", "--endpoint", server.url)
    assert (here.returncode, there.returncode) == (0, 0), there.stderr
    assert there.stdout.splitlines()[:-1] == here.stdout.splitlines()[:-1]  # the notes (the summary says what was checked)
    assert there.stdout.splitlines()[-1] == here.stdout.splitlines()[-1].split("; ")[0] + \
        "; quotes not checked (an endpoint holds no report texts)."


def test_source_narrows_to_one_report_over_the_endpoint(reports, server):
    narrowed = open_store(source="child-j", endpoint=server.url)
    here = open_store([reports], source="child-j")
    assert records(narrowed, "who-owns", {"number": "4"}) == records(here, "who-owns", {"number": "4"})
    assert run_cli("who-owns", "--source", "nope", "--endpoint", server.url).returncode == 2


def test_push_dry_run_lists_the_graphs_and_sends_nothing(listener):
    done = run_cli("push", "--endpoint", listener.url.replace("/sparql", "/query"), "--dry-run")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == [
        "PUT https://w3id.org/oscb-graph/ontology", "DELETE https://w3id.org/oscb-graph/id/inferred",
        "PUT https://w3id.org/oscb-graph/id/child-j", "PUT https://w3id.org/oscb-graph/id/inferred/child-j"]
    assert listener.connections() == 0


def test_push_replaces_only_the_graphs_it_sends(tmp_path):
    import urllib.request

    with oxigraph_server(tmp_path / "store", free_port(), writable=True) as url:
        other = "https://example.org/graph/kept"
        put = urllib.request.Request(url.replace("/query", "/store") + "?graph=" + other, method="PUT",
                                     data=b"<https://example.org/a> <https://example.org/b> 'kept' .",
                                     headers={"Content-Type": "text/turtle"})
        urllib.request.urlopen(put).close()
        store = pushed_with(url)
        assert store.query("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = <%s>) }" % other).terms
        first = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").terms
        pushed_with(url)  # again: each graph replaced, none doubled
        assert store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").terms == first


def test_pushed_blank_nodes_lose_their_implied_types_as_documented(embedded, oxigraph_pushed):
    # The one difference push leaves (oscb_graph.push): the Graph Store Protocol scopes blank nodes
    # to one PUT, so a passage's implied selector types land on other nodes; no canned query reads them.
    typed = "ASK { ?passage a oscb:Passage , oa:TextQuoteSelector }"
    assert embedded.query(typed).boolean is True
    assert oxigraph_pushed.query(typed).boolean is False
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?x a oa:TextQuoteSelector }"
    assert oxigraph_pushed.query(count).terms == embedded.query(count).terms


TVP, REC4 = "https://w3id.org/oscb-graph/id/agency/thames-valley-police", "https://w3id.org/oscb-graph/id/child-j/rec-4"
ROUTE = "https://w3id.org/oscb-graph/id/child-j/route-marac-referral-from-another-agency"
PROJECTIONS = {  # the typed records that the views (pictures, networks, exports) are built from
    "parts": lambda p: p.parts, "recommendations": lambda p: p.recommendations, "flows": lambda p: p.flows,
    "memberships": lambda p: p.memberships, "links": lambda p: p.links, "things": lambda p: p.things,
    "routes": lambda p: p.routes(), "routes-one": lambda p: p.routes(ROUTE),
    "nodes": lambda p: p.nodes([TVP, REC4]), "quotes": lambda p: p.quotes([TVP, REC4]),
}


@pytest.mark.parametrize("name", PROJECTIONS)
def test_every_projection_gives_the_same_records_on_every_engine(embedded, server, name):
    # GROUP_CONCAT's order is the engine's own; the records split and sort what it joins.
    from oscb_graph.projections import Projections

    expected = PROJECTIONS[name](Projections(embedded, 60))
    assert expected
    assert PROJECTIONS[name](Projections(server, 60)) == expected
