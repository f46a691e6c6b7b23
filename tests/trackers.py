"""Trackers made for the tests, with the mess real ones hold (and no real person's name).

`messy_tracker` writes an .xlsx action plan as a partnership keeps one: title rows above the
header, headers worded their own way, a recommendation merged over its actions, several
milestones and dates in one cell, dates as Excel dates and as words, RAG written every way,
recommendations numbered "Recommendation 1:", "Rec 2", "3." and not at all, and leads as posts
and organisations, several to a cell.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

HEADER = ["Ref", "RECOMMENDATION", "Scope (local, regional, national)", "Action to be taken",
          "Lead agency (post and organisation)", "Key milestones", "Target date", "Progress indicator (RAG)",
          "Agency response", "Date of completion and outcome"]

# (recommendation cell, scope, action, lead, milestones, target (text or date), RAG, response, completion)
ROWS = [
    ("Recommendation 1: The Partnership to review how agencies share information about young people who go missing.",
     "Local", "Revise the missing-persons protocol", "Head of Safeguarding, Oxford Health NHS Foundation Trust; TVP",
     "Draft by March 2016\nSign-off by June 2016", dt.datetime(2016, 6, 30), "Amber/Green", "Draft circulated", ""),
    (None, None, "Train front-line staff on the revised protocol", "Thames Valley Police\nOxfordshire County Council",
     "", "By 31/01/2017", "G", "", ""),
    (None, None, "Audit the use of the protocol", "Riverside Youth Trust", "", "Summer term 2016", "Red", "", ""),
    ("Rec 2 - Agencies to record the voice of the child in every assessment.", "National",
     "Add a prompt for the child's views to the assessment form", "Oxford Health", "", "March 2016", "Complete",
     "Form changed", "15/02/2016 - prompt live in all teams"),
    (None, None, "Check a sample of assessments for the child's views", "Oxford University Hospitals", "",
     "2016 (date TBC)", "A", "", ""),
    ("3. Commissioners to assure the Board that therapeutic services are available.", "regional",
     "Map therapeutic services", "Clinical Commissioning Group", "", "31/12/2016", "Green", "", ""),
    (None, None, "Publish the map", "CCG", "", "Ongoing", "", "", ""),
    ("The Board to publish an annual report on progress.", "Local", "Write the annual report",
     "Oxfordshire Safeguarding Children Board", "", "31/02/2017", "purple", "", ""),
]


def messy_tracker(path: Path) -> Path:
    """The tracker described above, as .xlsx."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Action Plan"
    sheet.append(["Riverside Partnership: action plan for the review of Young Person A"])
    sheet.append(["Updated for the board meeting"])
    sheet.append([])
    sheet.append(HEADER)
    starts = [i for i, values in enumerate(ROWS) if values[0] is not None] + [len(ROWS)]
    for values in ROWS:
        sheet.append([None, *values])
    top = 5  # the first row under the header
    for begin, end in zip(starts, starts[1:]):
        if end - begin > 1:  # the recommendation and its scope merged over its actions' rows
            for column in (2, 3):
                sheet.merge_cells(start_row=top + begin, start_column=column, end_row=top + end - 1, end_column=column)
    book.save(path)
    return path


NHS_HEADER = ["Case review", "Review type", "Review stage", "Theme", "Publication date", "Recommendation",
              "Action", "Lead agency", "Target date", "RAG"]


def nhs_tracker(path: Path, stage_on_last_row: str = "Action plan", publication: object = dt.datetime(2023, 3, 14)) -> Path:
    """A tracker laid out like the NHS Safeguarding Case Review Tracker: the review's name, type, stage and
    publication on every row beside each recommendation's theme and actions (a fictional review)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Case reviews"
    sheet.append(["Safeguarding Case Review Tracker"])
    sheet.append(NHS_HEADER)
    review = ["Young Person B", "Child Safeguarding Practice Review (CSPR)", "Action plan"]
    rows = [
        ("Theme 1: Information sharing", "Recommendation 1: Agencies to share information about missed appointments.",
         "Add missed-appointment alerts to the records system", "Oxford Health", "March 2024", "Green"),
        ("Theme 1: Information sharing", None, "Audit the alerts", "Oxford Health", "2024", "Amber"),
        ("Theme 2: Voice of the child", "Recommendation 2: Practitioners to record the child's own words.",
         "Brief practitioners on recording the child's words", "Thames Valley Police", "31/12/2024", "Complete"),
    ]
    for n, (theme, rec, action, lead, target, rag) in enumerate(rows, start=1):
        stage = stage_on_last_row if n == len(rows) else review[2]
        sheet.append([review[0], review[1], stage, theme, publication, rec, action, lead, target, rag])
    book.save(path)
    return path


def large_tracker(path: Path, rows: int) -> Path:
    """A tidy tracker of `rows` actions, ten to a recommendation, for timing."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Rec", "Recommendation", "Action", "Lead", "Target date", "RAG"])
    leads = ["Thames Valley Police", "Oxford Health", "Oxfordshire County Council; CCG", "Head of Service, Oxford Health"]
    for i in range(rows):
        rec = i // 10 + 1
        sheet.append([rec, f"Recommendation {rec}: the partnership to improve practice area {rec}.",
                      f"Action {i + 1} for practice area {rec}", leads[i % len(leads)],
                      dt.datetime(2016 + i % 3, 1 + i % 12, 1 + i % 28), ["Green", "Amber", "Red", "Complete"][i % 4]])
    book.save(path)
    return path


def tiny_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF of `lines` in Helvetica, written by hand (no PDF library needed to make it)."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 11 Tf 72 740 Td 14 TL " + " ".join(f"({escape(line)}) '" for line in lines) + " ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
               f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


if __name__ == "__main__":  # the README's worked example: python tests/trackers.py young-person-a.xlsx
    import sys

    print(messy_tracker(Path(sys.argv[1] if len(sys.argv) > 1 else "young-person-a.xlsx")))
