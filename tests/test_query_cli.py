"""`oscb-graph query` through click's CliRunner and through the installed console script."""
from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from conftest import parsed_json, run_cli

from oscb_graph.cli import main
from oscb_graph.output import cell
from oscb_graph.store import open_store

RECS = "SELECT ?rec ?n ?theme WHERE { ?rec a oscb:Recommendation ; oscb:number ?n ; oscb:theme ?theme } ORDER BY ?n ?theme"
OUTCOMES = "SELECT ?outcome ?rec WHERE { ?outcome a oscb:Outcome ; oscb:recommendation ?rec } ORDER BY ?outcome ?rec"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def invoke(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["query", *args], input=stdin)


@pytest.fixture(scope="module")
def expected():
    store = open_store()
    return {q: store.query(q) for q in (RECS, OUTCOMES)}


@pytest.mark.parametrize("query", [RECS, OUTCOMES])
def test_every_row_format_parses_back(expected, query):
    want = expected[query]
    assert want.rows, "the data should answer this query"
    cells = [[cell(t) for t in row] for row in want.rows]
    for option, delimiter in (("--csv", ","), ("--tsv", "\t")):
        result = invoke(query, option)
        assert result.exit_code == 0, result.stderr
        assert list(csv.reader(io.StringIO(result.stdout), delimiter=delimiter)) == [want.vars, *cells]
    as_json = invoke(query, "--json")
    assert parsed_json(as_json.stdout) == (want.vars, want.rows)
    markdown = invoke(query, "--markdown").stdout.splitlines()
    assert len(markdown) == 2 + len(want.rows) and "cj:rec-1" in markdown[2]


def test_query_from_file_and_from_stdin(tmp_path, expected):
    path = tmp_path / "recs.rq"
    path.write_text(RECS, encoding="utf-8")
    from_file = invoke("-f", str(path), "--csv")
    from_stdin = invoke("-", "--csv", stdin=RECS)
    from_file_stdin = invoke("-f", "-", "--csv", stdin=RECS)
    assert from_file.exit_code == from_stdin.exit_code == from_file_stdin.exit_code == 0
    assert from_file.stdout == from_stdin.stdout == from_file_stdin.stdout == invoke(RECS, "--csv").stdout
    assert from_file.stdout.count("\n") == 1 + len(expected[RECS].rows)


def test_ask_construct_describe():
    assert invoke("ASK { cj:rec-7 oscb:number 7 }").stdout.split() == ["ask", "----", "true"]
    turtle = invoke("DESCRIBE cj:rec-4").stdout
    assert "cj:rec-4" in turtle and "oscb:number 4" in turtle
    nt = invoke("CONSTRUCT { ?r oscb:number ?n } WHERE { ?r oscb:number ?n }", "--ntriples").stdout
    assert nt.count(" .\n") >= 7


def one_line_failure(result, code: int) -> str:
    """The stderr of a failed command: one line, no traceback, the documented exit code."""
    stderr = result.stderr
    exit_code = result.returncode if hasattr(result, "returncode") else result.exit_code  # subprocess or CliRunner
    assert exit_code == code, stderr
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    return stderr


BAD_INPUTS = [
    (["SELECT ?s\nWHERE {\n  ?s ?p\n}"], 2, "line 3, column 3"),
    (["SELECT ?s WHERE { ?s nosuch:p ?o }"], 2, "unknown prefix 'nosuch:'"),
    (["INSERT DATA { cj:rec-1 oscb:number 99 }"], 2, "read-only"),
    (["DELETE WHERE { ?s ?p ?o }"], 2, "read-only"),
    ([RUNAWAY, "--timeout", "0.5"], 1, "stopped after 0.5 s"),
    (["-f", "/no/such/file.rq"], 2, "No such file"),
    (["SELECT ?s WHERE { ?s oscb:number 99 }"], 0, "No results."),
    (["SELECT ?s WHERE { ?s ?p ?o }", "--no-such-option"], 2, "No such option"),
    ([], 2, "no query"),
    (["SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", "--turtle"], 2, "CONSTRUCT or DESCRIBE"),
    (["SELECT ?s WHERE { ?s ?p ?o }", "--timeout", "0"], 2, "--timeout"),
]


@pytest.mark.parametrize("args, code, words", BAD_INPUTS)
def test_bad_input_in_process(args, code, words):
    assert words in one_line_failure(invoke(*args), code)


@pytest.mark.parametrize("args, code, words", BAD_INPUTS)
def test_bad_input_in_the_installed_command(args, code, words):
    assert words in one_line_failure(run_cli("query", *args), code)


@pytest.mark.parametrize("form", ["SERVICE", "FROM", "FROM NAMED", "LOAD"])
def test_the_network_is_never_reached(listener, form):
    query = {
        "SERVICE": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
        "FROM": f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}",
        "FROM NAMED": f"SELECT * FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "LOAD": f"LOAD <{listener.url}>",
    }[form]
    stderr = one_line_failure(run_cli("query", query), 2)
    assert "refused" in stderr
    assert listener.connections() == 0


def test_the_installed_command_prints_rows(expected):
    result = run_cli("query", RECS, "--csv")
    assert result.returncode == 0
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == 1 + len(expected[RECS].rows)


def test_help_ends_with_an_example():
    help_text = run_cli("query", "--help").stdout
    assert help_text.rstrip().splitlines()[-1].strip().startswith("oscb-graph query ")
