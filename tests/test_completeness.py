"""Issue 16: every sentence of the report in the graph, with lists, criteria, values and links as structure.

The questions and answers are in tests/competency-questions.md (13-28); each answer was read
off data/child-j/report.txt and is asked here with SPARQL over the real graph, or through
the real CLI. The sentence-coverage measure is tested on small texts and on the report.
"""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from test_competency import PROLOGUE, ask, labels
from test_graph import BROKEN_FOLDERS, broken_report, copy_report

import oscb_graph
from oscb_graph import canned, coverage, provenance
from oscb_graph.cli import main
from oscb_graph.errors import DataError
from oscb_graph.namespaces import PREFIXES
from oscb_graph.sources import ReportFolder, bundled_reports
from oscb_graph.store import open_store

CJ = PREFIXES["cj"]
TEXT = bundled_reports()[0].text()


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


# -- 1. Coverage: the sentences no fact rests on -------------------------------------------

def test_sentences_leave_headings_aside_and_join_page_breaks():
    text = ("Progress\n\nThe panel meets. It reviews cases\n\nof concern.\n\nWhat difference has this made?\n\n"
            "Key areas will be integrated teams; a single front door; published pathways; inreach to schools; and agreed "
            "risk management systems\n\nGlossary\n\nMASH – Multi-Agency Safeguarding Hub TVP – Thames Valley Police")
    found = [s.text for s in coverage.sentences(text)]
    assert found == ["The panel meets.", "It reviews cases\n\nof concern.",
                     "Key areas will be integrated teams; a single front door; published pathways; inreach to schools; "
                     "and agreed risk management systems",
                     "MASH – Multi-Agency Safeguarding Hub", "TVP – Thames Valley Police"]
    first = coverage.sentences(text)[0]
    assert text[first.start:first.end] == "The panel meets." and first.line == 3


def test_a_sentence_is_covered_by_a_passage_over_more_than_half_of_it():
    text = "Alpha beta gamma delta. Epsilon zeta."
    first, second = coverage.sentences(text)
    assert coverage.covers((0, 13), first) and not coverage.covers((0, 11), first)
    result = coverage.measure("t", text, [(0, 13)], [(24, 37, "introduces the next")])
    assert (result.covered, len(result.sentences)) == (1, 2)
    assert [(u.sentence.text, u.reason) for u in result.uncovered] == [("Epsilon zeta.", "introduces the next")]
    assert not result.unexplained


def test_child_j_has_every_sentence_covered():
    result = coverage.coverage(bundled_reports()[0])
    assert len(result.sentences) == 171  # 154 sentences and 17 glossary entries, headings aside
    assert (result.covered, result.uncovered) == (171, [])


def test_validate_coverage_on_the_command_line(tmp_path):
    done = invoke("validate", "--coverage", "--source", "child-j")
    assert done.exit_code == 0, done.output
    assert done.output.splitlines() == ["child-j: 171 of 171 sentences covered (100.0%); 0 not, 0 of them with a reason in the data"]
    # a curator's review gains a sentence: no passage and no reason fails, naming its line ...
    folder = copy_report(tmp_path)
    with (folder / "report.txt").open("a", encoding="utf-8") as text:
        text.write("\n\nThe next report will follow in 2017.\n")
    done = invoke("validate", "--coverage", "--data", str(folder), "--source", folder.name)
    assert done.exit_code == 1
    assert done.output.splitlines() == [
        "child-j-copy:223: The next report will follow in 2017.",
        "child-j-copy: 171 of 172 sentences covered (99.4%); 1 not, 0 of them with a reason in the data"]
    # ... and a reason in the data (oscb:notModelled) shows beside it and passes
    with (folder / "structure.ttl").open("a", encoding="utf-8") as turtle:
        turtle.write('cj:report oscb:notModelled [ a oscb:Passage ; rdfs:comment "A note about the future, not progress." ;\n'
                     '    oa:exact "The next report will follow in 2017." ; oa:start 29243 ; oa:end 29279 ] .\n')
    assert provenance.check_passage((folder / "report.txt").read_text(encoding="utf-8"),
                                               "The next report will follow in 2017.", 29243, 29279) is None
    done = invoke("validate", "--coverage", "--data", str(folder), "--source", folder.name)
    assert done.exit_code == 0, done.output
    assert "child-j-copy:223: The next report will follow in 2017.  [not modelled: A note about the future, not progress.]" in done.output


