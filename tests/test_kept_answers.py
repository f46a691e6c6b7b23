"""Answers and records kept beside the compiled store (store.answers): asked again, the engine is not
run; what is kept is exactly what the engine gave; nothing kept outlives its store or its budget."""
from __future__ import annotations

import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from oscb_graph.cli import main
from oscb_graph.errors import QueryTimeout
from oscb_graph.network import ownership_matrix
from oscb_graph.pictures import flows_by_pair
from oscb_graph.projections import Projections, derived_from
from oscb_graph.store import answers, open_store, timelimit
from oscb_graph.store.cache import discard, prune

WHO = "SELECT ?rec ?n WHERE { ?rec a oscb:Recommendation ; oscb:number ?n } ORDER BY ?n"


def engine_forbidden(monkeypatch):
    def refuse(work, timeout):
        raise AssertionError("the engine ran, though the answer was kept")

    monkeypatch.setattr("oscb_graph.store.query.run_bounded", refuse)


def test_a_query_asked_again_is_answered_from_what_was_kept(own_report, monkeypatch):
    first = open_store([own_report]).query(WHO)
    assert len(first.terms) == 7  # the copy names the same recommendations
    engine_forbidden(monkeypatch)
    again = open_store([own_report]).query(WHO)
    assert again.vars == first.vars and again.terms == first.terms


def test_each_narrowing_and_binding_is_its_own_question(own_report, monkeypatch):
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?rec a oscb:Recommendation } }"
    everything = open_store([own_report]).query(graphs)
    one = open_store([own_report], source="copy-of-child-j").query(graphs)
    assert len(one.terms) == 1 < len(everything.terms)
    bound = open_store([own_report]).query(WHO, bindings={"n": 3})
    assert {str(row[1]) for row in bound.terms} == {"3"}


def test_a_later_process_reads_the_kept_answer_without_forking(own_report):
    open_store([own_report]).query(WHO)
    script = (
        "import sys, oscb_graph.store.query as q\n"
        "q.run_bounded = lambda work, timeout: sys.exit('forked')\n"
        "from oscb_graph.store import open_store\n"
        f"print(len(open_store([{str(own_report)!r}]).query({WHO!r}).terms))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "7"


def test_a_kept_file_for_another_text_or_half_written_is_not_an_answer(own_report):
    store = open_store([own_report])
    store.query(WHO)
    text = answers.question(WHO, "SELECT", {}, None)
    kept = next(answers.answers_dir(store.path).iterdir())
    kept.write_bytes(kept.read_bytes()[:40])  # cut short
    assert answers.recall(store.path, text) is None
    answers.keep(store.path, text + " ", (["x"], []))  # another text in the same file name cannot be
    assert answers.recall(store.path, text) is None
    assert len(store.query(WHO).terms) == 7  # and the engine answers again


def test_errors_and_timeouts_are_not_kept(own_report):
    store = open_store([own_report])
    with pytest.raises(QueryTimeout):
        store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.5)
    assert not answers.answers_dir(store.path).exists() or not any(answers.answers_dir(store.path).iterdir())


def test_the_projections_records_are_kept_and_equal_to_the_engines(own_report, monkeypatch):
    store = open_store([own_report])
    fresh = Projections(store)
    read = (fresh.parts, fresh.recommendations, fresh.flows, fresh.memberships, fresh.routes())
    engine_forbidden(monkeypatch)
    kept = Projections(open_store([own_report]))
    assert (kept.parts, kept.recommendations, kept.flows, kept.memberships, kept.routes()) == read
    reference = Projections(open_store([own_report], engine="rdflib"))
    monkeypatch.setattr("oscb_graph.store.query.run_bounded", timelimit.run_bounded)
    assert reference.parts == kept.parts and reference.flows == kept.flows


def test_a_dump_is_kept_and_the_same_the_second_time(own_report, monkeypatch):
    first = open_store([own_report]).dump("trig")
    monkeypatch.setattr("oscb_graph.store.oxigraph.OxigraphStore.serialised",
                        lambda self, fmt: pytest.fail("serialised again"))
    assert open_store([own_report]).dump("trig") == first


def test_kept_answers_go_with_their_store(own_report):
    store = open_store([own_report])
    store.query(WHO)
    kept = answers.answers_dir(store.path)
    assert kept.is_dir()
    discard(store.path)
    assert not kept.exists() and not store.path.exists()
    orphan = kept.with_name("answers-0123")
    orphan.mkdir()
    prune(store.path.parent, keep=store.path)
    assert not orphan.exists()


def test_pruning_forgets_what_commands_saw_of_stores_that_are_gone(own_report):
    """watched/ keeps, per set of arguments, the stamps that find the current store; keys/ was its older form."""
    store = open_store([own_report])
    root = store.path.parent
    (root / "keys").mkdir()
    (root / "keys" / "0123-4").write_text("gone\nstamps", encoding="utf-8")
    memos = list((root / "watched").iterdir())
    assert len(memos) == 1
    prune(root, keep=store.path)
    assert memos[0].exists() and not (root / "keys").exists()
    discard(store.path)
    prune(root, keep=store.path)
    assert not memos[0].exists()


def test_the_budget_pushes_out_the_oldest(own_report, monkeypatch):
    store = open_store([own_report])
    monkeypatch.setattr(answers, "ANSWER_BUDGET", 3000)
    for n in range(6):
        answers.keep(store.path, f"question {n}", ["x" * 900])
        time.sleep(0.02)  # apart in the file system's clock
    folder = answers.answers_dir(store.path)
    assert sum(p.stat().st_size for p in folder.iterdir()) <= 3000
    assert answers.recall(store.path, "question 5") == ["x" * 900]
    assert answers.recall(store.path, "question 0") is None


def test_build_reads_the_views_records_ahead(own_report, monkeypatch):
    done = CliRunner().invoke(main, ["build", "--data", str(own_report)])
    assert done.exit_code == 0, done.output
    assert "the views' records (ownership, flows, memberships, the matrix) read in" in done.output
    engine_forbidden(monkeypatch)
    graph = Projections(open_store([own_report]))
    assert graph.parts and graph.flows and graph.recommendations and graph.memberships
    # and what the views across reports are drawn from (two reports here: Child J and its copy)
    assert len(graph.part_reports) == 2 and graph.body_summary and graph.shared_recommendations
    header, rows = ownership_matrix(graph)
    assert header[:3] == ["Report", "Recommendation", "Text"] and len(rows) == 14
    count, kinds = flows_by_pair(graph)
    assert sum(count.values()) == sum(sum(k.values()) for k in kinds.values()) > 0


def test_a_derived_value_is_kept_with_the_records_it_comes_from(own_report):
    """Worked out once per store; the key holds its sources, so another source is another value."""
    graph = Projections(open_store([own_report]))
    calls = []

    def reports_seen(g: Projections) -> list[str]:
        calls.append(1)
        return sorted({p.report for p in g.parts})

    from_parts = derived_from("parts")(reports_seen)
    assert from_parts(graph) == from_parts(Projections(open_store([own_report])))
    assert len(calls) == 1
    derived_from("recommendations")(reports_seen)(graph)
    assert len(calls) == 2
