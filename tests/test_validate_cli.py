"""`oscb-graph validate`: quick on data it has seen, and failures a person can read."""
from __future__ import annotations

import os
import pty
import shutil
import subprocess

from click.testing import CliRunner
from conftest import CLI

import oscb_graph
from oscb_graph.cli import main
from oscb_graph.namespaces import ID_BASE
from oscb_graph.sources import bundled_reports


def shifted_copy(tmp_path, name: str = "shifted"):
    """The bundled report with one character added to its text before recommendation 4, as happens
    when a report's text is re-exported: every quote after it is one character off."""
    folder = tmp_path / name
    shutil.copytree(bundled_reports()[0].path, folder)
    text = (folder / "report.txt").read_text(encoding="utf-8")
    at = text.index("Recommendation 4")
    (folder / "report.txt").write_text(text[:at] + "X" + text[at:], encoding="utf-8")
    return folder


def test_problems_are_grouped_by_report_and_kind_with_a_summary(tmp_path):
    folder = shifted_copy(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--data", str(folder)])
    assert result.exit_code == 1
    notes = [line for line in result.stdout.splitlines() if line.startswith("note: ")]  # they come first and do not fail
    # the copy's nodes are Child J's (same IRIs), so its figures are one with Child J's: one note
    assert notes == [f"note: child-j: <{ID_BASE}child-j/figure-survey-respondents>: the report's parts of this total add up "
                     "to 178, not 188"]
    lines = result.stdout.splitlines()[len(notes):]
    assert lines[0].startswith("shifted: ") and lines[0].endswith(" problems")
    total = int(lines[0].split()[1])
    assert total > 100 and lines[1] == f"  quote ({total}):"
    assert all(line.startswith("    ") and "not the quote" in line for line in lines[2:7])
    assert lines[7] == f"    ... and {total - 5} more quote problems (--all lists them)"
    assert lines[-1].startswith(f"FAILED: {total} problems ({total} quote) in 1 report; ")
    assert len(lines) == 9  # child-j conforms and is not mentioned
    every = CliRunner().invoke(main, ["validate", "--data", str(folder), "--all"]).stdout.splitlines()
    assert len(every) == len(notes) + 3 + total


def test_source_checks_one_report(tmp_path):
    folder = shifted_copy(tmp_path)
    fine = CliRunner().invoke(main, ["validate", "--data", str(folder), "--source", "child-j"])
    assert fine.exit_code == 0 and fine.stdout.splitlines()[-1].startswith("OK: ")
    assert fine.stdout.startswith("note: child-j: ")  # 125 + 53 is not 188: noted, not failed
    bad = CliRunner().invoke(main, ["validate", "--data", str(folder), "--source", "shifted"])
    assert bad.exit_code == 1 and bad.stdout.splitlines()[1].startswith("shifted: ")
    unknown = CliRunner().invoke(main, ["validate", "--source", "shifted"])
    assert unknown.exit_code == 2 and "no loaded report is called 'shifted'; the loaded reports are: child-j" in unknown.stderr


def test_a_verdict_is_kept_by_content_and_forgotten_when_a_file_changes(tmp_path):
    folder = tmp_path / "copy"
    shutil.copytree(bundled_reports()[0].path, folder)
    first = oscb_graph.validate([folder], include_bundled=False)
    again = oscb_graph.validate([folder], include_bundled=False)
    assert first.conforms and again.conforms and again.cached and not first.cached
    assert (again.nodes_checked, again.quotes_checked) == (first.nodes_checked, first.quotes_checked)
    actions = folder / "actions.ttl"
    actions.write_text(actions.read_text().replace("oscb:status oscb:Planned", "oscb:status oscb:Abandoned", 1), encoding="utf-8")
    changed = oscb_graph.validate([folder], include_bundled=False)
    assert not changed.cached and [(p.kind, p.report) for p in changed.problems] == [("shape", "copy")]


def test_progress_shows_on_a_terminal_and_is_cleared(tmp_path):
    """On a terminal stderr shows what a long run is doing, on one line that is wiped at the end;
    in a pipe or a log (the CliRunner above) it says nothing."""
    folder = shifted_copy(tmp_path, "another")
    main_end, terminal = pty.openpty()
    done = subprocess.run([str(CLI), "validate", "--data", str(folder)], stdout=subprocess.PIPE, stderr=terminal,
                          env={**os.environ, "OSCB_GRAPH_CACHE": str(tmp_path / "cache")}, timeout=300)
    os.close(terminal)
    shown = os.read(main_end, 1 << 16).decode()
    os.close(main_end)
    assert done.returncode == 1
    assert "validate: reading report 2 of 2: another ..." in shown and "against the shapes" in shown
    assert shown.endswith("\r") and shown.rstrip("\r").rsplit("\r", 1)[-1].strip() == ""
    assert b"validate:" not in done.stdout