@pytest.mark.parametrize("damage, message", BROKEN_FOLDERS)
def test_coverage_of_a_broken_report_folder_is_one_line(tmp_path, damage, message):
    folder = broken_report(tmp_path, damage)
    with pytest.raises(DataError, match=message):
        coverage.coverage(ReportFolder(folder))
    if damage != "no folder":
        done = invoke("validate", "--coverage", "--data", str(folder), "--source", folder.name)
        assert done.exit_code == 1 and message in done.output and "unexpected" not in done.output
        assert len(done.output.strip().splitlines()) == 1


def test_coverage_of_an_imported_tracker_says_it_has_no_text(tmp_path):
    from trackers import messy_tracker

    tracker = messy_tracker(tmp_path / "young-person-a.xlsx")
    done = invoke("import", str(tracker), "--into", str(tmp_path / "reviews"), "--report", "young-person-a")
    assert done.exit_code == 0, done.output
    done = invoke("validate", "--coverage", "--data", str(tmp_path / "reviews"))
    assert done.exit_code == 0, done.output
    assert "young-person-a: no report text to cover (its facts cite a tracker's cells)" in done.output.splitlines()
    assert "child-j: 171 of 171 sentences covered (100.0%); 0 not, 0 of them with a reason in the data" in done.output


def test_validate_coverage_of_an_unknown_report_is_one_line():
    done = invoke("validate", "--coverage", "--source", "x" * 500)
    assert done.exit_code == 2 and "no loaded report is called" in done.output and "child-j" in done.output
    assert len(done.output.strip().splitlines()) == 1 and len(done.output) < 200


# -- 2. Lists as structure -------------------------------------------------------------------

def parts_with_passages(ds, whole: str, prop: str = "oscb:includes") -> dict[str, str]:
    return {str(label): str(quote) for label, quote in ask(ds, f"""SELECT ?label ?quote WHERE {{
        {whole} {prop} ?part . ?part rdfs:label ?label ; oscb:evidence/oa:exact ?quote }}""")}


def test_q13_what_the_complex_case_panel_problem_solves_for(ds):
    # "This includes high risk domestic abuse or offending behaviour, CAMHS and child sexual exploitation."
    found = parts_with_passages(ds, "forum:complex-case-panel")
    assert set(found) == {"high risk domestic abuse or offending behaviour", "CAMHS", "child sexual exploitation"}
    assert all(label in quote for label, quote in found.items())


def test_q14_good_practice_examples_and_the_lists_of_reviews_and_frameworks(ds):
    # "Good practice examples include friendship groups, targeted interventions by home-school link
    # workers and school health nurses and relationships education."
    examples = parts_with_passages(ds, "cj:action-5-sub-group", "oscb:example")
    assert set(examples) == {"friendship groups", "targeted interventions by home-school link workers and school health nurses",
                             "relationships education"}
    # "This includes internal and external information sharing, attendance and action planning."
    assert {"internal and external information sharing", "attendance", "action planning"} <= set(
        parts_with_passages(ds, "cj:marac-review"))
    # "This includes monitoring of supervision arrangements, use of escalation processes and a question ..."
    assert len(parts_with_passages(ds, "thing:self-assessment-framework")) == 3
    # "Key areas will be integrated teams; a single front door; published pathways; inreach to schools; ..."
    key_areas = parts_with_passages(ds, "thing:camhs-new-service-model")
    assert {"integrated teams", "single front door", "published pathways", "inreach to schools", "agreed risk management systems",
            "extra capacity into the looked after children and edge of care pathway"} <= set(key_areas)


# -- 3. Criteria and conditions ----------------------------------------------------------------

