"""`oscb-graph import`, `overdue`, `template`, `export --format xlsx` and `new`, through the real CLI.

The trackers are made by tests/trackers.py with the mess real ones hold; every answer is
read back through the compiled store (who-owns, recommendation, overdue, cite).
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from trackers import large_tracker, messy_tracker, nhs_tracker

from oscb_graph.cli import main
from oscb_graph.tracker import values
from oscb_graph.tracker.columns import field_for
from oscb_graph.tracker.review import ReviewText


def cli(*args: str):
    return CliRunner().invoke(main, list(args))


def local(name: str) -> str:
    """The last part of an IRI or prefixed name."""
    return name.rsplit("/", 1)[-1].rsplit(":", 1)[-1]


def problems(reviews: Path) -> list[str]:
    """What validate finds in these report folders read alone: their quotes and trackers, and shapes
    (which miss the bodies Child J defines). The full `oscb-graph validate`, with the bundled report,
    runs once, on the messy tracker: pyshacl over Child J takes tens of seconds on a shared machine."""
    import oscb_graph

    return [str(p) for p in oscb_graph.validate([reviews], include_bundled=False).problems]


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("import")
    tracker = messy_tracker(root / "young-person-a.xlsx")
    result = cli("import", str(tracker), "--into", str(root / "reviews"), "--report", "young-person-a",
                 "--errors", str(root / "errors.csv"))
    assert result.exit_code == 0, result.output
    return root, result


# -- reading cells ---------------------------------------------------------------------

@pytest.mark.parametrize("text, iso, note, problem", [
    ("31/12/2016", "2016-12-31", None, False),
    ("By 31/01/2017", "2017-01-31", "By 31/01/2017", False),
    ("March 2016", "2016-03", None, False),
    ("2016 (date TBC)", "2016", "2016 (date TBC)", False),
    ("2016", "2016", None, False),
    ("Ongoing", None, "Ongoing", False),
    ("Summer term 2016", None, "Summer term 2016", True),
    ("31/02/2017", None, "31/02/2017", True),
])
def test_dates_keep_their_precision_and_their_words(text, iso, note, problem):
    reading = values.read_date(text)
    assert (reading.date.iso if reading.date else None, reading.note, reading.problem is not None) == (iso, note, problem)


def test_an_excel_serial_number_is_a_date():
    assert values.read_date("42735", 42735).date.iso == "2016-12-31"


@pytest.mark.parametrize("text, rating", [("Green", "RagGreen"), ("G", "RagGreen"), ("Amber/Green", "RagAmberGreen"),
                                          ("Complete", "RagComplete"), ("red", "RagRed")])
def test_rag_ratings_read_every_way(text, rating):
    assert values.read_rag(text) == (rating, None)


@pytest.mark.parametrize("text, number", [("Recommendation 1: The board", 1), ("Rec 2 - Agencies", 2), ("3. Commissioners", 3),
                                          ("Multi-Agency Recommendation 4: The OSCB", 4), ("The board to publish", None)])
def test_recommendations_numbered_every_way(text, number):
    assert values.split_number(text)[0] == number


@pytest.mark.parametrize("header, field", [("RECOMMENDATION", "recommendation"), ("Action to be taken", "action"),
                                           ("Lead agency (post and organisation)", "lead"), ("Key milestones", "milestones"),
                                           ("Target date", "target"), ("Progress indicator (RAG)", "rag"),
                                           ("Date of completion and outcome", "completed"), ("By when?", "target"),
                                           ("Scope (local, regional, national)", "scope"), ("Agency response", "progress"),
                                           ("When", "target"), ("Review type", "review_type"),
                                           ("Type of review", "review_type"), ("Review stage", "review_stage"),
                                           ("Stage", "review_stage"), ("Publication date", "publication"),
                                           ("Date published", "publication"), ("Link to the report", "publication")])
def test_headers_match_by_meaning(header, field):
    assert field_for(header) == field


def test_quotes_anchor_exactly_then_normalised_then_approximately():
    review = ReviewText("Intro.\nThe Board  to \u201creview\u201d the\nprotocol annually.\nAgencies should record the voice of the child.")
    assert review.anchor("Intro.").method == "exact"
    found = review.anchor('The Board to "review" the protocol annually.')
    assert found.method == "normalised" and review.text[found.start:found.end] == found.exact
    close = review.anchor("Agencies should record the voices of the child.")
    assert close.method == "approximate" and "voice of the child" in close.exact
    assert review.anchor("Something the review never says at all, in any words.")[0] is None


@pytest.mark.parametrize("text, read", [
    ("Child Safeguarding Practice Review (CSPR)", "ChildSafeguardingPracticeReview"), ("SCR", "SeriousCaseReview"),
    ("Domestic Homicide Review", "DomesticHomicideReview"), ("Safeguarding Adults Review", "SafeguardingAdultsReview"),
    ("rapid review", "RapidReview"), ("Serious Case Review (DHR)", None), ("Learning review", None)])
def test_review_types_read_by_name_or_acronym_never_guessed(text, read):
    value, problem = values.read_review_type(text)
    assert value == read and (problem is None) == (read is not None)


@pytest.mark.parametrize("text, value, expect", [
    ("14/03/2023", None, values.Publication(values.DateValue("2023-03-14"), True)),
    ("Published March 2023", None, values.Publication(values.DateValue("2023-03"), True)),
    ("Unpublished", None, values.Publication(None, False)),
    ("Yes https://example.org/review-b.pdf", None, values.Publication(None, True, "https://example.org/review-b.pdf")),
    ("2023-03-14 00:00:00", __import__("datetime").datetime(2023, 3, 14), values.Publication(values.DateValue("2023-03-14"), True)),
    ("Soon", None, None), ("31/02/2023", None, None)])
def test_a_publication_cell_gives_its_date_flag_and_link(text, value, expect):
    found, problem = values.read_publication(text, value)
    assert found == expect and (problem is None) == (expect is not None)


# -- the messy tracker -----------------------------------------------------------------

def test_the_messy_tracker_imports_and_says_what_it_could_not_read(imported):
    root, result = imported
    assert "4 recommendations, 8 actions" in result.stderr
    assert "new organisation: Riverside Youth Trust (Action Plan!E7)" in result.stderr
    assert "new post: Head of Safeguarding, Oxford Health" in result.stderr
    errors = list(csv.DictReader(open(root / "errors.csv", encoding="utf-8-sig")))
    assert {(e["row"], e["column"]) for e in errors} == {("7", "G"), ("12", "G"), ("12", "H")}
    assert all(e["sheet"] == "Action Plan" and e["problem"] for e in errors)
    folder = root / "reviews" / "young-person-a"
    assert sorted(p.name for p in folder.iterdir()) == ["action-plan.ttl", "young-person-a.xlsx"]
    assert cli("validate", "--data", str(root / "reviews")).exit_code == 0


def test_who_owns_answers_from_the_tracker_with_the_cell_as_quote(imported):
    root, _ = imported
    found = rows(cli("who-owns", "--data", str(root / "reviews"), "--source", "young-person-a", "--csv"))
    owners = {(r["rec"], local(r["body"])) for r in found if "owner" in r["role"]}
    assert ("1", "thames-valley-police") in owners and ("1", "oxfordshire-county-council") in owners
    assert ("2", "oxford-health") in owners  # "Oxford Health" as written
    assert ("2", "oxford-university-hospitals") in owners
    assert ("3", "clinical-commissioning-group") in owners  # "Clinical Commissioning Group" and "CCG" are one body
    assert ("4", "oscb") in owners
    tvp = next(r for r in found if r["rec"] == "1" and local(r["body"]) == "thames-valley-police")
    assert tvp["actions"] == "2" and tvp["quote"] in ("Head of Safeguarding, Oxford Health NHS Foundation Trust; TVP",
                                                      "Thames Valley Police\nOxfordshire County Council")


def test_recommendation_gives_the_text_without_its_number_and_each_action(imported):
    root, _ = imported
    found = rows(cli("recommendation", "2", "--data", str(root / "reviews"), "--source", "young-person-a", "--csv"))
    text = next(r for r in found if r["section"] == "text")
    assert text["what"] == "Agencies to record the voice of the child in every assessment."
    assert text["quote"] == "Rec 2 - Agencies to record the voice of the child in every assessment."
    actions = {r["what"]: r for r in found if r["section"] == "action"}
    assert actions["Add a prompt for the child's views to the assessment form"]["status"] == "done"
    assert actions["Check a sample of assessments for the child's views"]["when"] == "2016"


def test_overdue_counts_by_precision_and_leaves_out_words(imported):
    root, _ = imported
    result = cli("overdue", "--data", str(root / "reviews"), "--source", "young-person-a", "--as-of", "2017-01-01", "--csv")
    found = rows(result)
    assert [r for r in found if r["report"] == "young-person-a"] == found
    overdue = {(r["action"], r["lead"]) for r in found}
    assert ("Revise the missing-persons protocol", "Thames Valley Police") in overdue  # named, though only the report is read
    assert {r["action"] for r in found} == {"Revise the missing-persons protocol", "Check a sample of assessments for the child's views",
                                           "Map therapeutic services"}  # 2016 is over; 31/01/2017 is not yet; done is done
    assert all(r["quote"] == r["action"] for r in found)  # the action's own cell
    assert "left out 3 actions whose target date is only words" in result.stderr  # Summer term, Ongoing, 31/02/2017
    assert rows(cli("overdue", "--data", str(root / "reviews"), "--source", "young-person-a", "--as-of", "2016-01-01", "--csv")) == []


def test_cite_names_the_file_sheet_and_cell(imported):
    root, _ = imported
    found = rows(cli("cite", "Riverside Youth Trust", "--data", str(root / "reviews"), "--csv"))
    assert {"young-person-a/young-person-a.xlsx Action Plan!E7"} <= {r["file"] for r in found}
    assert all(r["quote"] for r in found)


def test_reimporting_replaces_the_report_and_says_what_changed(imported, tmp_path):
    import shutil

    from openpyxl import load_workbook

    root, _ = imported
    reviews = tmp_path / "reviews"
    shutil.copytree(root / "reviews", reviews)
    book = load_workbook(root / "young-person-a.xlsx")
    sheet = book.active
    sheet["H6"] = "Complete"  # train front-line staff: now complete
    sheet["G10"] = "30/06/2017"  # map therapeutic services: new date
    sheet.delete_rows(11)  # publish the map: removed
    updated = tmp_path / "young-person-a.xlsx"
    book.save(updated)
    result = cli("import", str(updated), "--into", str(reviews), "--report", "young-person-a")
    assert result.exit_code == 0, result.output
    assert "status: rec 1: Train front-line staff on the revised protocol: ongoing -> done" in result.stderr
    assert "target: rec 3: Map therapeutic services: 2016-12-31 -> 2017-06-30" in result.stderr
    assert "removed: rec 3: Publish the map" in result.stderr
    assert [p.name for p in reviews.iterdir()] == ["young-person-a"]  # nothing left beside it


def test_dry_run_writes_nothing(tmp_path):
    tracker = messy_tracker(tmp_path / "t.xlsx")
    result = cli("import", str(tracker), "--into", str(tmp_path / "reviews"), "--report", "t", "--dry-run")
    assert result.exit_code == 0 and "would write" in result.stderr
    assert not (tmp_path / "reviews").exists()


def test_a_csv_tracker_with_a_mapping_file_imports(tmp_path):
    tracker = tmp_path / "plan.csv"
    tracker.write_text("Review of Young Person B\n\nNo,What we said,What we will do,Who will do it,When\n"
                       "1,The board to audit referrals.,Audit 20 referrals,TVP,31/03/2016\n"
                       ",,Report the audit,Oxford Health,April 2016\n"
                       ',,Publish guidance,TVP,"Draft 31/03/2016; final 30/06/2016"\n', encoding="utf-8")
    mapping = tmp_path / "columns.txt"
    mapping.write_text("# our headers\nWhat we said: recommendation\nWhat we will do: action\nWho will do it: lead\n", encoding="utf-8")
    result = cli("import", str(tracker), "--into", str(tmp_path / "r"), "--report", "yp-b", "--columns", str(mapping))
    assert result.exit_code == 0, result.output
    assert "1 recommendations, 3 actions" in result.stderr
    turtle = (tmp_path / "r" / "yp-b" / "action-plan.ttl").read_text(encoding="utf-8")
    assert 'oscb:targetDate "2016-06-30"^^xsd:date' in turtle  # the last of the cell's dates, each a milestone
    assert turtle.count("a oscb:Milestone") == 2 and 'oscb:dateNote "Draft 31/03/2016; final 30/06/2016"' in turtle


def test_a_word_tracker_with_merged_cells_imports(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Action plan")
    table = document.add_table(rows=3, cols=4)
    for cell, text in zip(table.rows[0].cells, ["Recommendation", "Action", "Lead agency", "Target date"]):
        cell.text = text
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Recommendation 1: Agencies to share information."
    for r, (action, lead, date) in enumerate([("Agree a protocol", "TVP", "March 2016"), ("Train staff", "Oxford Health", "2016")], 1):
        table.cell(r, 1).text, table.cell(r, 2).text, table.cell(r, 3).text = action, lead, date
    path = tmp_path / "plan.docx"
    document.save(path)
    result = cli("import", str(path), "--into", str(tmp_path / "r"), "--report", "word")
    assert result.exit_code == 0, result.output
    assert "1 recommendations, 2 actions" in result.stderr


def test_recommendations_anchor_in_the_review_text(tmp_path):
    tracker = messy_tracker(tmp_path / "t.xlsx")
    review = tmp_path / "review.txt"
    review.write_text("Review of Young Person A\n\nRecommendations\n1. The Partnership to review how agencies share information "
                      "about young people who\ngo missing.\n2. Agencies to record the voice of the child in each assessment.\n",
                      encoding="utf-8")
    reviews = tmp_path / "reviews"
    result = cli("import", str(tracker), "--into", str(reviews), "--report", "yp-a", "--text", str(review))
    assert result.exit_code == 0, result.output
    assert "recommendation 1: anchored in the review's text normalisedly" in result.stderr
    assert "recommendation 2: anchored in the review's text approximately" in result.stderr
    assert "recommendation 3: not found in the review's text" in result.stderr
    assert (reviews / "yp-a" / "review.txt").read_text(encoding="utf-8") == review.read_text(encoding="utf-8")
    assert not [p for p in problems(reviews) if p.startswith("quote")]  # the passages stand at their offsets


# -- hostile files: one line, nothing written ------------------------------------------

def _zip_bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * 300_000_000)
    return path


def _macro_book(path: Path) -> Path:
    messy_tracker(path.with_suffix(".xlsx"))
    with zipfile.ZipFile(path.with_suffix(".xlsx")) as source, zipfile.ZipFile(path, "w") as z:
        for item in source.infolist():
            z.writestr(item, source.read(item))
        z.writestr("xl/vbaProject.bin", b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nEnd Sub\n")
    return path


def _huge_book(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["Recommendation", "Action", "Lead", "Target date"])
    for i in range(100_000):
        sheet.append(["Rec 1: x", f"a{i}", "TVP", "2016"])
    book.save(path)
    return path


HOSTILE = {
    "corrupt.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04 this is not a workbook" * 10) and p, "not a readable workbook"),
    "protected.xlsx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")) and p,
                       "password-protected"),
    "bomb.xlsx": (_zip_bomb, "zip bomb"),
    "macros.xlsm": (_macro_book, "contains macros"),
    "huge.xlsx": (_huge_book, "100,001 rows"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_get_one_line_and_leave_nothing(tmp_path, name):
    make, words = HOSTILE[name]
    path = tmp_path / name
    make(path)
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    result = cli("import", str(path), "--into", str(reviews), "--report", "hostile")
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in result.output, result.output
    assert list(reviews.iterdir()) == []


def test_a_formula_with_no_saved_value_is_an_error_row(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Recommendation", "Action", "Lead", "Target date"])
    sheet.append(["Rec 1: the board to act.", "Act", "TVP", "=DATE(2016,3,1)"])
    path = tmp_path / "formula.xlsx"
    book.save(path)  # openpyxl saves formulas without their values, as Excel would not
    result = cli("import", str(path), "--into", str(tmp_path / "r"), "--report", "f")
    assert result.exit_code == 0, result.output
    assert "Sheet!D2: a formula with no saved value" in result.stderr


# -- the spreadsheet as the working surface --------------------------------------------

def test_child_j_round_trips_through_a_tracker_with_the_same_owners(tmp_path):
    out = tmp_path / "child-j.xlsx"
    assert cli("export", "-o", str(out), "--source", "child-j").exit_code == 0
    result = cli("import", str(out), "--into", str(tmp_path / "reviews"), "--report", "child-j-again")
    assert result.exit_code == 0, result.output
    found = rows(cli("who-owns", "--detail", "--data", str(tmp_path / "reviews"), "--csv"))

    def part(report, role):
        return sorted((r["rec"], r["body"], r["actions"], r["statuses"]) for r in found if r["report"] == report and role in r["role"])

    assert part("child-j", "owner") and part("child-j", "owner") == part("child-j-again", "owner")
    assert part("child-j", "acted") == part("child-j-again", "acted")


def test_the_template_has_the_shapes_columns_lists_and_notes(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "tracker.xlsx"
    assert cli("template", "-o", str(out)).exit_code == 0
    sheet = load_workbook(out)["Action plan"]
    headers = [c.value for c in sheet[2]]
    assert headers[:6] == ["Rec", "Recommendation", "Scope", "Recommendation owner", "Action to be taken", "Lead agency"]
    assert all(field_for(h) for h in headers)  # import reads every column back
    lists = {str(r.sqref).split(":")[0]: r.formula1 for r in sheet.data_validations.dataValidation}
    assert lists["C3"] == '"Local,Regional,National"'
    assert "Amber/Green" in lists["J3"] and lists["F3"].startswith("Lists!")
    assert "Thames Valley Police" in [c.value for c in load_workbook(out)["Lists"]["A"]]
    assert sheet["H2"].comment is not None
    assert headers[-3:] == ["Review type", "Review stage", "Publication"]
    assert "Child Safeguarding Practice Review" in lists["M3"] and "Action plan" in lists["N3"]


def test_new_writes_a_report_folder_that_validates(tmp_path):
    review = tmp_path / "scr.txt"
    review.write_text("Serious Case Review: Child Q\n\nRecommendations follow.\n", encoding="utf-8")
    assert cli("new", "scr-child-q", "--text", str(review), "--into", str(tmp_path / "reviews")).exit_code == 0
    assert problems(tmp_path / "reviews") == []
    again = cli("new", "scr-child-q", "--text", str(review), "--into", str(tmp_path / "reviews"))
    assert again.exit_code == 1 and "exists already" in again.stderr


def test_a_large_tracker_imports(tmp_path):
    tracker = large_tracker(tmp_path / "large.xlsx", 500)
    result = cli("import", str(tracker), "--into", str(tmp_path / "r"), "--report", "large")
    assert result.exit_code == 0 and "50 recommendations, 500 actions" in result.stderr


def test_a_pdf_review_text_is_extracted_once_and_anchors(tmp_path):
    from trackers import tiny_pdf

    review = tiny_pdf(tmp_path / "review.pdf", ["Review of Young Person A", "Recommendations",
                                                "Agencies to record the voice of the child in every assessment."])
    reviews = tmp_path / "reviews"
    result = cli("import", str(messy_tracker(tmp_path / "t.xlsx")), "--into", str(reviews), "--report", "yp-a", "--text", str(review))
    assert result.exit_code == 0, result.output
    assert "recommendation 2: not found" not in result.stderr and "recommendation 1: not found" in result.stderr
    kept = (reviews / "yp-a" / "review.txt").read_text(encoding="utf-8")
    assert "voice of the child in every assessment" in kept
    assert not [p for p in problems(reviews) if p.startswith("quote")]


def test_a_missing_word_reader_is_named_in_one_line(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK")
    result = cli("import", str(path), "--into", str(tmp_path / "r"), "--report", "w")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: reading Word (.docx) trackers needs python-docx: pip install 'oscb-graph[documents]'"


def test_a_bad_rag_rating_in_the_data_is_caught_by_the_shapes(imported, tmp_path):
    import shutil

    root, _ = imported
    reviews = tmp_path / "reviews"
    shutil.copytree(root / "reviews", reviews)
    turtle = reviews / "young-person-a" / "action-plan.ttl"
    turtle.write_text(turtle.read_text(encoding="utf-8").replace("oscb:rag oscb:RagGreen", "oscb:rag oscb:Ongoing", 1), encoding="utf-8")
    assert any("oscb:rag" in p for p in problems(reviews))


def test_the_readmes_worked_example_runs_as_written(tmp_path, monkeypatch):
    """Every command of the README's tracker example runs, and prints the lines the README shows on stderr."""
    import re
    import shlex

    from openpyxl import load_workbook

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Your own reviews", 1)[1].split("\n## ", 1)[0]
    monkeypatch.chdir(tmp_path)
    messy_tracker(tmp_path / "young-person-a.xlsx")
    book = load_workbook(tmp_path / "young-person-a.xlsx")
    book.active["H6"], book.active["G10"] = "Complete", "30/06/2017"
    book.save(tmp_path / "young-person-a-june.xlsx")
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    assert blocks
    for block in blocks:
        for command, shown in re.findall(r"^\$ oscb-graph (.*)\n((?:(?!\$ ).*\n)*)", block, re.M):
            result = CliRunner().invoke(main, shlex.split(command))
            assert result.exit_code == 0, (command, result.output)
            for line in shown.splitlines():
                if line.startswith(("wrote ", "new ", "left out", "changes since", "  status:", "  target:", "  Action Plan!")):
                    assert line in result.stderr, (command, line)


