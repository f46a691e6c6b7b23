"""`oscb-graph import`: a tracker (and the review's text) into a report folder, all at once or not at all.

The folder DIR/NAME holds the Turtle (action-plan.ttl), a copy of the tracker its cells name,
and the review's text when one is given. It is written in a hidden folder beside it and put in
place by renames, so that a reader sees the old report or the new one, never half of either;
an import that fails leaves nothing behind. Re-importing replaces the report and says what
changed in its actions.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError
from .columns import find_layout, read_mapping
from .leads import Body, Resolver
from .plan import ErrorRow, Plan, read_plan
from .review import TEXT_NAME, Anchor, ReviewText, extract_text
from .workbook import Cell, read_grids

TURTLE_NAME = "action-plan.ttl"
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


@dataclass
class Unanchored:
    number: int
    score: float


@dataclass
class ImportResult:
    """What an import read, wrote (or would write) and what it could not settle."""

    folder: Path
    plan: Plan
    new_bodies: list[tuple[Body, Cell]]
    anchors: dict[int, Anchor] = field(default_factory=dict)
    unanchored: list[Unanchored] = field(default_factory=list)
    changes: list[str] | None = None  # None: a first import

    @property
    def errors(self) -> list[ErrorRow]:
        return self.plan.errors


def check_report_name(name: str) -> str:
    if not _NAME.fullmatch(name) or name in ("inferred", "ontology"):
        raise DataError(f"--report {name[:40]!r}: name the report with lower-case letters, digits and hyphens "
                        "(e.g. dhr-adult-k), as its folder and graph are called")
    return name


def known_bodies(into: Path, report: str, data: list[str]) -> Resolver:
    """The bodies of the graph the report joins: the bundled reports, OSCB_GRAPH_DATA, --data and DIR's other reports."""
    from ..sources import report_dirs
    from ..store import open_store

    folders: list[str | Path] = list(data)
    if into.is_dir():
        folders += [str(p) for p in report_dirs(into) if p.name != report and p.resolve() != (into / report).resolve()]
    return Resolver.from_store(open_store(folders))


def import_tracker(tracker: Path, into: Path, report: str, text: Path | None = None, columns: Path | None = None,
                   dry_run: bool = False, data: list[str] | None = None) -> ImportResult:
    """Read `tracker` (and `text`) into the report folder `into`/`report`; see the module's docstring."""
    check_report_name(report)
    target = into / report
    if target.exists() and not (target / TURTLE_NAME).is_file():
        raise DataError(f"{target} exists and was not imported from a tracker; choose another --report name")
    if into.exists() and not into.is_dir():
        raise DataError(f"--into {into}: not a folder")
    mapping = read_mapping(columns) if columns else None
    grids = read_grids(tracker)
    layout = find_layout(grids, mapping)
    review = ReviewText(extract_text(text)) if text else None
    plan = read_plan(layout, known_bodies(into, report, data or []), report)
    if not plan.recommendations:
        raise DataError(f"{tracker.name}: no recommendation found under the header in row {layout.header_row + 1} "
                        f"of {layout.grid.name}")
    result = ImportResult(target, plan, plan.new_bodies())
    if review is not None:
        for rec in plan.recommendations:
            found = review.anchor(rec.text)
            if isinstance(found, Anchor):
                result.anchors[rec.number] = found
            else:
                result.unanchored.append(Unanchored(rec.number, found[1]))
    from .graph import plan_graph, turtle

    tracker_name = _file_name(tracker.name)
    content = tracker.read_bytes()
    graph = plan_graph(plan, report, tracker_name, hashlib.sha256(content).hexdigest(), result.anchors,
                       TEXT_NAME if review else None)
    turtle_bytes = turtle(graph).encode("utf-8")
    if (target / TURTLE_NAME).is_file():
        from .changes import action_changes, imported_actions, planned_actions

        result.changes = action_changes(imported_actions(target / TURTLE_NAME), planned_actions(plan))
    if dry_run:
        return result
    files = {TURTLE_NAME: b"# Imported by `oscb-graph import` from " + tracker_name.encode() + b"; re-import to change it.\n" + turtle_bytes,
             tracker_name: content}
    if review is not None:
        files[TEXT_NAME] = review.text.encode("utf-8")
    write_folder(target, files)
    return result


def _file_name(name: str) -> str:
    """The tracker's name as kept in the folder: its own, without characters a folder cannot hold."""
    cleaned = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "tracker"
    return cleaned if cleaned not in (TURTLE_NAME, TEXT_NAME) else "tracker-" + cleaned


def write_folder(target: Path, files: dict[str, bytes]) -> None:
    """Write `files` as the folder `target`, replacing what was there in one rename (see the module's docstring)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}"
    staging = target.parent / f".{target.name}.importing-{tag}"
    old = target.parent / f".{target.name}.replaced-{tag}"
    try:
        staging.mkdir()
        for name, content in files.items():
            with open(staging / name, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        if target.exists():
            os.rename(target, old)
        os.rename(staging, target)
    except BaseException:
        if old.exists() and not target.exists():
            os.rename(old, target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