def test_q15_recommendation_6_target_population_one_condition_each(ds):
    rows = ask(ds, """SELECT ?label ?negated WHERE { cj:rec-6 oscb:criterion ?c . ?c rdfs:label ?label .
        OPTIONAL { ?c oscb:negated ?negated } }""")
    assert {(label, bool(neg)) for label, neg in rows} == {
        ("young people who present serious risks in the community", False),
        ("do not meet the criteria for MAPPA", True), ("are not subject to court orders", True)}


def test_q16_who_osca_keeps_after_18_and_safe_priority_groups(ds):
    osca = labels(ds, "SELECT ?l WHERE { cj:audience-osca-18-25 oscb:criterion/rdfs:label ?l }")
    assert osca == {"18 to 25 years old", "who have been in contact with CAMHS services prior to 18",
                    "who do not meet threshold criteria for adult mental health teams",
                    "are in the DBT programme when they turn 18"}
    priority = labels(ds, "SELECT ?l WHERE { ?s oscb:ownedBy agency:safe ; oscb:priorityGroup/rdfs:label ?l }")
    assert priority == {"young victims of sexual abuse",
                        "young victims of domestic violence, whether they have been a witness or a victim of domestic abuse"}
    every = ask(ds, "SELECT ?l ?q WHERE { ?c a oscb:Criterion ; rdfs:label ?l ; oscb:evidence/oa:exact ?q }")
    assert every and all(label.lower() in " ".join(quote.split()).lower() for label, quote in every)


# -- 4. Values in words -------------------------------------------------------------------------

def test_q17_safelives_training_before_and_after_its_extension(ds):
    # "has been extended from 5 to 6 days"
    rows = ask(ds, """SELECT ?new ?old ?period WHERE { ?n oscb:concerns thing:safelives-training-programme ;
        oscb:unit oscb:Day ; oscb:value ?new ; oscb:replaces ?o . ?o oscb:value ?old ; oscb:period ?period }""")
    assert [(int(n), int(o), p) for n, o, p in rows] == [(6, 5, "before it was extended")]


def test_q18_usual_holder_of_the_marac_chair(ds):
    # "The MARAC chair, frequently a detective inspector"
    assert labels(ds, "SELECT ?l WHERE { post:marac-chair oscb:usualHolder/rdfs:label ?l }") == {"detective inspector"}


def test_q19_survey_parts_and_total_and_validate_notes_they_do_not_add_up(ds):
    # "There were a total of 188 respondents ..., 125 from the community ... and 53 from schools ..."
    rows = ask(ds, """SELECT ?total (SUM(?v) AS ?sum) WHERE { ?part oscb:total ?t ; oscb:value ?v .
        ?t oscb:value ?total ; prov:wasGeneratedBy cj:champions-survey } GROUP BY ?total""")
    assert [(int(t), int(s)) for t, s in rows] == [(188, 178)]
    result = oscb_graph.validate()
    assert result.conforms  # the graph keeps what the report says ...
    assert [n.message for n in result.notes] == ["the report's parts of this total add up to 178, not 188"]  # ... and says so


# -- 5. Links between things the graph has --------------------------------------------------------

def test_q20_agreements_name_their_parties_and_guidance_the_flows_it_sets_up(ds):
    assert labels(ds, "SELECT ?l WHERE { thing:ipcc-memorandum-of-understanding oscb:party/rdfs:label ?l }") == {
        "Independent Police Complaints Commission"}
    rows = ask(ds, """SELECT ?party ?flow WHERE { ?a a oscb:Protocol ; oscb:party/rdfs:label ?party ;
        oscb:establishes ?flow . ?flow oscb:flowKind oscb:Escalation }""")
    assert {r[0] for r in rows} == {"Oxford Health", "Children's Social Care"}
    assert ds.query(PROLOGUE + "ASK { thing:ouh-assault-guidelines oscb:establishes cj:flow-ouh-assault }").askAnswer


