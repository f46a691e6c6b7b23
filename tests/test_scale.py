"""Many reports: the synthetic corpus, --data and --source, both engines agreeing, and builds that fail safely.

The corpora here are a few generated reports (benchmarks/generate_corpus.py, run as a script);
the thousand-report runs are benchmarks/bench_scale.py's.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_cli
from rdflib import RDF, Graph

from oscb_graph import canned
from oscb_graph.cli import main
from oscb_graph.namespaces import OSCB
from oscb_graph.prefixes import ID_BASE, PREFIXES
from oscb_graph.sources import bundled_reports
from oscb_graph.store import open_store
from oscb_graph.store.build import MANIFEST, NQuads
from oscb_graph.store.cache import CACHE_ENV
from oscb_graph.validation import validate

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate_corpus.py"
# Values for the canned queries that take them: names from Child J, which every corpus includes.
SAMPLE_VALUES = {"agency": {"agency": "tvp"}, "cite": {"node": "MASH"}, "search": {"text": "safeguarding"},
                 "services": {"age": "15"}, "recommendation": {"number": "4"}, "who-owns": {"body": "OSCB"}}


def generate(out: Path, count: int, seed: int = 5) -> list[Path]:
    subprocess.run([sys.executable, str(GENERATOR), str(count), "--out", str(out), "--seed", str(seed)],
                   check=True, capture_output=True, timeout=120)
    return sorted(p for p in out.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("corpus") / "reports"


@pytest.fixture(scope="module")
def reports(corpus) -> list[Path]:
    return generate(corpus, 3)


def comparable(result) -> list[tuple]:
    """Rows as plain values in a fixed order, blank nodes as one placeholder (their ids differ by engine)."""
    def value(t) -> tuple:
        if t is None:
            return ()
        return ("_:",) if t.type == "bnode" else tuple(t)

    return sorted(tuple(value(t) for t in row) for row in result.terms)


# -- The generator ---------------------------------------------------------------------------

def test_generated_reports_conform_to_the_shapes_and_quote_their_text(reports):
    result = validate([str(p) for p in reports])
    assert result.conforms, [str(p) for p in result.problems[:5]]
    assert result.quotes_checked > 3 * 100


def test_generated_reports_have_child_js_kinds_of_node_and_edge(reports):
    child_j = Graph()
    for path in bundled_reports()[0].turtle_files:
        child_j.parse(path)
    generated = Graph()
    for path in reports[0].glob("*.ttl"):
        generated.parse(path)

    def kinds(g):
        return Counter(str(c) for c in g.objects(None, RDF.type) if str(c).startswith(str(OSCB._NS)))

    ours, theirs = kinds(generated), kinds(child_j)
    assert set(ours) <= set(theirs) and set(generated.predicates()) <= set(child_j.predicates())
    for kind in ("Action", "Figure", "InformationFlow", "Membership", "Responsibility", "Recommendation", "Passage"):
        assert ours[str(OSCB[kind])] > 0, kind
    assert ours[str(OSCB.Passage)] / len(generated) == pytest.approx(theirs[str(OSCB.Passage)] / len(child_j), rel=0.5)
    assert 700 < len(generated) < 2000  # about a thousand triples a report: a million at 1,000 reports


def test_the_generator_is_deterministic(reports, tmp_path):
    again = generate(tmp_path / "again", 3)
    for ours, theirs in zip(reports, again):
        assert sorted(p.name for p in ours.iterdir()) == sorted(p.name for p in theirs.iterdir())
        for path in ours.iterdir():
            assert path.read_bytes() == (theirs / path.name).read_bytes(), path


# -- Both engines give the same answers --------------------------------------------------------

@pytest.mark.parametrize("which", ["bundled", "corpus", "one source"])
def test_every_canned_query_gives_the_same_answers_on_both_engines(reports, which):
    data = [] if which == "bundled" else [str(p) for p in reports]
    source = "gen-0002" if which == "one source" else None
    stores = [open_store(data, engine=engine, source=source) for engine in ("oxigraph", "rdflib")]
    answered = 0
    for name, query in canned.canned_queries().items():
        values = SAMPLE_VALUES.get(name, {})
        if source and name in ("agency", "cite", "who-owns"):
            values = {}  # Child J's names are not in this report: run them unbound
            if any(p.required for p in query.parameters):
                continue
        compiled, in_memory = (canned.run(store, query, values, timeout=60) for store in stores)
        assert compiled.vars == in_memory.vars, name
        assert comparable(compiled) == comparable(in_memory), name
        answered += bool(compiled.terms)
    assert answered >= 10


@pytest.mark.parametrize("which", ["bundled", "corpus", "one source"])
def test_every_projection_gives_the_same_records_on_both_engines(reports, which):
    """The records every view is built from (ownership, flows, memberships, routes, labels and quotes,
    links) are the same whichever engine holds the graph, and so are the networks built from them."""
    from oscb_graph import network
    from oscb_graph.projections import Projections

    data = [] if which == "bundled" else [str(p) for p in reports]
    source = "gen-0002" if which == "one source" else None
    compiled, in_memory = (Projections(open_store(data, engine=engine, source=source)) for engine in ("oxigraph", "rdflib"))
    for name in ("parts", "recommendations", "flows", "memberships", "links", "things"):
        assert getattr(compiled, name) == getattr(in_memory, name), name
        assert getattr(compiled, name), name
    assert compiled.routes() == in_memory.routes()
    nodes = {p.body for p in compiled.parts} | {f.iri for f in compiled.flows} | {p.source for p in compiled.parts}
    assert compiled.nodes(nodes) == in_memory.nodes(nodes)
    for project in network.PROJECTIONS.values():
        ours, theirs = project(compiled), project(in_memory)
        assert sorted(ours.nodes(data=True)) == sorted(theirs.nodes(data=True))
        assert sorted(map(str, ours.edges(data=True))) == sorted(map(str, theirs.edges(data=True)))


def test_network_viz_and_export_parse_no_turtle_when_the_store_is_current(tmp_path):
    """Once the store is built, these commands read it: rdflib's Turtle parser is never imported."""
    run_cli("build")
    script = (
        "import sys\n"
        "from oscb_graph.cli import main\n"
        "for args in (['network', 'rank'], ['network', 'path', 'Oxford University Hospitals', 'MASH'],\n"
        "             ['viz', 'ownership', '-o', sys.argv[1] + '/o.html'], ['viz', 'flows', '-o', sys.argv[1] + '/f.html'],\n"
        "             ['viz', 'pathway', 'cj:route-two-tier', '-o', sys.argv[1] + '/p.html'],\n"
        "             ['export', '-o', sys.argv[1] + '/m.csv'], ['export', '-o', sys.argv[1] + '/g.trig'],\n"
        "             ['export', '-o', sys.argv[1] + '/g.gexf']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as done:\n"
        "        assert done.code in (0, None), (args, done.code)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('rdflib.plugins.parsers', 'oscb_graph.loader'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_store_holds_each_shared_triple_once(reports):
    """Every report labels the agencies it names; the union must not repeat the label per report."""
    store = open_store([str(p) for p in reports])
    label = "SELECT ?label WHERE { agency:thames-valley-police rdfs:label ?label }"
    assert len(store.query(label).terms) == 1
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { agency:thames-valley-police rdfs:label ?label } }"
    assert int(store.query(graphs).terms[0][0].value) >= 2


