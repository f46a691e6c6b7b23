"""The query layer: both engines, the safety check, the time limit and the compiled-store cache."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.compare import to_isomorphic

import oscb_graph
from oscb_graph.errors import DataError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from oscb_graph.namespaces import ID_BASE, OSCB
from oscb_graph.store import QueryResult, open_store
from oscb_graph.store.safety import check_query

CJ = ID_BASE + "child-j/"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def stores():
    return {"oxigraph": open_store(), "rdflib": open_store(engine="rdflib")}


@pytest.fixture(scope="module")
def dataset():
    return oscb_graph.load()  # the library's own Dataset, to compare with


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_select_numbers_the_seven_recommendations(stores, engine):
    result = stores[engine].query("SELECT ?rec ?n WHERE { ?rec a oscb:Recommendation ; oscb:number ?n } ORDER BY ?n")
    assert result.kind == "SELECT" and result.vars == ["rec", "n"]
    assert result.rows == [(URIRef(f"{CJ}rec-{n}"), Literal(n)) for n in range(1, 8)]


def test_engines_agree(stores, dataset):
    """Rows, booleans and graphs are the same rdflib terms whichever engine answers."""
    queries = [
        "SELECT ?rec ?theme WHERE { ?rec oscb:theme ?theme } ORDER BY ?rec ?theme",
        "SELECT ?r ?rec ?body ?role WHERE { ?r a oscb:Responsibility ; oscb:recommendation ?rec ; oscb:body ?body ; oscb:role ?role } ORDER BY ?r ?body",
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        "SELECT ?kind (COUNT(?node) AS ?n) WHERE { ?node a ?class . FILTER(STRSTARTS(STR(?class), STR(oscb:))) BIND(STRAFTER(STR(?class), '#') AS ?kind) } GROUP BY ?kind ORDER BY ?kind",
    ]
    for query in queries:
        ox, rd = stores["oxigraph"].query(query), stores["rdflib"].query(query)
        assert ox.rows, query
        assert ox.vars == rd.vars and ox.rows == rd.rows, query
    ask = "ASK { cj:rec-4 oscb:number 4 }"
    assert stores["oxigraph"].query(ask).boolean is stores["rdflib"].query(ask).boolean is True
    construct = "CONSTRUCT { cj:rec-4 ?p ?o } WHERE { cj:rec-4 ?p ?o . FILTER(!isBlank(?o)) }"
    ox, rd = stores["oxigraph"].query(construct), stores["rdflib"].query(construct)
    assert len(ox.graph) > 0 and to_isomorphic(ox.graph) == to_isomorphic(rd.graph)
    # and the same triples as the library's own Dataset (the superclass types included)
    rec4 = URIRef(CJ + "rec-4")
    assert set(ox.graph) == {(rec4, p, o) for p, o in dataset.predicate_objects(rec4) if not isinstance(o, BNode)}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_kind_of_term_comes_back_from_the_child_as_it_left(stores, engine):
    """The forked child pickles its answer; the terms, repeats and gaps are those of an in-process run."""
    query = """SELECT ?iri ?blank ?english ?number ?date ?plain ?unbound WHERE {
        VALUES (?iri ?english ?number ?date ?plain) {
            (cj:rec-4 "Thames Valley Police"@en 4 "2016"^^xsd:gYear "a\\"quote\\"\\nand a new line")
            (cj:rec-4 "Thames Valley Police"@en 4 "2016"^^xsd:gYear "a\\"quote\\"\\nand a new line") }
        BIND(BNODE("b") AS ?blank)
        OPTIONAL { ?iri oscb:noSuchProperty ?unbound }
    }"""
    forked = stores[engine].query(query)
    in_process = stores[engine].query(query, timeout=None)
    assert forked.vars == in_process.vars and len(forked.rows) == 2
    assert [row[:1] + row[2:] for row in forked.rows] == [row[:1] + row[2:] for row in in_process.rows]
    iri, blank, english, number, date, plain, unbound = forked.rows[0]
    assert iri == URIRef(CJ + "rec-4") and isinstance(blank, BNode) and unbound is None
    assert english == Literal("Thames Valley Police", lang="en") and number == Literal(4)
    assert date == Literal("2016", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYear")) and plain == Literal('a"quote"\nand a new line')
    assert forked.terms[0][0] is forked.terms[1][0]  # a repeated term is one object, not a copy per row


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_describe_and_bindings(stores, dataset, engine):
    described = stores[engine].query("DESCRIBE cj:rec-4")
    assert described.kind == "DESCRIBE"
    assert (URIRef(CJ + "rec-4"), OSCB.number, Literal(4)) in described.graph
    result = stores[engine].query("SELECT ?n ?text WHERE { ?rec oscb:number ?n ; oscb:text ?text }", bindings={"n": 4})
    assert result.rows == [(Literal(4), dataset.value(URIRef(CJ + "rec-4"), OSCB.text))]
    by_term = stores[engine].query("SELECT ?rec ?n WHERE { ?rec oscb:number ?n }", bindings={"rec": URIRef(CJ + "rec-2")})
    assert by_term.rows == [(URIRef(CJ + "rec-2"), Literal(2))]
    in_filter = stores[engine].query(
        "SELECT ?min (COUNT(?rec) AS ?above) WHERE { ?rec oscb:number ?n FILTER(?n > ?min) } GROUP BY ?min", bindings={"min": 5}
    )
    assert in_filter.rows == [(Literal(5), Literal(2))]


def test_a_parameter_outside_the_select_clause_is_a_query_error(stores):
    with pytest.raises(QueryError, match="SELECT clause") as caught:
        stores["oxigraph"].query("SELECT ?text WHERE { ?rec oscb:number ?n ; oscb:text ?text }", bindings={"n": 4})
    assert caught.value.exit_code == 2


def test_from_rows_makes_literals_of_plain_values():
    result = QueryResult.from_rows(["agency", "actions", "note"], [(URIRef(CJ + "x"), 3, None)])
    assert result.kind == "SELECT" and not result.is_empty
    assert result.rows == [(URIRef(CJ + "x"), Literal(3), None)]
    assert QueryResult.from_rows(["a"], []).is_empty


# -- Syntax errors name the line and column of the user's own text -------------------------

@pytest.mark.parametrize(
    "query, line, column",
    [
        ("SELECT ?s\nWHERE {\n  ?s ?p\n}", 3, 3),  # found by the safety parse
        ("SELECT ?s WHERE {\n  ?s nosuch:p ?o }", 2, 6),  # found by Oxigraph: the prefix is unknown
    ],
)
def test_syntax_error_position_is_in_the_users_text(stores, query, line, column):
    with pytest.raises(QuerySyntaxError) as caught:
        stores["oxigraph"].query(query)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert f"line {line}, column {column}" in str(caught.value)
    assert caught.value.exit_code == 2


# -- Nothing reaches the network, nothing changes the graph ----------------------------------

def refused_forms(url: str) -> dict[str, str]:
    return {
        "SERVICE": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SERVICE SILENT": f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
        "FROM": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "DESCRIBE FROM": f"DESCRIBE ?s FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "LOAD": f"LOAD <{url}>",
        "INSERT": "INSERT DATA { cj:rec-1 oscb:number 99 }",
        "DELETE": "DELETE WHERE { ?s ?p ?o }",
        "CLEAR": "CLEAR ALL",
    }


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_network_and_updates_are_refused(stores, listener, engine):
    for name, query in refused_forms(listener.url).items():
        with pytest.raises(QueryRefused) as caught:
            stores[engine].query(query)
        assert caught.value.exit_code == 2, name
    assert listener.connections() == 0
    assert stores[engine].query("ASK { cj:rec-1 oscb:number 1 }").boolean is True
    assert stores[engine].query("ASK { ?s oscb:number 99 }").boolean is False


def test_keywords_inside_strings_and_iris_are_not_refused(stores):
    """The check reads the parsed query, not the raw text."""
    query = 'SELECT ?rec WHERE { ?rec oscb:number ?n . FILTER(?n = 1 || STR(?rec) = "SERVICE <http://x> FROM <http://y>" || ?rec = <http://example.org/LOAD>) }  # INSERT'
    assert check_query(query) == "SELECT"
    assert stores["oxigraph"].query(query).rows == [(URIRef(CJ + "rec-1"),)]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_runaway_query_is_stopped(stores, engine):
    with pytest.raises(QueryTimeout) as caught:
        stores[engine].query(RUNAWAY, timeout=0.5)
    assert caught.value.exit_code == 1 and "--timeout" in str(caught.value)


# -- The compiled store is reused, rebuilt when the data changes, never trusted when damaged --

def store_marker(path: Path) -> tuple[int, int]:
    manifest = path / "oscb-graph-store.json"
    return manifest.stat().st_ino, manifest.stat().st_mtime_ns


def test_store_is_reused_when_nothing_changed(own_report, tmp_path):
    first = open_store([own_report]).path
    marker = store_marker(first)
    second = open_store([own_report]).path
    assert second == first and store_marker(second) == marker
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name.startswith("store-")] == [first.name]


def test_a_changed_data_file_triggers_a_rebuild(own_report):
    store = open_store([own_report])
    ask = "ASK { cj:rec-1 rdfs:comment 'added by the test' }"
    assert store.query(ask).boolean is False
    with open(own_report / "report.ttl", "a", encoding="utf-8") as out:
        out.write('\n<https://w3id.org/oscb-graph/id/child-j/rec-1> <http://www.w3.org/2000/01/rdf-schema#comment> "added by the test" .\n')
    rebuilt = open_store([own_report])
    assert rebuilt.path != store.path
    assert rebuilt.query(ask).boolean is True


@pytest.mark.parametrize("damage", ["manifest", "truncate", "scramble"])
def test_a_damaged_store_is_rebuilt(own_report, damage):
    store = open_store([own_report])
    marker = store_marker(store.path)
    tables = sorted(store.path.glob("*.sst"))
    if damage == "manifest":
        (store.path / "oscb-graph-store.json").write_text("{not json", encoding="utf-8")
    elif damage == "truncate":
        tables[0].write_bytes(tables[0].read_bytes()[:10])
    else:  # the same size, so only RocksDB's own checks can tell: the query must still answer
        for table in tables:
            data = bytearray(table.read_bytes())
            data[::7] = bytes(b ^ 0x5A for b in data[::7])
            table.write_bytes(bytes(data))
    again = open_store([own_report]) if damage != "scramble" else store
    result = again.query("SELECT DISTINCT ?n WHERE { cj:rec-3 oscb:number ?n }")
    assert result.rows == [(Literal(3),)]
    assert store_marker(again.path) != marker


def test_bad_turtle_is_a_data_error_naming_the_file(own_report):
    (own_report / "broken.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        open_store([own_report])
    assert "broken.ttl" in str(caught.value) and caught.value.exit_code == 1


def test_missing_report_folder_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no such report folder"):
        open_store([tmp_path / "nowhere"])


def test_a_report_that_declares_its_own_subclass_gets_its_implied_types_on_both_engines(own_report):
    """A subclass axiom in a report means a second pass over the built store; its types stay with that report."""
    (own_report / "local-classes.ttl").write_text(
        "@prefix oscb: <https://w3id.org/oscb-graph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://example.org/Trust> rdfs:subClassOf oscb:Agency .\n"
        "<https://example.org/a-trust> a <https://example.org/Trust> .\n", encoding="utf-8")
    query = "ASK { <https://example.org/a-trust> a oscb:Agency , org:FormalOrganization }"
    for engine in ("oxigraph", "rdflib"):
        assert open_store([own_report], engine=engine).query(query).boolean, engine
        assert open_store([own_report], engine=engine, source=own_report.name).query(query).boolean, engine
        assert not open_store([own_report], engine=engine, source="child-j").query(query).boolean, engine


def test_any_library_error_crosses_the_time_limit_as_itself():
    """The forked child's failure is raised in the parent as its own type, with its attributes."""
    from oscb_graph.names import AmbiguousName, Match
    from oscb_graph.store.timelimit import run_bounded

    candidates = [Match(CJ + "a", "A", "Agency"), Match(CJ + "b", "B", "Service")]

    def ambiguous():
        raise AmbiguousName("'x' could mean 2 things", candidates)

    with pytest.raises(AmbiguousName) as caught:
        run_bounded(ambiguous, 10)
    assert str(caught.value) == "'x' could mean 2 things" and caught.value.candidates == candidates
    assert caught.value.exit_code == 2

    def bad_syntax():
        raise QuerySyntaxError("syntax error at line 2, column 5: here", 2, 5)

    with pytest.raises(QuerySyntaxError) as caught_syntax:
        run_bounded(bad_syntax, 10)
    assert (caught_syntax.value.line, caught_syntax.value.column) == (2, 5)