def test_q21_memberships_flows_and_oversight_are_tied_to_their_recommendation(ds):
    glossary_starts = TEXT.index("\nGlossary\n")
    rows = ask(ds, """SELECT ?x ?start WHERE { ?x a ?c ; oscb:evidence/oa:start ?start .
        VALUES ?c { oscb:Membership oscb:InformationFlow oscb:Oversight }
        FILTER NOT EXISTS { ?x oscb:recommendation ?r } }""")
    assert [x for x, start in rows if start < glossary_starts] == []  # only the glossary's MARAC flow has none


def test_q22_outcomes_name_bodies_posts_chair_panels_figures_come_from_surveys(ds):
    # "improved and more timely co-ordination between agencies and in particular between Children's
    # Social Care and Thames Valley Police"
    assert {"Children's Social Care", "Thames Valley Police"} <= labels(
        ds, "SELECT ?l WHERE { cj:impact-3-co-ordination oscb:concerns/rdfs:label ?l }")
    assert ask(ds, "SELECT ?role WHERE { post:chair-of-complex-case-panel org:postIn forum:complex-case-panel ; org:role ?role }") == [
        (PREFIXES["oscb"] + "Chair",)]
    generated = ask(ds, "SELECT ?f ?by WHERE { ?f a oscb:Figure ; prov:wasGeneratedBy ?by }")
    assert {str(b) for _, b in generated} == {CJ + "champions-survey", CJ + "consent-audit"} and len(generated) == 7


def test_q23_every_organisation_has_a_sector_or_says_why_not(ds):
    rows = ask(ds, """SELECT ?label ?sector WHERE { ?a a oscb:Agency ; rdfs:label ?label .
        OPTIONAL { ?a oscb:sector/skos:prefLabel ?sector } }""")
    assert [label for label, sector in rows if sector is None] == ["SAFE!"]
    sectors = dict(rows)
    assert (sectors["Oxford Health"], sectors["Thames Valley Police"], sectors["Clinical Commissioning Group"]) == (
        "health", "police", "commissioner")
    assert ask(ds, "SELECT ?n WHERE { oscb:HealthSector skos:note ?n }") == [
        ("NHS Organisation Data Service primary role: NHS TRUST (RO197).",)]
    # the report's own list of sectors: "including health, police, social care and schools"
    mash = labels(ds, "SELECT ?s WHERE { ?m org:organization forum:mash ; org:role oscb:CoLocated ; org:member/oscb:sector/skos:prefLabel ?s }")
    assert mash == {"health", "police", "social care", "schools"}


# -- 6. Granularity as written --------------------------------------------------------------------

def test_q24_extra_capacity_is_not_the_pathway_and_senior_colleagues_are_people(ds):
    assert not ds.query(PROLOGUE + "ASK { thing:camhs-new-service-model oscb:includes thing:lac-edge-of-care-pathway }").askAnswer
    assert ds.query(PROLOGUE + "ASK { cj:lac-pathway-extra-capacity oscb:concerns thing:lac-edge-of-care-pathway }").askAnswer
    rows = ask(ds, """SELECT ?kind ?in WHERE { cj:action-2-transition prov:wasAssociatedWith ?who .
        ?who a oscb:StaffGroup ; org:memberOf ?in . BIND("StaffGroup" AS ?kind) }""")
    assert rows == [("StaffGroup", PREFIXES["unit"] + "adult-mental-health-services")]


# -- 7. A passage for each statement, and cite returns it -----------------------------------------

def test_q25_where_does_it_say_the_pathway_is_reviewed_annually():
    store = open_store(engine="rdflib")
    result = canned.run(store, canned.get("cite"), {"node": "Young People's Domestic Abuse Pathway"})
    col = {v: i for i, v in enumerate(result.vars)}
    found = {(str(r[col["relation"]]), str(r[col["quote"]])) for r in result.rows}
    assert ("reviewFrequency", "The pathway will be reviewed annually.") in found
    done = invoke("cite", "Young People's Domestic Abuse Pathway", "--csv")
    assert "reviewFrequency" in done.output and "The pathway will be reviewed annually." in done.output


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


