"""--data and --source on the pictures, network and export commands, over generated reports.

The same shared options as the query commands: a folder of report folders adds each report,
OSCB_GRAPH_DATA does too, and --source narrows a picture or a network to one report.
"""
from __future__ import annotations

import csv
import io
import os

import pytest
from click.testing import CliRunner
from test_scale import generate

from oscb_graph.cli import main
from oscb_graph.sources import DATA_ENV, report_folders
from oscb_graph.store import open_store


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("corpus") / "reports", 2, seed=11)


def test_a_folder_of_reports_in_the_environment_adds_each_report(reports, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(reports[0].parent))
    names = [f.name for f in report_folders()]
    assert names == ["child-j", *(r.name for r in reports)]


def test_source_narrows_the_network_to_one_report(reports):
    runner = CliRunner()
    whole = runner.invoke(main, ["network", "rank", "--csv", "--data", str(reports[0].parent)])
    child_j = runner.invoke(main, ["network", "rank", "--csv", "--data", str(reports[0].parent), "--source", "child-j"])
    alone = runner.invoke(main, ["network", "rank", "--csv"])
    generated = runner.invoke(main, ["network", "rank", "--csv", "--data", str(reports[0].parent),
                                     "--source", reports[0].name])
    for result in (whole, child_j, alone, generated):
        assert result.exit_code == 0, result.output

    def flows(result) -> int:  # each flow counted at both its ends
        return sum(int(row["flows"]) for row in csv.DictReader(io.StringIO(result.stdout)))

    assert flows(child_j) == flows(alone)  # narrowed to Child J, the generated reports' flows are gone
    assert flows(whole) > flows(child_j) and flows(whole) > flows(generated) > 0


def test_source_narrows_the_ownership_matrix(reports, tmp_path):
    out = tmp_path / "ownership.csv"
    result = CliRunner().invoke(main, ["export", "-o", str(out), "--data", str(reports[0].parent), "--source", "child-j"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 7


def test_source_narrows_a_picture(reports, tmp_path):
    out = tmp_path / "flows.html"
    result = CliRunner().invoke(main, ["viz", "flows", "-o", str(out), "--data", str(reports[0].parent),
                                       "--source", "child-j"])
    assert result.exit_code == 0, result.output
    narrowed = open_store([str(reports[0].parent)], source="child-j")
    from oscb_graph import pictures

    assert f"{len(pictures.flows(narrowed).nodes)} nodes" in result.stderr


def test_an_unknown_source_is_one_line(reports):
    result = CliRunner().invoke(main, ["viz", "flows", "-o", os.devnull, "--source", "no-such-report"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "child-j" in result.stderr


def test_pictures_over_several_reports_draw_one_node_per_body(reports, tmp_path):
    from oscb_graph import pictures

    store = open_store([str(reports[0].parent)])
    for view in (pictures.ownership, pictures.flows):
        net = view(store)
        assert "--source" in net.heading and "3 reports" in net.heading
        ids = [n["id"] for n in net.nodes]
        assert len(ids) == len(set(ids)) and not any("/rec-" in i for i in ids)
    out = tmp_path / "everything.html"
    result = CliRunner().invoke(main, ["viz", "all", "-o", str(out), "--data", str(reports[0].parent)])
    assert result.exit_code == 2 and "--source" in result.output and not out.exists()


def test_who_owns_answers_across_reports_one_row_per_body(reports):
    runner = CliRunner()
    summary = runner.invoke(main, ["who-owns", "--csv", "--data", str(reports[0].parent)])
    detail = runner.invoke(main, ["who-owns", "--csv", "--detail", "--data", str(reports[0].parent)])
    alone = runner.invoke(main, ["who-owns", "--csv"])
    for result in (summary, detail, alone):
        assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(summary.stdout)))
    assert list(rows[0])[:5] == ["who", "recommendations", "reports", "roles", "actions"]
    assert len({r["body"] for r in rows}) == len(rows)
    oscb = next(r for r in rows if r["who"] == "Oxfordshire Safeguarding Children Board")
    assert oscb["reports"] == "3" and "owner" in oscb["roles"]
    detailed = list(csv.DictReader(io.StringIO(detail.stdout)))
    assert {r["report"] for r in detailed} == {"child-j", *(p.name for p in reports)}
    assert int(oscb["recommendations"]) == len({(r["report"], r["rec"]) for r in detailed if r["who"] == oscb["who"]})
    assert "rec" in next(csv.DictReader(io.StringIO(alone.stdout)))  # one report: the detailed rows, as before
