"""The shared output options: every format parsed back and compared with the rows it was given."""
from __future__ import annotations

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner
from conftest import parsed_json
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_isomorphic

from oscb_graph.engine import QueryResult
from oscb_graph.namespaces import ID_BASE, OSCB
from oscb_graph.output import cell, emit, output_options, prefixed, table_text

CJ = ID_BASE + "child-j/"
LONG = "The OSCB to seek assurance from the relevant health and children's services commissioning agencies " * 2
ROWS = QueryResult.from_rows(
    ["rec", "n", "text", "note"],
    [
        (URIRef(CJ + "rec-1"), 1, Literal("café, \"quoted\"\tand tabbed", lang="en"), None),
        (URIRef("http://example.org/a/b#c"), 2, LONG, BNode("b0")),
    ],
)


@click.command()
@output_options
def show(output_format):
    """A command that prints one result, as every command does."""
    emit(show.result, output_format)


def run(result: QueryResult, *options: str):
    show.result = result
    return CliRunner().invoke(show, list(options))


def expected_cells(result: QueryResult) -> list[list[str]]:
    return [[cell(t) for t in row] for row in result.rows]


def test_prefixed_names():
    assert prefixed(CJ + "rec-4") == "cj:rec-4"
    assert prefixed(str(OSCB.Recommendation)) == "oscb:Recommendation"
    assert prefixed(ID_BASE + "agency/thames-valley-police") == "agency:thames-valley-police"
    assert prefixed("http://example.org/a/b#c") == "http://example.org/a/b#c"
    assert prefixed(CJ + "a/b") == CJ + "a/b"  # not a valid local name: the full IRI


@pytest.mark.parametrize("option, delimiter", [("--csv", ","), ("--tsv", "\t")])
def test_csv_and_tsv_parse_back(option, delimiter):
    result = run(ROWS, option)
    assert result.exit_code == 0
    parsed = list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter))
    assert parsed[0] == ROWS.vars
    assert parsed[1:] == expected_cells(ROWS)
    assert parsed[1][0] == "cj:rec-1"


def test_json_is_sparql_results_json_with_the_same_terms():
    result = run(ROWS, "--json")
    doc = json.loads(result.stdout)
    assert parsed_json(result.stdout) == (ROWS.vars, ROWS.rows)
    assert doc["results"]["bindings"][0]["text"] == {"type": "literal", "value": str(ROWS.rows[0][2]), "xml:lang": "en"}
    assert "note" not in doc["results"]["bindings"][0]  # unbound stays unbound


def test_markdown_has_one_row_per_result():
    lines = run(ROWS, "--markdown").stdout.splitlines()
    assert lines[0] == "| rec | n | text | note |" and lines[1] == "| --- | --- | --- | --- |"
    assert len(lines) == 2 + len(ROWS.rows)
    assert lines[2].startswith("| cj:rec-1 | 1 | café")


def test_table_is_the_default_and_keeps_every_cell():
    out = run(ROWS).stdout
    assert out.splitlines()[0].split() == ROWS.vars
    flat = " ".join(out.split())
    for row in expected_cells(ROWS):
        for text in row:
            assert " ".join(text.split()) in flat


def test_table_fits_a_narrow_terminal_by_wrapping():
    text = table_text(ROWS.vars, ROWS.rows, width=60)
    assert all(len(line) <= 60 for line in text.splitlines())
    assert " ".join(text.split()).count("commissioning") == 2  # nothing lost, only wrapped


def test_ask_in_each_format():
    ask = QueryResult("ASK", boolean=True)
    assert json.loads(run(ask, "--json").stdout) == {"head": {}, "boolean": True}
    assert list(csv.reader(io.StringIO(run(ask, "--csv").stdout))) == [["ask"], ["true"]]


def graph_result() -> QueryResult:
    graph = Graph()
    graph.add((URIRef(CJ + "rec-4"), OSCB.number, Literal(4)))
    graph.add((URIRef(CJ + "rec-4"), OSCB.text, Literal("Ensure ...")))
    return QueryResult("CONSTRUCT", graph=graph)


@pytest.mark.parametrize("option, rdf_format", [("", "turtle"), ("--turtle", "turtle"), ("--ntriples", "nt"), ("--jsonld", "json-ld")])
def test_graphs_parse_back(option, rdf_format):
    result = run(graph_result(), *([option] if option else []))
    assert result.exit_code == 0
    parsed = Graph().parse(data=result.stdout, format=rdf_format)
    assert to_isomorphic(parsed) == to_isomorphic(graph_result().graph)


def test_graph_as_rows():
    parsed = list(csv.reader(io.StringIO(run(graph_result(), "--csv").stdout)))
    assert parsed[0] == ["subject", "predicate", "object"]
    assert ["cj:rec-4", "oscb:number", "4"] in parsed


def test_empty_result_says_so_on_stderr_and_exits_0():
    empty = QueryResult.from_rows(["rec"], [])
    table = run(empty)
    assert table.exit_code == 0 and table.stdout == "" and table.stderr.strip() == "No results."
    as_csv = run(empty, "--csv")
    assert as_csv.exit_code == 0 and as_csv.stdout == "rec\n"
    assert json.loads(run(empty, "--json").stdout)["results"]["bindings"] == []


def test_graph_format_for_rows_is_a_usage_error():
    result = run(ROWS, "--turtle")
    assert result.exit_code == 2 and "CONSTRUCT or DESCRIBE" in result.stderr
