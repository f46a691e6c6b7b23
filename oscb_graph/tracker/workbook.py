"""Read a tracker file into grids of cells, refusing hostile files before parsing them.

A tracker arrives as .xlsx, .csv or a table in a .docx. Each becomes one or more Grids (a
sheet, a CSV file, a Word table) of Cells that keep where they stand (sheet, row, column)
and their exact text, so that every fact imported from them can name its cell. Merged cells
are filled from their top-left cell and remember it.

Files are checked first, without running or expanding anything: a corrupt or password-protected
workbook, a zip that expands past LIMITS, too many rows, and macros are one TrackerFileError
each. openpyxl never runs macros; formulas give the value Excel saved with them.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError

MAX_ROWS = 10_000  # a review's action plan has tens or hundreds of rows; more is not a tracker
MAX_BYTES = 20_000_000  # the file itself
MAX_EXPANDED = 200_000_000  # all members of a zip (.xlsx, .docx) once expanded
MAX_RATIO = 200  # expanded / compressed, for any member of more than a megabyte
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and old .xls/.doc alike
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
FORMULA_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!"}


class TrackerFileError(DataError):
    """A tracker that cannot be read at all; the message is one line naming the file."""


@dataclass(frozen=True)
class Cell:
    """One cell: where it stands and its exact text (a merged cell's text is its top-left cell's)."""

    sheet: str
    row: int  # 1-based, as the spreadsheet shows it
    column: int  # 1-based
    text: str
    value: object = None  # the typed value (datetime, number) where the file has one
    origin: tuple[int, int] | None = None  # the top-left cell (row, column) of the merge this cell is part of
    problem: str | None = None  # why the value cannot be trusted (a formula error, a formula with no saved value)

    @property
    def ref(self) -> str:
        row, column = self.origin or (self.row, self.column)
        return f"{column_letter(column)}{row}"

    @property
    def source(self) -> tuple[int, int]:
        """(row, column) of the cell whose text this is: the merge's top-left cell, or itself."""
        return self.origin or (self.row, self.column)


@dataclass
class Grid:
    """A sheet (or CSV file, or Word table) as rows of cells."""

    name: str
    rows: list[list[Cell]] = field(default_factory=list)


