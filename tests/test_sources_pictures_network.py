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
from oscb_graph.engine import rdflib_dataset
from oscb_graph.sources import DATA_ENV, report_folders


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
    narrowed = rdflib_dataset([str(reports[0].parent)], "child-j")
    from oscb_graph import pictures

    assert f"{len(pictures.flows(narrowed).nodes)} nodes" in result.stderr


def test_an_unknown_source_is_one_line(reports):
    result = CliRunner().invoke(main, ["viz", "flows", "-o", os.devnull, "--source", "no-such-report"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "child-j" in result.stderr