@pytest.mark.parametrize("fmt", ["ntriples", "nquads"])
def test_both_engines_dump_the_same_graph(stores, fmt):
    """The store's own serialiser writes what rdflib writes: the union graph, or every named graph."""
    from rdflib import Dataset, Graph

    def read(engine):
        data = stores[engine].dump(fmt)
        if fmt == "ntriples":
            return to_isomorphic(Graph().parse(data=data, format="nt"))
        dataset = Dataset()
        dataset.parse(data=data, format="nquads")
        return {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}

    assert read("oxigraph") == read("rdflib")


def test_two_processes_answer_both_and_raise_either_error():
    """in_two_processes gives both answers; the child's failure is one QueryError line in the parent,
    and a failure in the parent stops the child and is raised as it was."""
    import os

    from oscb_graph.store.timelimit import in_two_processes

    here = os.getpid()
    assert in_two_processes(lambda: os.getpid(), lambda: os.getpid() != here) == (here, True)
    with pytest.raises(QueryError, match="ZeroDivisionError"):
        in_two_processes(lambda: 1, lambda: 1 / 0)
    with pytest.raises(KeyError):
        in_two_processes(lambda: {}["missing"], lambda: __import__("time").sleep(60))


def test_a_file_rewritten_in_place_with_its_old_size_and_time_triggers_a_rebuild(own_report):
    """The quick check compares change times too: `cp -p` or an editor can keep size and modification time."""
    store = open_store([own_report])
    path = own_report / "report.ttl"
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace('"Child J"', '"Child K"', 1)
    assert len(text) == len(path.read_text(encoding="utf-8")) and "Child K" in text
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    assert open_store([own_report]).path != store.path


def test_a_report_appearing_in_a_folder_of_reports_is_read(own_report, tmp_path):
    """Turtle copied into a folder that had none, inside a collection already read, is a new report."""
    collection = tmp_path / "collection"
    collection.mkdir()
    shutil.move(own_report, collection / "first")
    (collection / "second").mkdir()
    first = open_store([collection])
    assert sorted(first.reports) == ["child-j", "first"]
    shutil.copytree(collection / "first", collection / "second", dirs_exist_ok=True)
    assert sorted(open_store([collection]).reports) == ["child-j", "first", "second"]