def _says(value, names: set[str], quotes: list[str]) -> bool:
    """Whether one of the quotes says `value`: its words, its date, or one of the names of the node it is."""
    if names:
        return any(name in quote for name in names for quote in quotes)
    text = _norm(str(value))
    if re.fullmatch(r"\d{4}(-\d{2})?", text):
        year, *month = text.split("-")
        return any(year in q and (not month or MONTHS[int(month[0]) - 1] in q) for q in quotes)
    return any(text in quote for quote in quotes)


def test_q25_each_statement_about_a_thing_has_a_passage_that_says_it(ds):
    # "Today a node's passage is evidence for everything said about it": each of these statements is
    # said in the node's own passage or has a passage of its own (an rdf:Statement), and that passage
    # says it (its words, its date, or a name of the node it points to).
    rows = ask(ds, """SELECT ?n ?p ?o (GROUP_CONCAT(DISTINCT ?q; SEPARATOR="\u0001") AS ?quotes)
                             (GROUP_CONCAT(DISTINCT COALESCE(?name, ""); SEPARATOR="\u0001") AS ?names) WHERE {
        VALUES ?p { oscb:reviewFrequency oscb:frequency oscb:purpose oscb:eligibility oscb:date oscb:startDate oscb:targetDate
                    oscb:endDate org:unitOf org:postIn oscb:ownedBy oscb:area oscb:inLineWith oscb:partOf oscb:usualHolder }
        ?n ?p ?o . FILTER NOT EXISTS { ?n a oscb:Figure }
        { ?n oscb:evidence/oa:exact ?q } UNION { ?st rdf:subject ?n ; rdf:predicate ?p ; rdf:object ?o ; oscb:evidence/oa:exact ?q }
        OPTIONAL { ?o rdfs:label|skos:altLabel|oscb:acronym ?name }
    } GROUP BY ?n ?p ?o""")
    assert len(rows) > 100
    unsaid = [(n, p, o) for n, p, o, quotes, names in rows
              if not _says(o, {_norm(x) for x in names.split("\u0001") if x}, [_norm(q) for q in quotes.split("\u0001")])]
    assert unsaid == []


def test_every_described_statement_is_made_and_has_its_passage(ds):
    rows = ask(ds, """SELECT ?st ?made WHERE { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        oscb:evidence/oa:exact ?q . BIND(EXISTS { ?s ?p ?o } AS ?made) }""")
    assert len(rows) >= 15 and all(made for _, made in rows)


# -- 8. The report's own words as names ------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def test_q26_names_are_the_reports_words(ds):
    text = _norm(TEXT)
    # statements' summaries (actions, outcomes, figures, flows ...) are the graph's words; names are the report's
    with_brackets = ask(ds, """SELECT ?n ?l WHERE { ?n rdfs:label ?l . FILTER(CONTAINS(?l, "("))
        FILTER NOT EXISTS { ?n a ?c . VALUES ?c { oscb:Action oscb:Outcome oscb:Figure oscb:Responsibility oscb:Membership
            oscb:Oversight oscb:InformationFlow oscb:Route oscb:Commission oscb:Funding oscb:RecommendationPoint } } }""")
    assert [(n, label) for n, label in with_brackets if _norm(label) not in text] == []
    named = ask(ds, """SELECT ?n ?l WHERE { ?n a ?c ; rdfs:label|skos:altLabel|oscb:acronym ?l .
        VALUES ?c { oscb:Agency oscb:Board oscb:Partnership oscb:Hub oscb:Panel oscb:Conference oscb:Arrangement oscb:Place
                    oscb:Publication oscb:InformationSystem oscb:BodyGroup oscb:Post oscb:StaffGroup oscb:Topic oscb:Criterion } }""")
    assert [(n, label) for n, label in named if _norm(label) not in text] == []


def test_every_glossary_form_is_a_name_of_what_it_denotes(ds):
    rows = ask(ds, """SELECT ?term ?acronym ?expansion WHERE { ?t a oscb:GlossaryTerm ; skos:altLabel ?acronym ;
        skos:prefLabel ?expansion ; oscb:denotes ?term }""")
    for term, acronym, expansion in rows:
        names = {_norm(str(r[0])) for r in ask(ds, f"SELECT ?l WHERE {{ <{term}> rdfs:label|skos:altLabel|oscb:acronym ?l }}")}
        assert _norm(expansion) in names and _norm(acronym) in names, (term, acronym, expansion)


