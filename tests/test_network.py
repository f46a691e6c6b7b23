"""The network projections and analyses against the Child J data, with answers worked out by hand
from the report text (data/child-j/report.txt)."""
from __future__ import annotations

import networkx as nx
import pytest

from oscb_graph import network
from oscb_graph.namespaces import ID_BASE
from oscb_graph.sources import bundled_reports
from oscb_graph.store import open_store

OUH = ID_BASE + "agency/oxford-university-hospitals"
POLICE = ID_BASE + "group/police"  # "the police", unnamed force: the report's own words
TVP = ID_BASE + "agency/thames-valley-police"
MASH = ID_BASE + "forum/mash"
MARAC = ID_BASE + "forum/marac"
NPS = ID_BASE + "agency/national-probation-service"
YOS = ID_BASE + "unit/youth-offending-service"
SECURE_SYSTEM = ID_BASE + "thing/secure-information-system"
OSCB_BOARD = ID_BASE + "forum/oscb"


@pytest.fixture(scope="module")
def dataset():
    return open_store()


@pytest.fixture(scope="module")
def flows(dataset):
    return network.flow_graph(dataset)


@pytest.fixture(scope="module")
def report_text():
    return bundled_reports()[0].text()


def test_every_node_keeps_its_iri_label_and_kind(dataset):
    for name, project in network.PROJECTIONS.items():
        g = project(dataset)
        assert g.number_of_nodes() > 10, name
        for node, attrs in g.nodes(data=True):
            assert attrs["iri"] == node
            assert attrs["label"] and attrs["kind"] != network.UNKNOWN_KIND, (name, node)


def test_an_exchange_through_a_system_passes_through_it_both_ways(flows):
    # "the Youth Offending Service (YOS) has worked closely with the National Probation Service (NPS)
    # ... to improve information exchange using a secure information system"
    assert flows.nodes[SECURE_SYSTEM]["kind"] == "InformationSystem"
    assert flows.has_edge(YOS, SECURE_SYSTEM) and flows.has_edge(SECURE_SYSTEM, NPS)
    assert flows.has_edge(NPS, SECURE_SYSTEM) and flows.has_edge(SECURE_SYSTEM, YOS)  # the data names all three both ways
    edge = flows.get_edge_data(YOS, SECURE_SYSTEM)[ID_BASE + "child-j/flow-transitions-exchange"]
    assert edge["flow_kind"] == "sharing"
    assert "secure information system" in edge["quote"]


def test_a_report_flows_one_way_only(flows):
    # "all reports of assault are reported to the police as well as children's social care"
    assert flows.has_edge(OUH, POLICE)
    assert not flows.has_edge(POLICE, OUH)
    edge = flows.get_edge_data(OUH, POLICE)[ID_BASE + "child-j/flow-ouh-assault"]
    assert (edge["flow_kind"], edge["conveys"]) == ("reporting", "all reports of assault")


def test_route_from_oxford_university_hospitals_to_the_mash(flows, report_text):
    # OUH reports assaults to the police; the police, the MASH and NPS share information in court.
    hops = network.route(flows, OUH, MASH)
    assert [(h.sender, h.receiver) for h in hops] == [(OUH, POLICE), (POLICE, MASH)]
    assert [f["key"] for h in hops for f in h.flows] == [ID_BASE + "child-j/flow-ouh-assault", ID_BASE + "child-j/flow-court-checks"]
    assert "reported to the police" in hops[0].flows[0]["quote"]
    assert "information sharing in court between the police, the MASH and the NPS" in hops[1].flows[0]["quote"]
    assert all(f["quote"] in report_text for h in hops for f in h.flows)


def test_no_route_back_from_the_mash_to_the_hospitals(flows):
    # Nothing in the report passes information *to* OUH; the other way exists.
    with pytest.raises(network.NoRoute, match=r"no route in the report .* Multi-Agency Safeguarding Hub to Oxford University Hospitals .*other way"):
        network.route(flows, MASH, OUH)


def test_no_route_from_thames_valley_police_to_the_mash(flows):
    # By name, TVP only records MARAC referrals on Niche; the report's other police flows say "the police".
    with pytest.raises(network.NoRoute) as caught:
        network.route(flows, TVP, MASH)
    assert "other way" not in str(caught.value)
    assert caught.value.exit_code == 1


def test_a_node_outside_every_flow_has_no_route(flows):
    with pytest.raises(network.NoRoute, match="takes part in no information flow"):
        network.route(flows, ID_BASE + "agency/ofsted", MASH)