# -- --data and --source -----------------------------------------------------------------------

def owners_from_csv(text: str) -> dict[str, list[str]]:
    """{recommendation number: sorted owner IRIs} from `who-owns --csv`."""
    return owners_of(csv.DictReader(io.StringIO(text)))


def owners_of(rows) -> dict[str, list[str]]:
    """{recommendation number: sorted owner IRIs} from who-owns rows (dicts of its CSV)."""
    owners: dict[str, set[str]] = {}
    for row in rows:
        if "owner" in row["role"].split(", "):
            prefix, _, local = row["body"].partition(":")
            owners.setdefault(row["rec"], set()).add(PREFIXES[prefix] + local if prefix in PREFIXES else row["body"])
    return {n: sorted(b) for n, b in owners.items()}


def test_who_owns_over_a_folder_of_reports_matches_what_the_generator_wrote(corpus, reports):
    picked = reports[1]
    expected = json.loads((picked / "expected.json").read_text())["owners"]
    done = run_cli("who-owns", "--data", str(corpus), "--source", picked.name, "--csv")
    assert done.returncode == 0, done.stderr
    assert owners_from_csv(done.stdout) == expected
    # without --source, a recommendation named by its IRI picks the same report's answer
    rec4 = f"<{ID_BASE}{picked.name}/rec-4>"
    by_name = CliRunner().invoke(main, ["who-owns", rec4, "--data", str(corpus), "--csv"])
    assert by_name.exit_code == 0, by_name.output
    assert owners_from_csv(by_name.stdout) == {"4": expected["4"]}


