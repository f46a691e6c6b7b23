"""Updating the compiled store when a few reports change gives the store a build of the same data gives.

A partnership adds one review at a time: the store is then updated (store.update) rather than
built anew. Compared here with a build, quad by quad (blank nodes aside, whose ids differ by
load), with the name index's rows and the counts in the manifest.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from oscb_graph.sources import report_folders
from oscb_graph.store import cache, open_store, update
from oscb_graph.store.build import MANIFEST
from oscb_graph.store.nameindex import NAME_FILE

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_corpus.py"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("update") / "reports"
    subprocess.run([sys.executable, str(GENERATOR), "5", "--out", str(out), "--seed", "9"],
                   check=True, capture_output=True, timeout=120)
    return sorted(p for p in out.iterdir() if p.is_dir())


def contents(store_path: Path) -> tuple[Counter[str], Counter[tuple], Counter[tuple], dict]:
    """Every quad (blank node ids as `_:`), the name index's two tables, and the manifest's counts."""
    store = ox.Store.read_only(str(store_path))
    quads = Counter(re.sub(r"_:\w+", "_:", str(q)) for q in store)
    with sqlite3.connect(f"file:{store_path / NAME_FILE}?mode=ro", uri=True) as names:
        rows = Counter(names.execute("SELECT * FROM rows").fetchall())
        keys = Counter(names.execute("SELECT * FROM names").fetchall())
    manifest = json.loads((store_path / MANIFEST).read_text())
    return quads, rows, keys, {k: manifest[k] for k in ("key", "reports", "triples", "graphs")}


def built_anew(data: list[Path], tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "fresh"))
    return cache.compiled(report_folders([str(p) for p in data]), rebuild=True).path


def updated(before: list[Path], after: list[Path], tmp_path: Path, monkeypatch) -> Path:
    """The store of `after`, made by updating the store of `before` (a build is refused)."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    cache.compiled(report_folders([str(p) for p in before]))

    def no_build(*args):
        raise AssertionError("built anew, not updated")

    monkeypatch.setattr(cache, "build", no_build)
    path = cache.compiled(report_folders([str(p) for p in after])).path
    monkeypatch.undo()
    return path


def test_adding_a_report_updates_the_store_into_the_one_a_build_makes(generated, tmp_path, monkeypatch):
    first = generated[:3]
    path = updated(first, [*first, generated[3]], tmp_path, monkeypatch)
    assert contents(path) == contents(built_anew([*first, generated[3]], tmp_path, monkeypatch))
    assert json.loads((path / MANIFEST).read_text())["updates"] == 1  # not compacted yet


def test_changing_and_removing_reports_updates_the_store_too(generated, tmp_path, monkeypatch):
    changed = tmp_path / "data" / generated[1].name
    shutil.copytree(generated[1], changed)
    organisations = changed / "organisations.ttl"
    text = organisations.read_text()
    label = re.search(r'(agency:[\w-]+) rdfs:label "([^"]+)" \.', text)
    assert label, "the generated organisations name an agency"
    # a new name for an agency other reports name too, and a new acronym: the name index must follow
    organisations.write_text(text.replace(f'rdfs:label "{label[2]}"', f'rdfs:label "{label[2]} (renamed)"', 1)
                             + f'{label[1]} oscb:acronym "XYZQ" .\n')
    before = generated[:4]
    after = [generated[0], changed, generated[3], generated[4]]  # 1 changed, 2 removed, 4 added
    monkeypatch.setattr(update, "COMPACT_AFTER", 1)
    path = updated(before, after, tmp_path, monkeypatch)
    assert json.loads((path / MANIFEST).read_text())["updates"] == 0  # compacted
    assert contents(path) == contents(built_anew(after, tmp_path, monkeypatch))
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    assert open_store([str(p) for p in after]).query("ASK { ?a oscb:acronym 'XYZQ' }").boolean is True


def test_a_report_with_its_own_subclass_axiom_is_built_not_updated(generated, tmp_path, monkeypatch):
    axiom = tmp_path / "data" / "own-axiom"
    shutil.copytree(generated[4], axiom)
    (axiom / "extra.ttl").write_text(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix oscb: <https://w3id.org/oscb-graph/ontology#> .\n"
        "oscb:Agency rdfs:subClassOf oscb:Thing .\n"
    )
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    cache.compiled(report_folders([str(p) for p in generated[:2]]))
    path = cache.compiled(report_folders([str(p) for p in [*generated[:2], axiom]])).path
    assert json.loads((path / MANIFEST).read_text())["typed_afterwards"] is True
    assert contents(path) == contents(built_anew([*generated[:2], axiom], tmp_path, monkeypatch))
