"""`import`, `overdue`, `template` and `new`: a partnership's own reviews and action plans.

A business manager keeps the action plan in a spreadsheet; `import` reads it into a report
folder (the cells behind every fact), `overdue` asks the question a board asks at every
meeting, `template` gives an empty tracker that imports cleanly, and `new` starts a report
folder to write by hand.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .declare import command
from .people import people_options, show, store_for
from .reports import data_option

ERRORS_SHOWN = 10  # the summary prints this many error rows; --errors FILE writes them all


@command("import")
@click.argument("tracker", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "into", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="The folder of report folders to write the report into (then: --data DIR).")
@click.option("--report", "report", required=True, metavar="NAME",
              help="The report's name: its folder DIR/NAME and its graph (lower-case letters, digits, hyphens).")
@click.option("--text", "text", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="REVIEW",
              help="The review's text (.txt, .docx or .pdf): kept in the folder, recommendations anchored in it.")
@click.option("--columns", "columns", type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="MAP",
              help="A file of 'Header as written: field' lines for headers the import cannot place.")
@click.option("--errors", "errors_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write every cell the import could not read (sheet, row, column, value, problem) as CSV.")
@click.option("--dry-run", is_flag=True, help="Read and report, write nothing.")
@data_option
def import_cmd(tracker: Path, into: Path, report: str, text: Path | None, columns: Path | None, errors_file: Path | None,
               dry_run: bool, data: tuple[str, ...]) -> None:
    """Leads are resolved to the organisations the graph knows; each fact keeps the cell it
    came from. Cells that cannot be read are listed (and written with --errors); the folder
    is written all at once, or not at all. Re-importing replaces the report and says what changed.

    \b
    Example:
      oscb-graph import action-plan.xlsx --into reviews --report dhr-adult-k --text dhr-adult-k.pdf
      oscb-graph who-owns --data reviews --source dhr-adult-k
    """
    from ..tracker.importer import import_tracker

    if errors_file is not None and not errors_file.resolve().parent.is_dir():
        raise click.UsageError(f"no folder to write {str(errors_file)!r} into: create {str(errors_file.parent)!r} first")
    result = import_tracker(tracker, into, report, text, columns, dry_run, list(data))
    plan = result.plan
    verb = "would write" if dry_run else "wrote"
    click.echo(f"{verb} {result.folder}: {len(plan.recommendations)} recommendations, {len(plan.actions)} actions "
               f"from {tracker.name}", err=True)
    for body, cell in result.new_bodies:
        click.echo(f"new {'post' if body.kind == 'Post' else 'organisation'}: {body.label} ({cell.sheet}!{cell.ref}); "
                   "the graph knew no body of that name", err=True)
    for anchor_number, anchor in sorted(result.anchors.items()):
        if anchor.method != "exact":
            click.echo(f"recommendation {anchor_number}: anchored in the review's text {anchor.method}ly "
                       f"at {anchor.start}-{anchor.end}", err=True)
    for missing in result.unanchored:
        click.echo(f"recommendation {missing.number}: not found in the review's text (closest {missing.score:.0f}%)", err=True)
    if result.changes is not None:
        click.echo(f"changes since the last import: {len(result.changes) or 'none'}", err=True)
        for line in result.changes:
            click.echo(f"  {line}", err=True)
    if result.errors:
        click.echo(f"{len(result.errors)} cells could not be read (their facts are left out or kept as words):", err=True)
        for row in result.errors[:ERRORS_SHOWN]:
            click.echo(f"  {row.sheet}!{row.column}{row.row}: {row.problem}", err=True)
        if len(result.errors) > ERRORS_SHOWN and errors_file is None:
            click.echo(f"  ... and {len(result.errors) - ERRORS_SHOWN} more: write them all with --errors FILE", err=True)
    if errors_file is not None:
        write_errors(errors_file, result.errors)


def write_errors(path: Path, rows) -> None:
    """The errors table as CSV (a header row even when empty), written atomically."""
    import csv

    from ..atomic import write_atomically

    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8-sig") as handle:
            out = csv.writer(handle)
            out.writerow(["sheet", "row", "column", "value", "problem"])
            out.writerows([r.sheet, r.row, r.column, r.value, r.problem] for r in rows)

    write_atomically(path, write)


@command("overdue")
@click.option("--as-of", "as_of", metavar="DATE", help="Count from this day (YYYY-MM-DD) instead of today.")
@people_options
def overdue_cmd(as_of: str | None, data, source, endpoint, timeout: float, output_format: str | None) -> None:
    """An action whose target date is only words ('Summer term 2016', 'Ongoing') is never
    overdue; the command says how many it left out (`oscb-graph run overdue-undated` lists them).

    \b
    Example:
      oscb-graph overdue --data reviews
      oscb-graph overdue --as-of 2017-01-01 --csv
    """
    from .. import canned, questions

    store = store_for(data, source, endpoint)
    day = canned.parse_date("--as-of", as_of) if as_of else dt.date.today().isoformat()
    show(questions.ask(store, "overdue", {"asOf": day}, timeout, hide=("node",)), output_format)
    undated = canned.run(store, canned.get("overdue-undated"), {}, timeout)
    actions = {row[-1] for row in undated.terms}
    if actions:
        click.echo(f"left out {len(actions)} actions whose target date is only words (e.g. {str(undated.terms[0][4])[:40]!r}): "
                   "`oscb-graph run overdue-undated` lists them", err=True)


@command("template")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The .xlsx file to write.")
@data_option
def template_cmd(output: Path, data: tuple[str, ...]) -> None:
    """\b
    Example:
      oscb-graph template -o tracker.xlsx
    """
    from ..tracker.layout import write_tracker

    if not output.resolve().parent.is_dir():
        raise click.UsageError(f"no folder to write {str(output)!r} into: create {str(output.parent)!r} first")
    write_tracker(output, store_for(data, None), report=None)
    click.echo(f"wrote {output}: an empty tracker; fill it in and run `oscb-graph import {output.name} --into DIR --report NAME`", err=True)


@command("new")
@click.argument("name")
@click.option("--text", "text", required=True, type=click.Path(dir_okay=False, exists=True, path_type=Path), metavar="REVIEW",
              help="The review's text (.txt, .docx or .pdf), kept in the folder as review.txt.")
@click.option("--into", "into", required=True, type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="The folder of report folders to write NAME into.")
def new_cmd(name: str, text: Path, into: Path) -> None:
    """\b
    Example:
      oscb-graph new scr-child-m --text scr-child-m.pdf --into reviews
      oscb-graph validate --data reviews
    """
    from ..tracker.skeleton import new_report

    folder = new_report(name, text, into)
    click.echo(f"wrote {folder}: review.txt and review.ttl; add recommendations to review.ttl (see its comments), "
               "then `oscb-graph validate --data " + str(into) + "`", err=True)
