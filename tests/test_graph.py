"""The graph itself: ontology, data contract, provenance, glossary, recommendations, packaging.

Everything here runs on the real Turtle files: rdflib and pyoxigraph parse them, pyshacl
checks the shapes, and every quote is compared with the report's text at its offsets.
"""
from __future__ import annotations

import keyword
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

import oscb_graph
from oscb_graph.namespaces import OA, OSCB, PREFIXES
from oscb_graph.sources import bundled_reports, ontology_files, shapes_file

REPO = Path(__file__).resolve().parents[1]
TURTLE_FILES = [*ontology_files(), shapes_file(), *(p for r in bundled_reports() for p in r.turtle_files)]
SHARED_SOURCE = REPO.parent / "shared" / "sources" / "oscb-child-j-progress-report.txt"


@pytest.fixture(scope="module")
def ds():
    return oscb_graph.load()


@pytest.fixture(scope="module")
def ontology():
    g = Graph()
    for p in ontology_files():
        g.parse(p)
    return g


@pytest.fixture(scope="module")
def validation():
    return oscb_graph.validate()


def test_data_conforms_to_the_shapes_and_every_quote_is_verbatim(validation, ds):
    assert validation.conforms, "\n".join(map(str, validation.problems[:20]))
    passages = set(ds.subjects(RDF.type, OSCB.Passage))
    checked = [*ds.subject_objects(OSCB.evidence), *ds.subject_objects(OSCB.notModelled)]  # sentences left out, with why
    assert validation.quotes_checked == len(checked) >= len(passages) > 400


def test_each_passage_is_at_its_offsets_in_the_bundled_text(ds):
    text = bundled_reports()[0].text()
    for passage in ds.subjects(RDF.type, OSCB.Passage):
        start, end = int(ds.value(passage, OA.start)), int(ds.value(passage, OA.end))
        assert text[start:end] == str(ds.value(passage, OA.exact))


@pytest.mark.skipif(not SHARED_SOURCE.exists(), reason="the shared/ folder is not beside this checkout")
def test_bundled_text_is_the_published_report():
    assert bundled_reports()[0].text() == SHARED_SOURCE.read_text(encoding="utf-8")


def copy_report(tmp_path: Path) -> Path:
    folder = tmp_path / "child-j-copy"
    shutil.copytree(bundled_reports()[0].path, folder)
    return folder


def test_validate_reports_a_quote_that_moved(tmp_path):
    folder = copy_report(tmp_path)
    path = folder / "report.ttl"
    path.write_text(path.read_text().replace('"The pathway will be reviewed annually."', '"The pathway will be reviewed weekly."'), encoding="utf-8")
    # the quote lives in actions.ttl; move one in report.ttl by editing its offset instead
    text = path.read_text()
    marker = 'oa:exact "D: Additional Learning" ; oa:start '
    start = int(text.split(marker, 1)[1].split(" ", 1)[0])
    path.write_text(text.replace(f"{marker}{start} ", f"{marker}{start + 1} "), encoding="utf-8")
    result = oscb_graph.validate([folder], include_bundled=False)
    assert not result.conforms
    assert [p.kind for p in result.problems] == ["quote"]
    assert "cj:theme-d" in str(result.problems[0]) and "not the quote" in str(result.problems[0])


def test_validate_reports_a_shape_violation(tmp_path):
    folder = copy_report(tmp_path)
    path = folder / "actions.ttl"
    path.write_text(path.read_text().replace("oscb:status oscb:Planned", "oscb:status oscb:Abandoned", 1), encoding="utf-8")
    result = oscb_graph.validate([folder], include_bundled=False)
    assert [p.kind for p in result.problems] == ["shape"]
    assert "oscb:status" in str(result.problems[0])