# -- 9. Relations filled in beyond the text are gone; what is open says so ----------------------------

@pytest.mark.parametrize("statement", [
    "unit:osca schema:audience ?a . ?a schema:requiredMinAge 18 . FILTER NOT EXISTS { ?a oscb:criterion ?c }",
    "cj:flow-gp-patient-transfer oscb:to post:gps",
    "?o oscb:overseer group:two-safeguarding-boards ; oscb:overseen thing:self-assessment-framework",
    "cj:figure-three-maracs prov:wasAttributedTo agency:safelives",
    "?m org:member agency:safelives ; org:organization forum:marac-review-group",
    "?a oscb:supportedBy agency:ofsted",
    "thing:vulnerable-adolescents-pathway schema:audience ?a",
    "cj:flow-case-studies oscb:from ?x",
    "cj:action-4-qualitative-review prov:wasAssociatedWith ?x",
    "cj:flow-oxford-city-plans oscb:from ?x",
])
def test_q27_relations_the_report_does_not_state_are_gone(ds, statement):
    assert not ds.query(PROLOGUE + f"ASK {{ {statement} }}").askAnswer


def test_q28_one_rule_for_what_the_report_leaves_open(ds):
    # every action, flow, commission and figure names its agent/sender/receiver/commissioner/reporter,
    # or says that the report does not (oscb:unstated): none says both
    missing = ask(ds, """SELECT ?x WHERE {
        { ?x a oscb:Action . BIND(prov:wasAssociatedWith AS ?p) } UNION { ?x a oscb:InformationFlow . BIND(oscb:from AS ?p) }
        UNION { ?x a oscb:InformationFlow . BIND(oscb:to AS ?p) } UNION { ?x a oscb:Commission . BIND(oscb:commissioner AS ?p) }
        UNION { ?x a oscb:Figure . BIND(prov:wasAttributedTo AS ?p) }
        FILTER(EXISTS { ?x ?p ?v } = EXISTS { ?x oscb:unstated ?p }) }""")
    assert missing == []
    done = invoke("validate", "--gaps")
    assert done.exit_code == 0 and "Case studies" in done.output and "cj:flow-case-studies" not in done.output


DAMAGE = [  # (file, text, replacement, the problem validate must report)
    ("structure.ttl", 'rdf:predicate oscb:reviewFrequency ; rdf:object "annually"',
     'rdf:predicate oscb:reviewFrequency ; rdf:object "weekly"', "describes a statement that the graph does not make"),
    ("actions.ttl", 'oscb:unstated prov:wasAssociatedWith ; rdfs:comment "The report does not say who issued them." ;', "",
     "an action names its agency, or says with oscb:unstated prov:wasAssociatedWith that the report does not"),
    ("relations.ttl", "oscb:unstated oscb:from , oscb:to ;", "",
     "a flow names its sender and its receivers, or says with oscb:unstated oscb:from / oscb:to that the report does not"),
    ("figures.ttl", "cj:figure-three-maracs a oscb:Figure ;",
     "cj:figure-three-maracs prov:wasAttributedTo agency:safelives .\ncj:figure-three-maracs a oscb:Figure ;",
     f"says the report leaves {PREFIXES['prov']}wasAttributedTo open, yet gives it"),
]


def test_validate_rejects_undescribed_statements_unnamed_parties_and_gaps_also_given(tmp_path):
    folder = copy_report(tmp_path)
    for name, text, replacement, _ in DAMAGE:
        path = folder / name
        source = path.read_text(encoding="utf-8")
        assert source.count(text) == 1, text
        path.write_text(source.replace(text, replacement), encoding="utf-8")
    result = oscb_graph.validate([folder], include_bundled=False)
    assert sorted({p.message for p in result.problems}) == sorted(message for *_, message in DAMAGE)
    assert len(result.problems) == len(DAMAGE)
