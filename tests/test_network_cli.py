"""`oscb-graph network ...` and `oscb-graph export` through click's CliRunner and through the
installed console script in a real subprocess: answers, output formats, exit codes, one-line errors."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from oscb_graph import command_line, export, network
from oscb_graph.cli import main
from oscb_graph.namespaces import ID_BASE

CONSOLE_SCRIPT = Path(sys.executable).with_name("oscb-graph")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(CONSOLE_SCRIPT), *args], capture_output=True, text=True, timeout=120)


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_declared_choices_are_the_library_s():
    assert command_line.NETWORKS == tuple(network.PROJECTIONS)
    assert command_line.MEASURES == network.MEASURES
    assert command_line.EXPORT_FORMATS == (*export.FORMATS, export.TRACKER_FORMAT)


def test_path_from_the_hospitals_to_the_mash_in_the_installed_script():
    done = run("network", "path", "Oxford University Hospitals", "MASH", "--csv")
    assert done.returncode == 0, done.stderr
    rows = csv_rows(done.stdout)
    assert [(r["step"], r["from"], r["to"]) for r in rows] == [
        ("1", "Oxford University Hospitals NHS Foundation Trust", "the police"),
        ("2", "the police", "Multi-Agency Safeguarding Hub"),
    ]
    assert [r["node"] for r in rows] == ["cj:flow-ouh-assault", "cj:flow-court-checks"]
    assert "reported to the police" in rows[0]["quote"]
    assert done.stderr == "Oxford University Hospitals NHS Foundation Trust -> the police -> Multi-Agency Safeguarding Hub (2 hops)\n"


def test_no_route_is_one_honest_line_and_exit_1():
    done = run("network", "path", "MASH", "Oxford University Hospitals")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "no route in the report" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args, message", [
    (("network", "path", "Ofsted", "MASH"), "Ofsted takes part in no information flow"),
    (("network", "path", "TVP", "MASH"), "from Thames Valley Police to Multi-Agency Safeguarding Hub"),
])
def test_no_route_cases_exit_1_with_their_reason(args, message):
    result = invoke(*args)
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize("args, exit_code, message", [
    (("network", "path", "Nowhere Trust", "MASH"), 2, "nothing in the graph is named 'Nowhere Trust'"),
    (("network", "path", "MASH", "mash"), 2, "are the same node"),
    (("network", "rank", "--by", "pagerank"), 2, "'pagerank' is not one of"),
    (("export", "-o", "graph.pdf"), 2, "cannot tell the format"),
    (("export", "-o", "no/such/folder/graph.ttl"), 2, "there is no folder 'no/such/folder'"),
])
def test_bad_input_is_one_line_with_the_documented_exit_code(args, exit_code, message):
    done = run(*args)
    assert done.returncode == exit_code
    assert message in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_rank_as_json_puts_marac_first_and_probation_first_among_agencies():
    result = invoke("network", "rank", "--json")
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert bindings[0]["label"]["value"] == "Multi-Agency Risk Assessment Conference"
    assert bindings[0]["node"] == {"type": "uri", "value": ID_BASE + "forum/marac"}
    agencies = csv_rows(invoke("network", "rank", "--by", "betweenness", "--kind", "Agency", "--limit", "2", "--csv").stdout)
    assert [r["label"] for r in agencies][0] == "National Probation Service"
    assert len(agencies) == 2 and {r["kind"] for r in agencies} == {"Agency"}


def test_collaboration_rank_puts_the_board_first():
    rows = csv_rows(invoke("network", "rank", "--graph", "collaboration", "--limit", "1", "--csv").stdout)
    assert [(r["node"], r["label"]) for r in rows] == [("forum:oscb", "Oxfordshire Safeguarding Children Board")]
    assert set(rows[0]) >= {"weight", "betweenness"} and "flows" not in rows[0]


def test_gaps_among_agencies_name_safelives():
    result = invoke("network", "gaps", "--kind", "Agency", "--csv")
    assert result.exit_code == 0
    rows = {r["label"]: r for r in csv_rows(result.stdout)}
    assert rows["SafeLives"]["recommendation_numbers"] == "4"
    assert "Thames Valley Police" not in rows


def test_articulation_and_components_in_markdown_and_tsv():
    result = invoke("network", "articulation", "--markdown")
    assert result.exit_code == 0
    assert "| agency:national-probation-service | National Probation Service |" in result.stdout
    tsv = invoke("network", "components", "--tsv").stdout.splitlines()
    assert tsv[0].split("\t") == ["component", "size", "members"]
    assert "Niche; Thames Valley Police" in {line.split("\t")[2] for line in tsv[1:]}


def test_every_subcommand_help_ends_with_an_example():
    for args in [tuple(name.split()) for name in command_line.COMMANDS if name.startswith(("network", "export"))]:
        description = invoke(*args, "--help").output.split("Options:")[0].rstrip().splitlines()
        example = description[description.index("  Example:") + 1:]
        assert example and all(line.strip().startswith("oscb-graph " + args[0]) for line in example), args


def test_export_from_the_installed_script_writes_a_network_and_a_matrix(tmp_path):
    done = run("export", "--format", "gexf", "--graph", "collaboration", "-o", str(tmp_path / "c.gexf"))
    assert done.returncode == 0, done.stderr
    assert "the collaboration network" in done.stderr
    g = nx.read_gexf(tmp_path / "c.gexf")
    assert g.nodes[ID_BASE + "forum/oscb"]["label"] == "Oxfordshire Safeguarding Children Board"

    result = invoke("export", "-o", str(tmp_path / "matrix.csv"))
    assert result.exit_code == 0
    with (tmp_path / "matrix.csv").open(encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) == 1 + 7  # the header and one row per recommendation
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.gexf", "matrix.csv"]


def test_export_replaces_an_existing_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("stale")
    assert invoke("export", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("@prefix")
