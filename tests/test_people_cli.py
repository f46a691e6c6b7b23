"""The commands for people, through click's CliRunner and the installed console script.

Answers are the hand-checked ones of test_canned_queries; here they must reach the user
in every format, and every bad input must give one line on stderr and its exit code.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from oscb_graph.cli import main
from oscb_graph.command_line import COMMANDS

CLI = Path(sys.executable).with_name("oscb-graph")  # the console script installed in this venv
PEOPLE = ["queries", "run", "who-owns", "agency", "recommendation", "flows", "services", "timeline", "glossary", "search", "cite"]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, timeout=120)


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", PEOPLE)
def test_each_command_is_registered_and_its_help_ends_with_an_example(name):
    assert COMMANDS[name].target.startswith("people:")
    result = invoke(name, "--help")
    assert result.exit_code == 0
    description = result.stdout.split("Options:")[0].rstrip().splitlines()
    assert description[-2].strip() == "Example:"
    assert description[-1].strip().startswith(f"oscb-graph {name}")


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_opens_its_help_with_the_line_the_listing_shows(name):
    """The declaration is the one source of a command's summary: the listing and its own help agree."""
    listing = invoke(*name.split()[:-1], "--help").stdout if " " in name else invoke("--help").stdout
    own = invoke(*name.split(), "--help").stdout
    assert " ".join(own.split("\n\n")[1].split()) == COMMANDS[name].help
    listed = " ".join(listing.split("Commands:")[1].split())
    assert f"{name.split()[-1]} {COMMANDS[name].help}" in listed


def test_queries_lists_every_canned_query_with_its_title():
    found = {r["query"]: r["title"] for r in csv_rows(invoke("queries", "--csv").stdout)}
    assert found["who-owns"] == "Who owns each recommendation"
    assert found["cite"] == "Where does it say that?"
    assert len(found) >= 13


def test_who_owns_4_in_csv_through_the_installed_script():
    done = cli("who-owns", "4", "--csv")
    assert done.returncode == 0, done.stderr
    found = {(r["who"], r["role"]) for r in csv_rows(done.stdout)}
    assert ("Oxfordshire Safer Communities Partnership", "owner") in found
    assert ("all agencies", "asked of") in found
    assert ("Thames Valley Police", "acted") in found
    assert all(r["body"].count(":") == 1 for r in csv_rows(done.stdout))  # IRIs as prefixed names


def test_who_owns_json_is_sparql_results_and_agrees_with_csv():
    as_json = json.loads(invoke("who-owns", "4", "--json").stdout)
    as_csv = csv_rows(invoke("who-owns", "4", "--csv").stdout)
    bindings = as_json["results"]["bindings"]
    assert as_json["head"]["vars"][:4] == ["report", "rec", "who", "role"]
    assert {b["report"]["value"] for b in bindings} == {"child-j"}
    assert [b["who"]["value"] for b in bindings] == [r["who"] for r in as_csv]
    assert bindings[0]["body"]["type"] == "uri" and bindings[0]["body"]["value"].startswith("https://w3id.org/oscb-graph/id/")