def test_rows_name_their_report(corpus, reports):
    """Across reports, rows that read alike (the same body owns recommendation 4 of many) say whose they are."""
    done = run_cli("who-owns", "--detail", "--data", str(corpus), "--csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["report"] for r in rows} == {"child-j", *(p.name for p in reports)}
    for picked in reports:
        expected = json.loads((picked / "expected.json").read_text())["owners"]
        assert owners_of(r for r in rows if r["report"] == picked.name) == expected
    flows = run_cli("flows", "--data", str(corpus), "--csv")
    flow_rows = list(csv.DictReader(io.StringIO(flows.stdout)))
    assert flow_rows and all(r["flow"].startswith(("cj:", ID_BASE + r["report"] + "/")) for r in flow_rows)
    table = run_cli("who-owns", "4", "--data", str(corpus)).stdout.splitlines()
    assert table[0].split()[:2] == ["report", "rec"]  # shown in a table once rows come from several reports
    loaded = {"child-j", *(p.name for p in reports)}
    for command in (["agency", "tvp"], ["timeline"], ["glossary"]):
        done = run_cli(*command, "--data", str(corpus), "--csv")
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert rows and all(r["report"] in loaded for r in rows if r["quote"]), command  # the quote's report


def test_the_environment_variable_adds_report_folders(reports, monkeypatch):
    monkeypatch.setenv("OSCB_GRAPH_DATA", os.pathsep.join(str(p) for p in reports))
    result = CliRunner().invoke(main, ["stats", "--csv"])
    assert result.exit_code == 0, result.output
    assert {row["source"] for row in csv.DictReader(io.StringIO(result.stdout))} == {"child-j", *(p.name for p in reports)}


def test_source_narrows_every_command_to_one_report(corpus, reports):
    graphs = run_cli("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                     "--data", str(corpus), "--source", "gen-0003", "--csv")
    assert graphs.returncode == 0, graphs.stderr
    # the report, the superclass types implied for its nodes (and the ontology's, when it has any), the ontology
    assert graphs.stdout.split()[1:] == [ID_BASE + "gen-0003", ID_BASE + "inferred/gen-0003", "https://w3id.org/oscb-graph/ontology"]
    # no other report's nodes come in through their implied types
    activities = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a prov:Activity }"
    own = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH <%sgen-0003> { ?a a ?class } ?class rdfs:subClassOf+ prov:Activity }" % ID_BASE
    counts = {engine: [int(open_store([str(corpus)], engine=engine, source="gen-0003").query(q).terms[0][0].value)
                       for q in (activities, own)] for engine in ("oxigraph", "rdflib")}
    assert counts["oxigraph"] == counts["rdflib"] and counts["oxigraph"][0] == counts["oxigraph"][1] > 0
    recs = run_cli("query", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a oscb:Recommendation }", "--data", str(corpus),
                   "--source", "gen-0003", "--csv")
    assert recs.stdout.split() == ["n", "7"]
    stats = CliRunner().invoke(main, ["stats", "--data", str(corpus), "--source", "gen-0001", "--csv"])
    assert {row["source"] for row in csv.DictReader(io.StringIO(stats.stdout))} == {"gen-0001"}
    unknown = run_cli("who-owns", "--data", str(corpus), "--source", "gen-9999")
    assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1
    assert "gen-9999" in unknown.stderr and "gen-0001" in unknown.stderr


