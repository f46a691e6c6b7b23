"""`oscb-graph site`: what the folder holds, that its queries give its rows, and that it is written safely.

The browser half (links, requests, search, accessibility) is tests/test_site_browser.py.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_scale import generate

from oscb_graph import site as site_module
from oscb_graph.cli import main

PAGE_LIMIT = 300 * 1024


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site") / "site"
    result = invoke("site", "-o", str(folder))
    assert result.exit_code == 0, result.output
    return folder


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_the_site_has_a_page_of_each_kind_and_every_table_its_csv(site):
    for path in ["index.html", "search.html", "reports/child-j.html", "text/child-j.html", "glossary/child-j.html",
                 "recommendations/child-j--rec-1.html", "recommendations/child-j--rec-7.html", "bodies/index.html",
                 "bodies/agency--thames-valley-police.html", "routes/child-j--route-two-tier.html", "about/ontology.html",
                 "assets/minisearch.js", "assets/minisearch-LICENSE.txt", "assets/search-index.js", "assets/vis-network.min.js"]:
        assert (site / path).is_file(), path
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Who owns what" in home and "Oxfordshire Safeguarding Children Board" in home
    for page in site.rglob("*.html"):
        assert page.stat().st_size < PAGE_LIMIT, page
        text = page.read_text(encoding="utf-8")
        for csv_name in set(re.findall(r'href="([^"/]+\.csv)"', text)):
            assert (page.parent / csv_name).is_file(), (page, csv_name)


def test_a_recommendation_page_shows_its_owners_actions_and_the_words(site):
    page = (site / "recommendations/child-j--rec-4.html").read_text(encoding="utf-8")
    assert "Recommendation 4" in page and "Thames Valley Police" in page
    owners = rows((site / "recommendations/child-j--rec-4.owners.csv").read_text(encoding="utf-8"))
    assert owners[0] == ["report", "rec", "who", "role", "actions", "statuses", "quote", "body"]
    assert any("owner" in row[3] for row in owners[1:])
    actions = rows((site / "recommendations/child-j--rec-4.actions.csv").read_text(encoding="utf-8"))
    assert len(actions) > 5 and {row[2] for row in actions[1:]} == {"action"}
    assert all(row[7] for row in actions[1:]), "every action carries its quote"


def test_each_pages_query_file_runs_with_oscb_graph_query_and_gives_the_pages_rows(site):
    for stem, query, table in [("recommendations/child-j--rec-4", "recommendation", "actions"),
                               ("recommendations/child-j--rec-4", "who-owns", "owners"),
                               ("bodies/agency--thames-valley-police", "agency", "did"),
                               ("glossary/child-j", "glossary", "glossary")]:
        rq = site / f"{stem}.{query}.rq"
        header = rq.read_text(encoding="utf-8").splitlines()[1]
        assert header.startswith("# Run it here with: oscb-graph query -f ")
        result = invoke("query", "-f", str(rq), "--csv")
        assert result.exit_code == 0, result.output
        answered = {tuple(row) for row in rows(result.stdout)[1:]}
        shown = rows((site / f"{stem}.{table}.csv").read_text(encoding="utf-8"))
        assert shown[1:] and {tuple(row) for row in shown[1:]} <= answered, (stem, query)


def test_a_folder_of_other_files_is_refused_and_left_as_it_was(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me", encoding="utf-8")
    result = invoke("site", "-o", str(folder))
    assert result.exit_code != 0
    assert "did not write" in result.output and "Traceback" not in result.output and len(result.output.splitlines()) == 1
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"], "no half-built folder is left beside it"


def test_a_site_is_replaced_whole_and_a_failed_build_leaves_the_old_one(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    assert invoke("site", "-o", str(folder)).exit_code == 0
    (folder / "stale.html").write_text("from an older build", encoding="utf-8")
    assert invoke("site", "-o", str(folder)).exit_code == 0
    assert not (folder / "stale.html").exists() and (folder / "index.html").is_file()
    before = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(site_module, "write_site", broken)
    with pytest.raises(OSError):
        site_module.build_site(folder)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_unknown_source_is_one_line_and_exit_2(tmp_path):
    result = invoke("site", "-o", str(tmp_path / "site"), "--source", "no-such-report")
    assert result.exit_code == 2 and "'no-such-report'" in result.output and len(result.output.splitlines()) == 1
    assert not (tmp_path / "site").exists()


def test_many_reports_and_one_source(tmp_path):
    reports = generate(tmp_path / "reports", 3)
    folder = tmp_path / "site"
    assert invoke("site", "-o", str(folder), "--data", str(tmp_path / "reports")).exit_code == 0
    for report in ["child-j", *(p.name for p in reports)]:
        assert (folder / "reports" / f"{report}.html").is_file() and (folder / "text" / f"{report}.html").is_file()
    home = (folder / "index.html").read_text(encoding="utf-8")
    assert "4 reports" in home
    one = tmp_path / "one"
    assert invoke("site", "-o", str(one), "--data", str(tmp_path / "reports"), "--source", reports[1].name).exit_code == 0
    assert [p.name for p in (one / "reports").glob("*.html") if p.name != "index.html"] == [f"{reports[1].name}.html"]
    command = (one / "index.who-owns.rq").read_text(encoding="utf-8").splitlines()[1]
    assert f"--source {reports[1].name}" in command and "--data" in command