def test_who_owns_table_fits_100_columns_and_leaves_out_iris(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    out = invoke("who-owns", "4").stdout
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out.splitlines()[0].split() == ["rec", "who", "role", "actions", "statuses", "quote"]
    assert "forum:oscb" not in out and "\u2026" in out  # quotes are cut to fit


def test_who_owns_an_agency_by_acronym():
    found = csv_rows(invoke("who-owns", "TVP", "--csv").stdout)
    assert [r["rec"] for r in found] == ["1", "3", "4", "6"]
    assert {r["who"] for r in found} == {"Thames Valley Police"}


def test_what_has_tvp_done_under_recommendation_4():
    done = cli("agency", "tvp", "--recommendation", "4", "--csv")
    assert done.returncode == 0, done.stderr
    found = {r["what"] for r in csv_rows(done.stdout)}
    # since issue 16 the MARAC chair's being asked is no longer TVP's: the sentence names no one who asks
    assert found == {"TVP records MARAC referrals from other agencies on Niche"}


def test_recommendation_services_glossary_timeline_search_cite():
    rec = csv_rows(invoke("recommendation", "4", "--csv").stdout)
    assert rec[0]["section"] == "text" and rec[0]["what"].endswith("front line professionals.")
    services = csv_rows(invoke("services", "--age", "10", "--csv").stdout)
    assert ("SAFE! young victims service", "8-17") in {(r["service"], r["ages"]) for r in services}
    gloss = csv_rows(invoke("glossary", "CEF", "--csv").stdout)
    assert gloss[0]["stands_for"] == "Children, Education and Families Directorate, Oxfordshire County Council"
    undefined = {r["acronym"] for r in csv_rows(invoke("glossary", "--undefined", "--csv").stdout)}
    assert "YPLD" in undefined
    timeline = csv_rows(invoke("timeline", "--before", "2014-12", "--csv").stdout)
    assert ("2014-09", "Multi-Agency Safeguarding Hub") in {(r["date"], r["what"]) for r in timeline}
    search = csv_rows(invoke("search", "niche", "--csv").stdout)
    assert "thing:niche" in {r["node"] for r in search}
    cite = csv_rows(invoke("cite", "thing:niche", "--csv").stdout)
    assert cite[0]["relation"] == "itself" and "Niche" in cite[0]["quote"]


def test_flows_and_run_with_params():
    flows = csv_rows(invoke("flows", "--from", "Thames Valley Police", "--csv").stdout)
    assert [r["to"] for r in flows] == ["Niche"]
    run = csv_rows(invoke("run", "services", "--param", "age=10", "--csv").stdout)
    assert run == csv_rows(invoke("services", "--age", "10", "--csv").stdout)


def test_a_table_by_default_and_markdown_on_request():
    table = invoke("glossary", "CEF")
    assert table.stdout.splitlines()[0].split()[:2] == ["acronym", "stands_for"]
    markdown = invoke("glossary", "CEF", "--markdown").stdout
    assert markdown.startswith("| report | acronym | stands_for |")  # markdown keeps every column


def test_empty_answer_says_so_on_stderr_and_exits_0():
    result = invoke("services", "--age", "60")
    assert result.exit_code == 0 and result.stdout == "" and "No results" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["agency", "Thames Valey Police"], "Error: no Agency, Arrangement, Board or any of"),  # unknown: suggests the nearest
        (["cite", "zzzz"], "Error: nothing in the graph is named 'zzzz'"),
        (["who-owns", "case studies shared at training events and safeguarding leads review meetings"], "could mean 2 things"),
        (["run", "who-own"], "did you mean 'who-owns'?"),
        (["run", "who-owns", "--param", "number"], "write KEY=VALUE"),
        (["run", "services"], "needs --param age=VALUE"),
        (["timeline", "--after", "last year"], "after must be a date written YYYY, YYYY-MM or YYYY-MM-DD"),
        (["services"], "Missing option '--age'"),
        (["glossary", "CEF", "--undefined"], "give no TERM with it"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(args, message):
    done = cli(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr


def test_unknown_name_suggests_the_nearest_in_the_cli():
    result = invoke("agency", "Thames Valey Police")
    assert result.exit_code == 2
    assert "did you mean 'Thames Valley Police'" in result.stderr


@pytest.mark.parametrize("args", [["--help"], ["who-owns", "--help"], ["network", "--help"], ["export", "--help"]])
def test_help_imports_no_rdf_engine_nor_networkx(args):
    """--help reads the declarations only: rdflib, pyoxigraph and networkx cost half a second to import."""
    probe = ("import sys\nfrom oscb_graph.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'pyoxigraph', 'networkx', 'pyshacl'})\n"
             "print('heavy:', heavy, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, timeout=60)
    assert "heavy: []" in done.stderr, done.stderr