# -- Broken folders and interrupted builds ------------------------------------------------------

@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def store_state(cache: Path) -> dict[str, int]:
    return {p.name: (p / MANIFEST).stat().st_mtime_ns for p in cache.glob("store-*")}


def test_a_report_folder_cannot_take_the_name_of_the_implied_types_graph(reports, tmp_path):
    clash = tmp_path / "inferred"
    shutil.copytree(reports[0], clash)
    done = run_cli("who-owns", "--data", str(clash))
    assert done.returncode == 1 and "cannot be called 'inferred'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_broken_folder_is_one_line_naming_file_and_line_and_the_good_store_survives(cache, reports, tmp_path):
    good = run_cli("who-owns", "4", "--data", str(reports[0]))
    assert good.returncode == 0, good.stderr
    before = store_state(cache)
    broken = tmp_path / "broken-report"
    shutil.copytree(reports[1], broken)
    lines = (broken / "actions.ttl").read_text().splitlines()
    (broken / "actions.ttl").write_text("\n".join(lines[:5] + ["r:oops oscb:status ."] + lines[5:]) + "\n")
    failed = run_cli("who-owns", "4", "--data", str(reports[0]), "--data", str(broken))
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "Traceback" not in failed.stderr
    assert str(broken / "actions.ttl") in failed.stderr and "line 6" in failed.stderr
    assert store_state(cache) == before  # the good data's store is untouched, and still answers
    assert run_cli("who-owns", "4", "--data", str(reports[0])).stdout == good.stdout
    assert store_state(cache) == before


def test_a_build_that_fails_midway_leaves_the_previous_store(cache, reports, monkeypatch):
    assert CliRunner().invoke(main, ["build", "--data", str(reports[0])]).exit_code == 0
    before = store_state(cache)

    def interrupted(self):
        yield from []
        raise KeyboardInterrupt  # as Ctrl-C while the data is parsed

    monkeypatch.setattr(NQuads, "__iter__", interrupted)
    with pytest.raises(KeyboardInterrupt):
        open_store([str(reports[0]), str(reports[1])])
    monkeypatch.undo()
    monkeypatch.setenv(CACHE_ENV, str(cache))
    assert store_state(cache) == before and not list(cache.glob("building-*"))
    assert open_store([str(reports[0])]).query("ASK { ?r oscb:number 4 }").boolean is True
    assert store_state(cache) == before


def test_a_killed_build_leaves_the_previous_store_usable(cache, tmp_path):
    many = generate(tmp_path / "many", 30, seed=11)
    first = run_cli("build", "--data", str(tmp_path / "many"))
    assert first.returncode == 0, first.stderr
    before = store_state(cache)
    build = subprocess.Popen([str(Path(sys.executable).with_name("oscb-graph")), "build", "--force", "--data",
                              str(tmp_path / "many")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not list(cache.glob("building-*")) and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.002)
    assert build.poll() is None, "the build ended before it could be killed"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert store_state(cache) == before
    answer = run_cli("query", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a oscb:Recommendation }", "--data",
                     str(many[0].parent), "--csv")
    assert answer.returncode == 0 and answer.stdout.split() == ["n", str(7 * 31)]
    assert store_state(cache) == before  # opened, not rebuilt
    rebuilt = run_cli("build", "--force", "--data", str(tmp_path / "many"))
    assert rebuilt.returncode == 0 and not list(cache.glob("building-*"))  # what the killed build left is cleared