def test_marac_is_the_top_hub_by_degree(flows):
    # MARAC hears from another agency, designated MARAC officers, Oxford Health (referrals) and
    # the MARAC agencies (sharing): 4 partners in 4 flows. Next comes the YOS (the secure system,
    # community safety meetings, "probation"): since issue 16 its transfer meetings are with
    # "probation" as the report words them, no longer with NPS, which drops to 3 partners.
    top, second = network.rank(flows, by="degree")[:2]
    assert (top["node"], top["degree"], top["flows"]) == (MARAC, 4, 4)
    assert (second["node"], second["degree"], second["flows"]) == (ID_BASE + "unit/youth-offending-service", 3, 3)


def test_probation_is_the_top_hub_by_betweenness_and_among_agencies(flows):
    # NPS is the one agency bridging the YOS side and the police / MASH side; the secure system it
    # shares with the YOS and the CRC is the bridge one step further in.
    assert network.rank(flows, by="betweenness")[0]["node"] == ID_BASE + "thing/secure-information-system"
    assert network.rank(flows, by="betweenness", kinds=["Agency"])[0]["node"] == NPS
    assert network.rank(flows, by="degree", kinds=["Agency"])[0]["node"] == NPS
    with pytest.raises(ValueError, match="unknown measure"):
        network.rank(flows, by="pagerank")


def test_gaps_include_safelives_but_not_agencies_in_flows(dataset):
    # SafeLives reviews the MARACs and its guidelines are adopted (recommendation 4), but the report
    # describes no information passing to or from it.
    gaps = {row["node"]: row for row in network.gaps(dataset)}
    assert gaps[ID_BASE + "agency/safelives"]["recommendation_numbers"] == "4"
    assert gaps[ID_BASE + "agency/safelives"]["actions"] == 1  # "A qualitative review is being undertaken" names no one
    # TVP records on Niche; Oxford Health refers to MARAC: both take part.
    assert TVP not in gaps and ID_BASE + "agency/oxford-health" not in gaps


def test_articulation_points_name_what_they_cut_off(flows):
    points = {row["node"]: row for row in network.articulation_points(flows)}
    # Without NPS the YOS side (YOS, CRC, the secure system, community safety meetings, probation) is cut off.
    assert points[NPS]["cut_off"] == 5
    assert "Youth Offending Service" in points[NPS]["cut_off_nodes"]
    # Without "the police", OUH's reports reach neither the MASH nor NPS.
    assert "Oxford University Hospitals NHS Foundation Trust" in points[POLICE]["cut_off_nodes"]
    assert OUH in points and TVP not in points


def test_thames_valley_police_and_niche_are_a_component_of_their_own(flows):
    components = network.components(flows)
    assert [c["component"] for c in components] == list(range(1, len(components) + 1))
    assert sum(c["size"] for c in components) == flows.number_of_nodes()
    assert {"members": "Niche; Thames Valley Police", "size": 2}.items() <= next(
        c for c in components if "Niche" in c["members"]).items()
    assert nx.number_weakly_connected_components(flows) == len(components)


def test_collaboration_links_bodies_by_shared_recommendations_and_forums(dataset):
    g = network.collaboration_graph(dataset)
    # OSCB owns all seven recommendations: the most connected body.
    assert network.rank(g)[0]["node"] == OSCB_BOARD
    # OSCB and the Community Safety Partnerships own recommendations 3, 4 and 6 together.
    shared = g.edges[OSCB_BOARD, ID_BASE + "forum/community-safety-partnerships"]
    assert {"3", "4", "6"} <= set(shared["recommendations"])
    # Health and police staff are co-located in the MASH.
    assert "Multi-Agency Safeguarding Hub" in g.edges[ID_BASE + "group/health", POLICE]["forums"]
    assert all(d["weight"] == len(d["recommendations"]) + len(d["forums"]) for *_, d in g.edges(data=True))


def test_ownership_graph_joins_recommendations_and_bodies(dataset):
    g = network.ownership_graph(dataset)
    recs = [n for n, d in g.nodes(data=True) if d["kind"] == "Recommendation"]
    assert len(recs) == 7
    assert all(g.edges[rec, OSCB_BOARD]["roles"][0] == "owner" for rec in recs)
    assert g.edges[ID_BASE + "child-j/rec-7", ID_BASE + "agency/home-office"]["roles"] == ["asked of"]
    assert nx.is_bipartite(g)


def test_describe_parts_puts_roles_before_counted_actions():
    assert network.describe_parts(["acted", "owner", "acted", "supported"]) == "owner; acted (2); supported (1)"
    assert network.describe_parts([]) == ""