def test_anchoring_rewrites_offsets_in_the_text_the_report_names(tmp_path):
    """`python -m oscb_graph.provenance` reads the text file named by oscb:sourceText, whatever it is called."""
    folder = copy_report(tmp_path)
    (folder / "report.txt").rename(folder / "progress-report.txt")
    report = folder / "report.ttl"
    text = report.read_text(encoding="utf-8").replace('oscb:sourceText "report.txt"', 'oscb:sourceText "progress-report.txt"')
    report.write_text(text.replace("oa:start 51 ; oa:end 160", "oa:start 0 ; oa:end 0"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "oscb_graph.provenance", str(folder)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"{report}: 1 passages re-anchored" in done.stdout
    assert "oa:start 51 ; oa:end 160" in report.read_text(encoding="utf-8")
    assert oscb_graph.validate([folder], include_bundled=False).conforms


# Broken report folders, and the one line that names what is wrong with each.
BROKEN_FOLDERS = [
    ("no folder", "no such report folder"),
    ("no text", "cannot read the report's text"),
    ("no source text", "no Turtle file gives the report's oscb:sourceText"),
]


def broken_report(tmp_path: Path, damage: str) -> Path:
    """A copy of the bundled report with one thing wrong (a name of BROKEN_FOLDERS)."""
    folder = copy_report(tmp_path)
    if damage == "no folder":
        return tmp_path / "missing"
    if damage == "no text":
        (folder / "report.txt").unlink()
    else:
        report = folder / "report.ttl"
        report.write_text(report.read_text(encoding="utf-8").replace('oscb:sourceText "report.txt" ;', ""), encoding="utf-8")
    return folder


@pytest.mark.parametrize("damage, message", BROKEN_FOLDERS)
def test_anchoring_bad_input_is_one_line(tmp_path, damage, message):
    folder = broken_report(tmp_path, damage)
    done = subprocess.run([sys.executable, "-m", "oscb_graph.provenance", str(folder)], capture_output=True, text=True)
    assert done.returncode == 1 and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_validate_names_the_file_of_a_turtle_syntax_error(tmp_path):
    folder = copy_report(tmp_path)
    (folder / "figures.ttl").write_text("@prefix : <x#> .\n:a :b ", encoding="utf-8")
    result = oscb_graph.validate([folder], include_bundled=False)
    assert result.problems and result.problems[0].kind == "parse" and "figures.ttl" in result.problems[0].message


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: p.name)
def test_every_turtle_file_parses_with_a_second_parser(path):
    quads = list(pyoxigraph.parse(path.read_bytes(), pyoxigraph.RdfFormat.TURTLE, base_iri="https://w3id.org/oscb-graph/"))
    assert len(quads) == len(Graph().parse(path))


def test_ontology_header(ontology):
    onto = URIRef("https://w3id.org/oscb-graph/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    for prop in (DCTERMS.title, OWL.versionInfo, DCTERMS.license):
        assert ontology.value(onto, prop) is not None, prop


def test_every_term_of_ours_has_a_label_and_a_comment_or_definition(ontology):
    ns = str(OSCB._NS)
    terms = {s for s in ontology.subjects() if str(s).startswith(ns)}
    assert len(terms) > 120
    for term in terms:
        assert ontology.value(term, RDFS.label) or ontology.value(term, SKOS.prefLabel), term
        if (term, RDF.type, SKOS.Concept) in ontology or (term, RDF.type, SKOS.ConceptScheme) in ontology:
            continue
        assert ontology.value(term, RDFS.comment), term
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef("https://w3id.org/oscb-graph/ontology"), term


def test_the_closed_namespace_matches_the_ontology(ontology):
    ns = str(OSCB._NS)
    in_ontology = {str(s)[len(ns):] for s in ontology.subjects() if str(s).startswith(ns)}
    in_python = set(OSCB.__annotations__) | set(OSCB._extras)
    assert in_python == in_ontology
    assert {t for t in in_ontology if keyword.iskeyword(t)} <= set(OSCB._extras)
    with pytest.raises(AttributeError):
        OSCB.Agncy  # a misspelt term fails instead of minting an IRI


def test_data_uses_only_terms_the_ontology_defines(ds, ontology):
    ns = str(OSCB._NS)
    defined = {s for s in ontology.subjects() if str(s).startswith(ns)}
    used = {t for triple in ds.triples((None, None, None)) for t in triple if isinstance(t, URIRef) and str(t).startswith(ns)}
    assert used <= defined, used - defined


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_stats_counts_every_kind(ds, engine):
    from oscb_graph.stats import node_counts
    from oscb_graph.store import open_store

    counts = {kind: n for source, kind, n in node_counts(open_store(engine=engine)) if source == "child-j"}
    assert counts["Recommendation"] == 7
    assert counts["Theme"] == 4
    assert counts["GlossaryTerm"] == 17
    assert counts["RecommendationPoint"] == 3
    assert all(n > 0 for n in counts.values())
    data_kinds = {str(c)[len(str(OSCB._NS)):] for c in ds.objects(None, RDF.type) if str(c).startswith(str(OSCB._NS))}
    assert set(counts) == data_kinds - {"ActionStatuses"}  # every kind in the data is counted


def test_every_glossary_acronym_resolves_to_the_node_it_names(ds):
    terms = list(ds.subjects(RDF.type, OSCB.GlossaryTerm))
    assert len(terms) == 17
    for term in terms:
        acronym = str(ds.value(term, SKOS.altLabel))
        node = ds.value(term, OSCB.denotes)
        assert ds.value(node, RDFS.label) is not None, f"{acronym} names {node}, which the graph does not describe"
        assert acronym in {str(a) for a in ds.objects(node, OSCB.acronym)}, acronym


def test_every_recommendation_has_owners_an_action_and_an_outcome(ds):
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    rows = ds.query(prologue + """
        SELECT ?n (COUNT(DISTINCT ?owner) AS ?owners) (COUNT(DISTINCT ?action) AS ?actions) (COUNT(DISTINCT ?outcome) AS ?outcomes)
        WHERE { ?rec a oscb:Recommendation ; oscb:number ?n .
          OPTIONAL { ?r oscb:recommendation ?rec ; oscb:role oscb:Owner ; oscb:body ?owner }
          OPTIONAL { ?action a oscb:Action ; oscb:recommendation ?rec }
          OPTIONAL { ?outcome a oscb:Outcome ; oscb:recommendation ?rec } }
        GROUP BY ?n ORDER BY ?n""")
    table = {int(r[0]): (int(r[1]), int(r[2]), int(r[3])) for r in rows}
    assert sorted(table) == [1, 2, 3, 4, 5, 6, 7]
    for number, (owners, actions, outcomes) in table.items():
        assert owners >= 1 and actions >= 1 and outcomes >= 1, (number, owners, actions, outcomes)
    assert table[3][0] == 3 and table[7][0] == 2


def test_recommendation_texts_are_verbatim(ds):
    text = bundled_reports()[0].text()
    for rec in ds.subjects(RDF.type, OSCB.Recommendation):
        assert str(ds.value(rec, OSCB.text)) in text


def test_vague_wording_is_kept(ds):
    marac_protocols = URIRef(PREFIXES["cj"] + "action-4-marac-protocols")
    assert str(ds.value(marac_protocols, OSCB.dateNote)) == "since early 2016"
    review_meetings = URIRef(PREFIXES["forum"] + "existing-review-meetings")
    assert "etc." in str(ds.value(review_meetings, OSCB.openList))


def test_superclass_types_are_there_for_standard_vocabularies(ds):
    from rdflib import Namespace

    org = Namespace(PREFIXES["org"])
    assert (URIRef(PREFIXES["agency"] + "thames-valley-police"), RDF.type, org.FormalOrganization) in ds
    assert (URIRef(PREFIXES["forum"] + "mash"), RDF.type, org.OrganizationalCollaboration) in ds


def test_an_installed_wheel_finds_its_ontology_and_data(tmp_path):
    """pip install the package (not editable) and load it from another folder; the build warns of nothing."""
    wheel_dir, target = tmp_path / "wheel", tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-v", "-w", str(wheel_dir), str(REPO)],
                           check=True, capture_output=True, text=True)
    said = built.stdout + built.stderr
    assert "SetuptoolsDeprecationWarning" not in said and "Warning: Package" not in said, said
    (wheel,) = wheel_dir.glob("*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "OSCB_GRAPH_CACHE": str(tmp_path / "cache")}
    probe = ("import oscb_graph, oscb_graph.sources as s; "
             "assert str(s.ontology_dir()).startswith(%r), s.ontology_dir(); "
             "print(len(oscb_graph.load()))") % str(target)
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) > 5000
    # every command module ships too: run the main job from the installed copy
    cli = "import sys, oscb_graph.cli as c; assert c.__file__.startswith(%r); sys.argv[0] = 'oscb-graph'; c.main()" % str(target)
    run = subprocess.run([sys.executable, "-c", cli, "who-owns", "4", "--csv"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert "Thames Valley Police" in run.stdout
