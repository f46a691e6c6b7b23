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

from oscb_graph.namespaces import ID_BASE, OSCB
from oscb_graph.output import cell, emit, output_options, prefixed, table_text
from oscb_graph.store import QueryResult

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


def test_table_is_the_default_and_keeps_every_cell(monkeypatch):
    monkeypatch.setenv("COLUMNS", "500")  # room for every cell on one line
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


def test_a_piped_table_is_no_wider_than_a_page(monkeypatch):
    """Written to a file or a pipe (no terminal, no $COLUMNS), a table wraps as on a 100-column screen."""
    monkeypatch.delenv("COLUMNS", raising=False)
    out = run(QueryResult.from_rows(["n", "text"], [(n, LONG * 3) for n in range(3)])).stdout
    assert max(map(len, out.splitlines())) <= 100
    assert " ".join(out.split()).count("commissioning agencies") == 3 * 6


WORDY = QueryResult.from_rows(
    ["number", "section", "who", "what", "status", "quote"],
    [(4, "text", None, LONG, None, "Multi-Agency Recommendation 4: " + LONG),
     (4, "action", "Multi-Agency Safeguarding Hub", "MASH escalation protocol in place", "done", LONG)],
)


@pytest.mark.parametrize("width", [80, 100, 120])
def test_a_table_wraps_at_words_and_gives_room_to_long_texts(width):
    text = table_text(WORDY.vars, WORDY.rows, width=width)
    assert max(map(len, text.splitlines())) <= width
    lines = text.splitlines()
    words = {w for cells in expected_cells(WORDY) for c in cells for w in c.split()}
    for line in lines[2:]:  # every piece of a cell is whole words (no 'escalatio' / 'n')
        for piece in line.split():
            assert piece in words or piece.endswith("\u2026") or piece.rstrip("\u2026") in words, piece
    widths = [len(dashes) for dashes in lines[1].split()]
    assert widths[3] == max(widths) and widths[3] >= 25, text  # the long text gets the room


def test_quotes_are_cut_at_a_word_with_an_ellipsis_in_tables_only():
    text = table_text(WORDY.vars, WORDY.rows, width=200)
    assert "Multi-Agency Recommendation 4: The\u2026" in text and "commissioning agencies" in text
    assert run(WORDY, "--csv").stdout.count("commissioning agencies") == 6  # CSV keeps every word


def test_a_table_too_narrow_for_its_words_prints_records():
    """At 40 columns six columns cannot keep their words whole: each row becomes a block of fields."""
    text = table_text(WORDY.vars, WORDY.rows, width=40)
    assert max(map(len, text.splitlines())) <= 40
    assert text.splitlines()[:2] == ["number   4", "section  text"]
    assert "who      Multi-Agency Safeguarding Hub" in text
    assert "status" not in text.split("\n\n")[0]  # a blank field is left out


def test_limit_cuts_rows_in_every_format_and_says_so():
    many = QueryResult.from_rows(["n"], [(n,) for n in range(10)])
    for option in ("--table", "--csv", "--json"):
        result = run(many, option, "--limit", "3")
        assert result.exit_code == 0
        assert "Showing the first 3 of 10 rows; 7 more were left out by --limit." in result.stderr
    assert run(many, "--csv", "--limit", "3").stdout.splitlines() == ["n", "0", "1", "2"]
    assert "left out" not in run(many, "--limit", "10").stderr
