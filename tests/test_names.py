"""Name resolution: labels, acronyms and glossary terms in any case, with clear failures."""
from __future__ import annotations

import pytest
from rdflib import Dataset

from oscb_graph.loader import load
from oscb_graph.names import AmbiguousName, NameIndex, UnknownName, normalise

# A small graph in the shape the ontology gives: two agencies sharing an acronym, a forum
# named only through a glossary entry, and an ontology term that must never be a match.
TURTLE = """
@prefix oscb:   <https://w3id.org/oscb-graph/ontology#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix agency: <https://w3id.org/oscb-graph/id/agency/> .
@prefix forum:  <https://w3id.org/oscb-graph/id/forum/> .
@prefix cj:     <https://w3id.org/oscb-graph/id/child-j/> .

agency:thames-valley-police a oscb:Agency ; rdfs:label "Thames Valley Police" ; oscb:acronym "TVP" .
agency:oxford-health a oscb:Agency ; rdfs:label "Oxford Health" ; oscb:acronym "OH" .
forum:oscb a oscb:Board ; rdfs:label "Oxfordshire Safeguarding Children Board" ; oscb:acronym "OSCB" .
forum:oh-panel a oscb:Panel ; rdfs:label "Overview Hearing Panel" ; oscb:acronym "OH" .
forum:mash a oscb:Hub ; rdfs:label "Multi-Agency Safeguarding Hub" .
cj:glossary-mash a skos:Concept ; skos:inScheme cj:glossary ; skos:altLabel "MASH" ;
    skos:prefLabel "Multi-Agency Safeguarding Hub" ; oscb:denotes forum:mash .
oscb:Agency rdfs:label "Agency" .
"""


@pytest.fixture(scope="module")
def index() -> NameIndex:
    ds = Dataset(default_union=True)
    ds.graph("urn:test").parse(data=TURTLE, format="turtle")
    return NameIndex.from_graph(ds)


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Thames Valley Police", "thames-valley-police"),
        ("thames valley police", "thames-valley-police"),
        ("tvp", "thames-valley-police"),
        ("  TVP ", "thames-valley-police"),
        ("the OSCB", "oscb"),
        ("MASH", "mash"),  # only the glossary entry carries the acronym
        ("mash", "mash"),
        ("agency:oxford-health", "oxford-health"),
        ("<https://w3id.org/oscb-graph/id/forum/oscb>", "oscb"),
        ("thames-valley-police", "thames-valley-police"),
    ],
)
def test_resolves_labels_acronyms_glossary_terms_and_iris(index, name, slug):
    assert index.resolve(name).iri.rsplit("/", 1)[1] == slug


def test_a_match_carries_label_kind_and_prefixed_name(index):
    match = index.resolve("tvp")
    assert (match.label, match.kind, match.short) == ("Thames Valley Police", "Agency", "agency:thames-valley-police")
    assert index.resolve("mash").kind == "Hub"


def test_glossary_entry_itself_is_not_a_second_candidate(index):
    # the entry denotes the hub, so 'MASH' means the hub and not the skos:Concept
    assert index.resolve("Multi-Agency Safeguarding Hub").iri.endswith("/forum/mash")


def test_ambiguous_name_lists_every_candidate_in_one_line(index):
    with pytest.raises(AmbiguousName) as caught:
        index.resolve("oh")
    message = str(caught.value)
    assert "\n" not in message
    assert "Oxford Health (Agency, agency:oxford-health)" in message
    assert "Overview Hearing Panel (Panel, forum:oh-panel)" in message
    assert [m.label for m in caught.value.candidates] == ["Overview Hearing Panel", "Oxford Health"]
    assert caught.value.exit_code == 2


def test_kinds_narrow_an_ambiguous_name(index):
    assert index.resolve("OH", kinds=["Agency"]).label == "Oxford Health"
    assert index.resolve("OH", kinds={"Panel", "Board"}).label == "Overview Hearing Panel"


def test_a_name_of_the_wrong_kind_is_unknown(index):
    with pytest.raises(UnknownName, match=r"^no Agency in the graph is named 'OSCB'"):
        index.resolve("OSCB", kinds=["Agency"])


def test_unknown_name_suggests_the_nearest(index):
    with pytest.raises(UnknownName) as caught:
        index.resolve("Thames Vally Police")
    assert str(caught.value) == "nothing in the graph is named 'Thames Vally Police'; did you mean 'Thames Valley Police'?"
    assert caught.value.exit_code == 2


def test_unknown_name_with_nothing_near_points_to_search(index):
    with pytest.raises(UnknownName, match="oscb-graph search TEXT"):
        index.resolve("zzzz")


def test_ontology_terms_are_not_names(index):
    with pytest.raises(UnknownName):
        index.resolve("Agency")


def test_normalise_ignores_case_spacing_curly_quotes_and_leading_the():
    assert normalise("The  Children\u2019s   Services.") == "children's services"


def test_bundled_data_names_recommendations_and_reviews():
    index = NameIndex.from_graph(load())
    assert index.resolve("multi-agency recommendation 4").iri.endswith("/child-j/rec-4")
    assert index.resolve("rec-4", kinds=["Recommendation"]).label == "Multi-Agency Recommendation 4"
    assert index.resolve("DHR").label == "Domestic Homicide Review on Child J"
    assert index.resolve("scr").kind == "Review"


def test_bundled_data_names_agencies_by_label_acronym_and_glossary():
    index = NameIndex.from_graph(load())
    assert index.resolve("tvp").iri == index.resolve("Thames Valley Police").iri
    assert index.resolve("MASH").label == "Multi-Agency Safeguarding Hub"
    assert index.resolve("cef").label == "Children, Education and Families Directorate"
    with pytest.raises(UnknownName, match="did you mean 'Thames Valley Police'"):
        index.resolve("Thames Valey Police")
