"""The same thing is said the same way everywhere: one row per event, one wording for a party the
report does not name, column names that say what they hold, and --limit wherever rows print."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter

import click
import test_canned_queries
from click.testing import CliRunner
from test_canned_queries import rows

from oscb_graph import canned, pictures
from oscb_graph.cli import main
from oscb_graph.store import rdflib_dataset
from oscb_graph.wording import NOT_STATED_CELL, not_stated

store = test_canned_queries.store  # the fixture: each test runs on both engines


def test_timeline_gives_one_row_per_event(store):
    timeline = rows(store, "timeline")
    events = Counter((r["node"], r["event"], r["date"]) for r in timeline)
    assert events and max(events.values()) == 1, events.most_common(3)
    # "the Youth Offending Service (YOS) has worked closely with the National Probation Service (NPS) and
    # the Community Rehabilitation Company to implement the National Transitions Protocol in 2015"
    protocol = [r for r in timeline if r["node"].endswith("action-6-transitions-protocol")]
    assert len(protocol) == 1
    assert protocol[0]["who"] == "Community Rehabilitation Company; National Probation Service; Youth Offending Service"
    assert protocol[0]["quote"].startswith("the Youth Offending Service (YOS) has worked closely")


def test_every_query_says_not_stated_in_the_same_words():
    placeholders = {m for q in canned.canned_queries().values() for m in re.findall(r'"\(([^"()]*)\)"', q.text)}
    assert placeholders == {NOT_STATED_CELL.strip("()")}


def test_a_table_and_a_picture_say_the_same_for_an_unnamed_sender(store):
    unnamed = [r for r in rows(store, "flows") if r["from"] == NOT_STATED_CELL]
    assert unnamed
    drawn = {node["label"] for node in pictures.flows(rdflib_dataset()).nodes}
    assert not_stated("sender") in drawn
    assert NOT_STATED_CELL.strip("()") in not_stated("sender")


def test_network_gaps_names_its_column_for_the_numbers_it_holds():
    result = CliRunner().invoke(main, ["network", "gaps", "--csv"])
    gaps = list(csv.DictReader(io.StringIO(result.stdout)))
    assert gaps and "recommendations" not in gaps[0]
    assert all(re.fullmatch(r"\d+(, \d+)*", r["recommendation_numbers"]) for r in gaps)


def commands(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from commands(command, ctx, (*path, name))
        else:
            yield (*path, name), command


def test_every_command_that_prints_rows_takes_limit():
    ctx = click.Context(main)
    printing = {path: cmd for path, cmd in commands(main, ctx) if any("--csv" in p.opts for p in cmd.params)}
    assert len(printing) >= 15
    for path, command in printing.items():
        assert any("--limit" in p.opts for p in command.params), path