def _with_cell_xml(path: Path, cell: str, xml: str) -> Path:
    """The workbook with one cell of its first sheet rewritten as raw XML (a formula with its saved value, as Excel saves it)."""
    import re

    with zipfile.ZipFile(path) as source:
        members = {item.filename: source.read(item) for item in source.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    members["xl/worksheets/sheet1.xml"] = re.sub(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', xml, sheet, count=1).encode()
    out = path.with_name("saved-" + path.name)
    with zipfile.ZipFile(out, "w") as target:
        for name, data in members.items():
            target.writestr(name, data)
    return out


@pytest.mark.parametrize("saved, expect", [
    ('<c r="D2"><f>DATE(2016,3,1)</f><v>42430</v></c>', "0 cells could not be read"),
    ('<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "Sheet!D2: the formula gives the error #DIV/0!"),
])
def test_a_formula_gives_its_saved_value_or_an_error_row(tmp_path, saved, expect):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Sheet"
    book.active.append(["Recommendation", "Action", "Lead", "Target date"])
    book.active.append(["Rec 1: the board to act.", "Act", "TVP", "placeholder"])
    book.save(tmp_path / "f.xlsx")
    path = _with_cell_xml(tmp_path / "f.xlsx", "D2", saved)
    result = cli("import", str(path), "--into", str(tmp_path / "r"), "--report", "f")
    assert result.exit_code == 0, result.output
    if expect.startswith("0"):
        assert "could not be read" not in result.stderr
        assert 'oscb:targetDate "2016-03-01"^^xsd:date' in (tmp_path / "r" / "f" / "action-plan.ttl").read_text(encoding="utf-8")
    else:
        assert expect in result.stderr


def test_a_word_review_text_is_kept_and_anchors(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("Review of Young Person A", 1)
    document.add_paragraph("The Board to publish an annual report on progress.")
    review = tmp_path / "review.docx"
    document.save(review)
    result = cli("import", str(messy_tracker(tmp_path / "t.xlsx")), "--into", str(tmp_path / "r"), "--report", "yp",
                 "--text", str(review))
    assert result.exit_code == 0, result.output
    assert "recommendation 4: not found" not in result.stderr
    assert "The Board to publish" in (tmp_path / "r" / "yp" / "review.txt").read_text(encoding="utf-8")


def test_validate_checks_the_kept_tracker_against_its_hash(imported, tmp_path):
    import shutil

    root, _ = imported
    reviews = tmp_path / "reviews"
    shutil.copytree(root / "reviews", reviews)
    kept = reviews / "young-person-a" / "young-person-a.xlsx"
    kept.write_bytes(kept.read_bytes() + b"\0")
    assert any("the tracker has changed since it was imported" in p for p in problems(reviews))


def _resolver():
    from oscb_graph.prefixes import ID_BASE, OSCB_NS
    from oscb_graph.tracker.leads import Resolver

    agency = OSCB_NS + "Agency"
    return Resolver.from_rows([
        (ID_BASE + "agency/thames-valley-police", "Thames Valley Police", 0, agency, "Thames Valley Police", None),
        (ID_BASE + "agency/thames-valley-police", "TVP", 1, agency, "Thames Valley Police", None),
        (ID_BASE + "agency/oxford-health", "Oxford Health", 0, agency, "Oxford Health", None),
        (ID_BASE + "unit/camhs", "CAMHS", 1, OSCB_NS + "Service", "Child and Adolescent Mental Health Service", None),
        (ID_BASE + "thing/camhs-report", "CAMHS", 1, OSCB_NS + "Publication", "CAMHS report", None),
        (ID_BASE + "agency/north-trust", "North Trust", 0, agency, "North Trust", None),
        (ID_BASE + "unit/north-trust", "North Trust", 0, OSCB_NS + "Service", "North Trust", None),
    ])


@pytest.mark.parametrize("cell, iris", [
    ("Oxford Health NHS Foundation Trust", ["agency/oxford-health"]),
    ("tvp", ["agency/thames-valley-police"]),
    ("Thames Valley Polce", ["agency/thames-valley-police"]),  # a close spelling
    ("TVP and Oxford Health", ["agency/thames-valley-police", "agency/oxford-health"]),
    ("TVP, Oxford Health", ["agency/thames-valley-police", "agency/oxford-health"]),
    ("Named Nurse, Oxford Health", ["post/named-nurse-oxford-health"]),
    ("CAMHS", ["unit/camhs"]),  # only bodies are leads: the publication is no candidate
])
def test_leads_resolve_to_the_bodies_the_graph_knows(cell, iris):
    from oscb_graph.prefixes import ID_BASE
    from oscb_graph.tracker.leads import read_leads

    reading = read_leads(cell, _resolver(), "r")
    assert [b.iri[len(ID_BASE):] for b in reading.bodies] == iris and not reading.problems


def test_a_lead_two_bodies_share_is_a_problem_not_a_guess():
    from oscb_graph.tracker.leads import read_leads

    reading = read_leads("North Trust", _resolver(), "r")
    assert reading.bodies == [] and reading.problems == [
        "'North Trust' could mean North Trust (Agency, agency:north-trust) or North Trust (Service, unit:north-trust)"]


def test_the_readers_load_only_when_a_command_needs_them():
    """Start-up stays light: --help and a query command import no workbook, Word, PDF or fuzzy-matching library."""
    import subprocess
    import sys

    code = ("import sys; from click.testing import CliRunner; from oscb_graph.cli import main; "
            "CliRunner().invoke(main, ['--help']); CliRunner().invoke(main, ['import', '--help']); "
            "CliRunner().invoke(main, ['overdue', '--help']); "
            "print(sorted(m for m in ('openpyxl', 'rapidfuzz', 'docx', 'pypdf') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_several_dates_in_one_cell_become_milestones(imported):
    root, _ = imported
    assert values.dated_parts("31/03/2016 draft\n30/06/2016 final") == [
        ("31/03/2016 draft", values.DateValue("2016-03-31")), ("30/06/2016 final", values.DateValue("2016-06-30"))]
    found = rows(cli("timeline", "--data", str(root / "reviews"), "--source", "young-person-a", "--csv"))
    milestones = {(r["date"], r["what"]) for r in found if r["kind"] == "Milestone"}
    assert milestones == {("2016-03", "Draft by March 2016"), ("2016-06", "Sign-off by June 2016")}
    assert ("2016-02-15", "completed") in {(r["date"], r["event"]) for r in found}  # "15/02/2016 - prompt live in all teams"


def test_an_imported_tracker_exported_and_imported_again_gives_the_same_answers(imported, tmp_path):
    root, _ = imported
    out = tmp_path / "again.xlsx"
    assert cli("export", "-o", str(out), "--data", str(root / "reviews"), "--source", "young-person-a").exit_code == 0
    reviews = root / "reviews"
    result = cli("import", str(out), "--into", str(tmp_path / "again"), "--report", "young-person-a", "--data", str(reviews))
    assert result.exit_code == 0, result.output
    assert "new organisation" not in result.stderr and "new post" not in result.stderr  # the first import's bodies, known now

    def answers(folder, command):
        found = rows(cli(*command, "--data", str(folder), "--source", "young-person-a", "--csv"))
        return sorted(tuple(v for k, v in r.items() if k not in ("quote", "node")) for r in found)

    for command in (["who-owns"], ["overdue", "--as-of", "2017-01-01"], ["timeline"]):
        assert answers(reviews, command) == answers(tmp_path / "again", command), command


def test_an_errors_file_with_no_folder_is_refused_before_anything_is_written(tmp_path):
    result = cli("import", str(messy_tracker(tmp_path / "t.xlsx")), "--into", str(tmp_path / "r"), "--report", "t",
                 "--errors", str(tmp_path / "missing" / "errors.csv"))
    assert result.exit_code == 2 and "no folder to write" in result.stderr
    assert not (tmp_path / "r").exists()


# -- the NHS case review tracker: the review's type, stage and publication --------------

REVIEW_FACTS = """
SELECT ?field ?value ?quote ?cell WHERE {
  ?plan oscb:review ?review .
  ?review ?field ?value ; oscb:sourceCell ?c .
  ?c oscb:field ?field ; oa:exact ?quote ; oscb:sheet ?sheet ; oscb:row ?row ; oscb:column ?column .
  BIND(CONCAT(?sheet, "!", ?column, STR(?row)) AS ?cell)
} ORDER BY ?field"""


def test_an_nhs_tracker_gives_the_reviews_type_stage_and_publication_with_their_cells(tmp_path):
    tracker = nhs_tracker(tmp_path / "young-person-b.xlsx")
    result = cli("import", str(tracker), "--into", str(tmp_path / "reviews"), "--report", "young-person-b")
    assert result.exit_code == 0 and "could not be read" not in result.stderr, result.output
    found = rows(cli("query", REVIEW_FACTS, "--data", str(tmp_path / "reviews"), "--source", "young-person-b", "--csv"))
    assert [(local(r["field"]), local(r["value"]), r["quote"], r["cell"]) for r in found] == [
        ("issued", "2023-03-14", "2023-03-14", "Case reviews!E3"),
        ("published", "true", "2023-03-14", "Case reviews!E3"),
        ("reviewStage", "StageActionPlan", "Action plan", "Case reviews!C3"),
        ("reviewType", "ChildSafeguardingPracticeReview", "Child Safeguarding Practice Review (CSPR)", "Case reviews!B3")]
    themes = rows(cli("query", "SELECT DISTINCT ?label WHERE { ?r oscb:theme/rdfs:label ?label } ORDER BY ?label",
                      "--data", str(tmp_path / "reviews"), "--source", "young-person-b", "--csv"))
    assert [t["label"] for t in themes] == ["Theme 1: Information sharing", "Theme 2: Voice of the child"]
    assert problems(tmp_path / "reviews") == []


def test_a_review_stage_that_differs_between_rows_is_an_error_row_not_a_guess(tmp_path):
    tracker = nhs_tracker(tmp_path / "b.xlsx", stage_on_last_row="Published", publication="some day")
    result = cli("import", str(tracker), "--into", str(tmp_path / "reviews"), "--report", "b", "--errors", str(tmp_path / "e.csv"))
    assert result.exit_code == 0, result.output
    errors = {(e["row"], e["column"]): e["problem"] for e in csv.DictReader(open(tmp_path / "e.csv", encoding="utf-8-sig"))}
    assert "differs from C3 ('Action plan')" in errors[("5", "C")]
    assert {("3", "E"), ("4", "E"), ("5", "E")} <= errors.keys()
    found = rows(cli("query", REVIEW_FACTS, "--data", str(tmp_path / "reviews"), "--source", "b", "--csv"))
    assert [(local(r["field"]), r["cell"]) for r in found] == [("reviewType", "Case reviews!B3")]  # no stage: they differ


def test_an_nhs_tracker_exported_and_imported_again_keeps_the_reviews_facts(tmp_path):
    tracker = nhs_tracker(tmp_path / "young-person-b.xlsx", publication="Published March 2023 https://example.org/review-b.pdf")
    assert cli("import", str(tracker), "--into", str(tmp_path / "reviews"), "--report", "young-person-b").exit_code == 0
    out = tmp_path / "exported.xlsx"
    assert cli("export", "-o", str(out), "--data", str(tmp_path / "reviews"), "--source", "young-person-b").exit_code == 0
    assert cli("import", str(out), "--into", str(tmp_path / "again"), "--report", "b-again").exit_code == 0

    def facts(folder):
        return [(r["fact"], r["value"]) for r in rows(cli("run", "review", "--data", str(tmp_path / folder), "--csv"))]

    assert facts("reviews") == facts("again") == [("link", "https://example.org/review-b.pdf"), ("publication date", "2023-03"),
                                                  ("published", "true"), ("stage", "Action plan"),
                                                  ("type", "Child Safeguarding Practice Review")]
    quotes = rows(cli("run", "review", "--data", str(tmp_path / "again"), "--csv"))
    assert {r["cell"] for r in quotes} == {"b-again/exported.xlsx Action plan!M3", "b-again/exported.xlsx Action plan!N3",
                                          "b-again/exported.xlsx Action plan!O3"}
