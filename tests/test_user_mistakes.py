"""A user's mistake gets one line saying what is wrong and what exists, and exit 2; never "No results."
for a typo, never "unexpected", never a traceback, and never more than a short piece of what was typed."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from oscb_graph.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def one_line(result, code: int = 2) -> str:
    """stderr of a failed command: one line, the exit code, no traceback, nothing said to be unexpected."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    return result.stderr


@pytest.mark.parametrize("args, words", [
    (["who-owns", "9"], "there is no recommendation 9: child-j has 1-7"),
    (["who-owns", "0"], "there is no recommendation 0: child-j has 1-7"),
    (["recommendation", "8"], "there is no recommendation 8: child-j has 1-7"),
    (["agency", "tvp", "--recommendation", "8"], "there is no recommendation 8"),
    (["run", "planned", "--param", "number=12"], "there is no recommendation 12"),
    (["flows", "--kind", "escalations"], "did you mean 'escalation'?"),
    (["network", "rank", "--kind", "agencies"], "did you mean 'Agency'?"),
    (["network", "gaps", "--kind", "Hubb"], "did you mean 'Hub'?"),
    (["network", "rank", "--by", "pagerank"], "'pagerank' is not one of 'degree', 'betweenness'"),
    (["viz", "ownershp"], "'ownershp' is not one of"),
    (["who-owns", "--data", "/no/such/folder"], "there is no folder '/no/such/folder'"),
    (["who-owns", "--source", "child-jj"], "no loaded report is called 'child-jj'; did you mean 'child-j'?"),
    (["network", "gaps", "--source", "childj"], "did you mean 'child-j'?"),
])
def test_a_value_that_names_nothing_is_an_error_naming_what_exists(args, words):
    assert words in one_line(invoke(*args))


@pytest.mark.parametrize("args, column, value", [
    (["flows", "--kind", "Escalation", "--csv"], "flow_kind", "escalation"),
    (["network", "rank", "--kind", "agency", "--csv"], "kind", "Agency"),
    (["network", "gaps", "--kind", "AGENCY", "--csv"], "kind", "Agency"),
    (["network", "rank", "--by", "Betweenness", "--graph", "Flow", "--kind", "Hub", "--csv"], "kind", "Hub"),
    (["who-owns", "4", "--source", "Child-J", "--csv"], "report", "child-j"),
])
def test_choices_match_in_any_case(args, column, value):
    import csv
    import io

    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {r[column] for r in rows} == {value}


def test_fixed_choices_match_in_any_case(tmp_path):
    assert invoke("export", "--format", "CSV", "-o", str(tmp_path / "matrix.txt")).exit_code == 0
    assert (tmp_path / "matrix.txt").read_text(encoding="utf-8-sig").startswith("Recommendation,Text,")


def test_an_empty_answer_to_a_sound_question_still_says_no_results():
    """Recommendation 7 exists: that Oxford Health did nothing under it is an answer, not a mistake."""
    result = invoke("agency", "SafeLives", "--recommendation", "1")
    assert result.exit_code == 0 and "No results." in result.stderr


LONG = "x" * 10_000


@pytest.mark.parametrize("args", [
    ["agency", LONG], ["cite", LONG], ["who-owns", LONG], ["recommendation", LONG], ["flows", "--from", LONG],
    ["timeline", "--after", LONG], ["run", LONG], ["run", "who-owns", "--param", f"{LONG}=1"],
    ["stats", "--source", LONG], ["services", "--age", LONG], ["agency", "tvp", "-r", LONG], ["viz", LONG],
    ["viz", "agency", LONG, "--format", "dot"], ["export", "--format", LONG, "-o", "x"], ["build", "--data", LONG],
    ["query", "-f", LONG], ["query", "--timeout", LONG, "ASK {}"], ["network", "path", LONG, "MASH"],
    ["network", "rank", "--kind", LONG], ["flows", "--kind", LONG], ["export", "-o", f"/tmp/{LONG}.ttl"],
])
def test_an_error_repeats_only_a_short_piece_of_what_was_typed(args):
    line = one_line(invoke(*args))
    assert len(line) < 400 and "x" * 81 not in line, line


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "1e300", "0", "-1", "ten"])
@pytest.mark.parametrize("command", [["query", "ASK {}"], ["who-owns"]])
def test_a_time_limit_must_be_a_sensible_number_of_seconds(command, value):
    assert "--timeout" in one_line(invoke(*command, "--timeout", value))


def unwritable_folder(tmp_path):
    """A folder this user cannot write in: sysfs when running as root (who may write anywhere else)."""
    import os

    if os.geteuid() == 0:
        return "/sys"
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    return str(folder)


@pytest.mark.parametrize("args", [
    ["viz", "ownership"], ["viz", "flows", "--format", "mermaid"], ["export"], ["export", "--format", "graphml"],
])
@pytest.mark.parametrize("where, words", [
    ("missing", "there is no folder"), ("read-only", "is not writable"), ("a-file", "is not a folder"),
])
def test_a_file_that_cannot_be_written_is_one_line_for_every_writer(args, where, words, tmp_path):
    (tmp_path / "plain").write_text("")
    folder = {"missing": str(tmp_path / "no" / "such"), "read-only": unwritable_folder(tmp_path),
              "a-file": str(tmp_path / "plain")}[where]
    suffix = {"viz": ".html", "export": ".ttl"}[args[0]]
    line = one_line(invoke(*args, "-o", f"{folder}/out{suffix}"))
    assert f"cannot write '{folder}/out{suffix}': " in line and words in line
    assert {p.name for p in tmp_path.iterdir()} <= {"plain", "read-only"}  # nothing half-written left behind


@pytest.mark.parametrize("query, words", [
    ("# only a comment", "holds only comments or PREFIX/BASE lines"),
    ("PREFIX ex: <http://example.org/>\n# nothing more", "holds only comments or PREFIX/BASE lines"),
    ("SELECT * WHERE " + "{" * 300 + "?s ?p ?o" + "}" * 300, "nested too deeply"),
    ("SELECT * WHERE { FILTER(" + "(" * 2000 + "1" + ")" * 2000 + ") }", "nested too deeply"),
])
def test_a_query_that_cannot_be_run_says_why_in_its_own_words(query, words):
    line = one_line(invoke("query", query))
    assert words in line and "refused" not in line


def test_a_query_file_that_is_not_utf8_says_so(tmp_path):
    latin1 = tmp_path / "latin1.rq"
    latin1.write_bytes('SELECT * WHERE {\n ?s ?p "\xe9t\xe9" }'.encode("latin-1"))
    assert "is not UTF-8 text (byte 0xe9 on line 2)" in one_line(invoke("query", "-f", str(latin1)))
    assert "the query on stdin is not UTF-8" in one_line(CliRunner().invoke(main, ["query", "-"], input=latin1.read_bytes()))