def column_letter(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_grids(path: Path) -> list[Grid]:
    """The grids of a tracker file, by its suffix; a TrackerFileError (one line) when it cannot be read."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise TrackerFileError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TrackerFileError(f"{path.name}: {size:,} bytes is too large for a tracker (at most {MAX_BYTES:,}); split it")
    with open(path, "rb") as handle:
        head = handle.read(8)
    if suffix in (".xlsx", ".xlsm", ".docx", ".docm", ".xls", ".doc"):
        if head == _OLE_MAGIC:
            if _ENCRYPTED in path.read_bytes():
                raise TrackerFileError(f"{path.name}: the file is password-protected; save a copy without a password and import that")
            raise TrackerFileError(f"{path.name}: an old binary Office file (.xls/.doc); save it as .xlsx or .docx and import that")
        if suffix in (".xls", ".doc"):
            raise TrackerFileError(f"{path.name}: an old Office format; save it as .xlsx or .docx and import that")
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".csv":
        return [_read_csv(path)]
    if suffix in (".docx", ".docm"):
        return _read_docx(path)
    raise TrackerFileError(f"{path.name}: cannot read {suffix or 'a file without a suffix'}; give a .xlsx, .csv or .docx tracker")


def _checked_zip(path: Path, kind: str) -> zipfile.ZipFile:
    """The file as a zip whose expansion is bounded and which holds no macros."""
    try:
        archive = zipfile.ZipFile(path)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TrackerFileError(f"{path.name}: not a readable {kind} (the file is damaged or not {kind}: {exc})") from None
    total = sum(m.file_size for m in members)
    for m in members:
        if m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            archive.close()
            raise TrackerFileError(f"{path.name}: {m.filename} would expand {m.file_size // max(m.compress_size, 1):,} times "
                                   "(a zip bomb?); refusing to open it")
    if total > MAX_EXPANDED:
        archive.close()
        raise TrackerFileError(f"{path.name}: expands to {total:,} bytes (at most {MAX_EXPANDED:,}); refusing to open it")
    if any(m.filename.lower().endswith("vbaproject.bin") for m in members):
        archive.close()
        raise TrackerFileError(f"{path.name}: the file contains macros, which oscb-graph never runs; save it as a plain "
                               f"{'.xlsx workbook' if kind == 'workbook' else '.docx document'} and import that")
    return archive


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[ >]")


def _count_rows(archive: zipfile.ZipFile) -> tuple[int, bool]:
    """The most rows any worksheet holds, and whether any cell holds a formula, read from the XML as it streams."""
    most, formulas = 0, False
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        count, tail = 0, b""
        with archive.open(name) as stream:
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                count += len(_ROW_TAG.findall(data))
                formulas = formulas or b"<f>" in data or b"<f " in data
                tail = data[-16:]
                count -= len(_ROW_TAG.findall(tail))
        most = max(most, count)
    return most, formulas


def _read_xlsx(path: Path) -> list[Grid]:
    import openpyxl

    with _checked_zip(path, "workbook") as archive:
        rows, formulas = _count_rows(archive)
    if rows > MAX_ROWS:
        raise TrackerFileError(f"{path.name}: a sheet has {rows:,} rows; a tracker has at most {MAX_ROWS:,} (is this the right file?)")
    try:
        book = openpyxl.load_workbook(path, data_only=True)
        written = openpyxl.load_workbook(path, data_only=False) if formulas else None
    except Exception as exc:  # openpyxl raises many types for a damaged file; all mean the same to a user
        raise TrackerFileError(f"{path.name}: not a readable workbook ({type(exc).__name__}: {str(exc)[:80]})") from None
    grids = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        formula_sheet = written[sheet.title] if written is not None else None
        grids.append(_sheet_grid(sheet, formula_sheet))
    return grids


def _sheet_grid(sheet, formula_sheet) -> Grid:
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for merged in sheet.merged_cells.ranges:
        top = (merged.min_row, merged.min_col)
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                origins[(r, c)] = top
    grid = Grid(sheet.title)
    values = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                values[(cell.row, cell.column)] = cell.value
    width = sheet.max_column
    for r in range(1, sheet.max_row + 1):
        cells = []
        for c in range(1, width + 1):
            origin = origins.get((r, c))
            key = origin or (r, c)
            value = values.get(key)
            problem = None
            if formula_sheet is not None:
                written = formula_sheet.cell(*key).value
                if isinstance(written, str) and written.startswith("="):
                    if value is None:
                        problem = "a formula with no saved value (open the workbook in Excel, save it, and import again)"
            if isinstance(value, str) and value.strip() in FORMULA_ERRORS:
                problem = f"the formula gives the error {value.strip()}"
            cells.append(Cell(grid.name, r, c, cell_text(value), value, origin if origin != (r, c) else None, problem))
        grid.rows.append(cells)
    return grid


def cell_text(value: object) -> str:
    """A cell's value as text: dates as ISO dates, whole numbers without '.0', text as written."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_csv(path: Path) -> Grid:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if "\x00" in text:
        raise TrackerFileError(f"{path.name}: not a text CSV file (it holds NUL bytes); export the tracker as CSV again")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid = Grid(path.name)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for r, row in enumerate(reader, start=1):
            if r > MAX_ROWS:
                raise TrackerFileError(f"{path.name}: more than {MAX_ROWS:,} rows; a tracker has at most {MAX_ROWS:,} (is this the right file?)")
            grid.rows.append([Cell(grid.name, r, c, value) for c, value in enumerate(row, start=1)])
    except csv.Error as exc:
        raise TrackerFileError(f"{path.name}: not a readable CSV file ({exc})") from None
    return grid


def _read_docx(path: Path) -> list[Grid]:
    docx = optional_module("docx", "python-docx", "Word (.docx) trackers")
    with _checked_zip(path, "Word document"):
        pass
    try:
        document = docx.Document(str(path))
    except Exception as exc:
        raise TrackerFileError(f"{path.name}: not a readable Word document ({type(exc).__name__}: {str(exc)[:80]})") from None
    grids = []
    for t, table in enumerate(document.tables, start=1):
        if len(table.rows) > MAX_ROWS:
            raise TrackerFileError(f"{path.name}: table {t} has {len(table.rows):,} rows; a tracker has at most {MAX_ROWS:,}")
        grid = Grid(f"table {t}")
        seen: dict[object, tuple[int, int]] = {}  # a merged cell's element (kept alive here) -> where it first stood
        for r, row in enumerate(table.rows, start=1):
            cells = []
            for c, cell in enumerate(row.cells, start=1):
                origin = seen.setdefault(cell._tc, (r, c))
                cells.append(Cell(grid.name, r, c, cell.text, None, origin if origin != (r, c) else None))
            grid.rows.append(cells)
        grids.append(grid)
    if not grids:
        raise TrackerFileError(f"{path.name}: the document holds no table; a Word tracker is a table with a header row")
    return grids


def optional_module(module: str, package: str, purpose: str):
    """Import a reader that the core install leaves out, or say in one line how to add it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise DataError(f"reading {purpose} needs {package}: pip install 'oscb-graph[documents]'") from None
