"""The pictures' content, pages, slide text and command, on the bundled Child J data.

Expected numbers are counted by SPARQL over the same graph, or worked out by hand from the
report's passages (named beside each). The browser checks are in test_pictures_browser.py.
"""
from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef

import oscb_graph
from oscb_graph import diagram_text, pictures, render
from oscb_graph.cli import main
from oscb_graph.namespaces import ID_BASE, PREFIXES

CJ, AGENCY, FORUM, POST, GROUP = (PREFIXES[p] for p in ("cj", "agency", "forum", "post", "group"))
OSCB_GRAPH = Path(__file__).resolve().parent.parent / ".venv" / "bin" / "oscb-graph"
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
MARAC_AND_IDVA = URIRef(CJ + "route-marac-and-idva")
TWO_TIER = URIRef(CJ + "route-two-tier")


@pytest.fixture(scope="module")
def graph():
    return oscb_graph.load()


def count(graph, where: str) -> int:
    query = SPARQL_PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    return int(next(iter(graph.query(query)))[0])


def edges_between(net, source: str, target: str) -> list[dict]:
    return [e for e in net.edges if e["from"] == source and e["to"] == target]


# -- ownership ------------------------------------------------------------------------------

def test_ownership_draws_every_responsibility_and_each_agency_recommendation_pair_once(graph):
    net = pictures.ownership(graph)
    responsibilities = count(graph, "SELECT DISTINCT ?b ?r WHERE { ?x a oscb:Responsibility ; oscb:body ?b ; oscb:recommendation ?r }")
    acted = count(graph, "SELECT DISTINCT ?a ?r WHERE { ?x a oscb:Action ; prov:wasAssociatedWith ?a ; oscb:recommendation ?r }")
    assert len(net.edges) == responsibilities + acted
    ends = count(graph, """SELECT DISTINCT ?n WHERE {
        { ?n a oscb:Recommendation } UNION { ?x a oscb:Responsibility ; oscb:body ?n } UNION
        { ?x a oscb:Responsibility ; oscb:recommendation ?n } UNION
        { ?x a oscb:Action ; prov:wasAssociatedWith ?n ; oscb:recommendation [] } UNION
        { ?x a oscb:Action ; oscb:recommendation ?n ; prov:wasAssociatedWith [] } }""")
    assert len(net.nodes) == ends


def test_ownership_edges_say_who_owns_who_is_asked_and_how_many_actions(graph):
    net = pictures.ownership(graph)
    rec7 = CJ + "rec-7"
    # "That South and Vale Community Safety Partnership and the OSCB recommend to the Home Office ..."
    assert [e["label"] for e in edges_between(net, FORUM + "south-and-vale-csp", rec7)] == ["owns"]
    asked = edges_between(net, rec7, AGENCY + "home-office")
    assert [e["label"] for e in asked] == ["asks"] and asked[0]["dashes"] is True
    for edge in (e for e in net.edges if e["edgeStyle"] == "acted"):
        n = count(graph, f"?x a oscb:Action ; prov:wasAssociatedWith <{edge['from']}> ; oscb:recommendation <{edge['to']}>")
        assert edge["label"] == f"{n} action{'s' if n != 1 else ''}"
    assert {n["id"] for n in net.nodes} >= {CJ + f"rec-{i}" for i in range(1, 8)}


# -- flows ----------------------------------------------------------------------------------

def test_flows_draw_exchanges_once_both_ways_and_escalations_dashed_red(graph):
    net = pictures.flows(graph)
    # "... between the police, the MASH and NPS ...": three parties, each pair once, both ways, no loops
    court = [e for e in net.edges if e["title"].startswith("The police, the MASH and NPS share")]
    assert len(court) == 3 and all(e["arrows"] == "to, from" for e in court)
    assert all(e["from"] != e["to"] for e in court)
    # "... transferring of information when a patient moves on": GPs to GPs, the one loop
    gps = [e for e in net.edges if e["title"].startswith("GPs transfer risk information when a patient moves on")]
    assert [(e["from"], e["to"]) for e in gps] == [(POST + "gps", POST + "gps")]
    escalations = [e for e in net.edges if e["edgeStyle"] == "Escalation"]
    assert len(escalations) == count(graph, "?f a oscb:InformationFlow ; oscb:flowKind oscb:Escalation ; oscb:to ?t")
    assert escalations and all(e["dashes"] is True and e["color"] == "#d62728" for e in escalations)
    assert all(e["dashes"] is False for e in net.edges if e["edgeStyle"] != "Escalation")


def test_each_flow_without_a_sender_gets_its_own_stand_in(graph):
    net = pictures.flows(graph)
    stand_ins = [n for n in net.nodes if pictures.is_unstated(n["id"])]
    assert len(stand_ins) == count(graph, "?f a oscb:InformationFlow FILTER NOT EXISTS { ?f oscb:from ?s }") > 0
    assert all(n["label"] == "sender not stated" for n in stand_ins)


# -- pathway --------------------------------------------------------------------------------

def test_pathway_reads_left_to_right_with_who_is_responsible(graph):
    # "... all designated MARAC officers have been informed of the importance to refer simultaneously to MARAC and IDVA"
    net = pictures.pathway(graph, "Simultaneous referral to MARAC and IDVA by designated MARAC officers")
    assert net.options["layout"]["hierarchical"]["direction"] == "LR" and net.options["physics"]["enabled"] is False
    levels = {n["id"].split("@")[0]: n["level"] for n in net.nodes}
    assert levels == {POST + "designated-marac-officers": 0, CJ + "flow-marac-officers": 1,
                      FORUM + "marac": 2, POST + "idva": 2}
    step = next(n for n in net.nodes if n["id"] == CJ + "flow-marac-officers")
    assert step["label"].startswith("Step 1: referral") and "responsible: designated MARAC officers" in step["label"]
    assert len(net.edges) == 3


def test_pathway_steps_follow_their_order_and_escalations_stand_out(graph):
    net = pictures.pathway(graph, TWO_TIER)
    steps = sorted((n for n in net.nodes if n["shape"] == "box"), key=lambda n: n["level"])
    orders = [int(next(iter(graph.query(SPARQL_PREFIXES + f"SELECT ?o WHERE {{ <{n['id']}> oscb:order ?o }}")))[0])
              for n in steps]
    assert orders == sorted(orders) == [1, 2, 3]
    assert [n["label"].split(":")[0] for n in steps] == ["Step 1", "Step 2", "Step 3"]
    assert [n["color"] for n in steps][:2] == ["#d62728", "#d62728"]  # both escalations
    for edge in net.edges:  # every edge goes one column to the right
        levels = {n["id"]: n["level"] for n in net.nodes}
        assert levels[edge["to"]] == levels[edge["from"]] + 1


def test_pathway_of_an_unknown_route_says_so(graph):
    from oscb_graph.names import NameResolutionError

    with pytest.raises(NameResolutionError):
        pictures.pathway(graph, "no such route anywhere")


# -- agency and everything ------------------------------------------------------------------

def test_agency_neighbourhood_grows_with_hops_and_keeps_its_centre(graph):
    one, two = pictures.agency(graph, "tvp", 1), pictures.agency(graph, "Thames Valley Police", 2)
    centre = AGENCY + "thames-valley-police"
    ids_one, ids_two = {n["id"] for n in one.nodes}, {n["id"] for n in two.nodes}
    assert centre in ids_one and ids_one < ids_two
    assert all(centre in (e["from"], e["to"]) or (e["from"] in ids_one and e["to"] in ids_one) for e in one.edges)
    neighbours = {e["to"] if e["from"] == centre else e["from"] for e in one.edges if centre in (e["from"], e["to"])}
    assert ids_one == neighbours | {centre}


def test_everything_draws_the_data_without_passages_or_relating_nodes(graph):
    net = pictures.everything(graph)
    kinds = {n["kind"] for n in net.nodes}
    assert not kinds & {"Passage", "Responsibility", "Membership", "InformationFlow", "Route"}
    assert len(net.nodes) >= count(graph, "?r a oscb:Recommendation") + count(graph, "?a a oscb:Agency")
    assert all(n["id"].startswith(ID_BASE) for n in net.nodes)


def test_tooltips_are_plain_text_with_label_kind_and_quote(graph):
    net = pictures.everything(graph)
    for item in [*net.nodes, *net.edges]:
        assert not re.search(r"<[a-zA-Z/]", item["title"]), item["title"]
    mash = next(n for n in net.nodes if n["id"] == FORUM + "mash")
    lines = mash["title"].split("\n")
    assert lines[0] == "Multi-Agency Safeguarding Hub" and lines[1] == "[Hub]" and lines[-1].startswith("“")


# -- pages, notebooks, slides ---------------------------------------------------------------

def test_page_is_self_contained_and_escapes_what_it_embeds(graph):
    from pyvis.network import Network

    page = render.to_html(pictures.ownership(graph))
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "vis.Network" in page and "<h1>Who owns the recommendations, and who acted on them</h1>" in page
    assert page.count('<li><span class="glyph"') >= 3
    hostile = Network(directed=True, heading="<b>heading</b>")
    hostile.add_node("a", label="</script><script>alert(1)</script>", title="x", shape="dot", color="#000000")
    hostile.options = pictures.HIERARCHICAL_OPTIONS
    page = render.to_html(hostile)
    assert "</script><script>alert(1)" not in page and "&lt;b&gt;heading&lt;/b&gt;" in page


def test_display_wraps_the_whole_page_in_an_iframe(graph):
    net = pictures.flows(graph)
    cell = render.display(net, height=400)._repr_html_()
    assert cell.startswith("<iframe srcdoc=") and "height:400px" in cell
    assert html.unescape(cell.split('srcdoc="', 1)[1].split('"', 1)[0]) == render.to_html(net)


def test_mermaid_and_dot_carry_every_node_and_edge_left_to_right(graph):
    net = pictures.pathway(graph, TWO_TIER)
    mermaid = diagram_text.to_mermaid(net)
    assert "flowchart LR" in mermaid
    arrows = [line for line in mermaid.splitlines() if re.match(r"\s+n\d+ (-->|-\.->)", line)]
    assert len(arrows) == len(net.edges)
    assert sum("-.->" in a for a in arrows) == sum(bool(e["dashes"]) for e in net.edges) > 0
    dot = diagram_text.to_dot(net)
    assert "rankdir=LR" in dot and dot.count(" -> ") == len(net.edges)
    assert dot.count("style=dashed") == sum(bool(e["dashes"]) for e in net.edges)
    assert dot.count("rank=same") == len({n["level"] for n in net.nodes})


# -- the command ----------------------------------------------------------------------------

def test_viz_writes_a_page_and_reports_what_it_drew(graph, tmp_path):
    out = tmp_path / "o.html"
    result = CliRunner().invoke(main, ["viz", "ownership", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(pictures.ownership(graph).nodes)} nodes" in result.output
    assert "vis.Network" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["o.html"]  # no temporary file left behind


@pytest.mark.parametrize("args, words", [
    (["viz", "pathway"], "'Simultaneous referral to MARAC and IDVA by designated MARAC officers'"),
    (["viz", "agency", "-o", "a.html"], "needs a NAME"),
    (["viz", "all", "tvp", "-o", "a.html"], "takes no NAME"),
    (["viz", "flows"], "-o FILE.html"),
    (["viz", "pathway", "no such route anywhere", "-o", "p.html"], "no such route anywhere"),
])
def test_viz_refuses_bad_input_in_one_line(args, words, tmp_path):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error_lines) == 1 and words in error_lines[0]
    assert "Traceback" not in result.output


def test_installed_command_prints_slide_text(tmp_path):
    dot = subprocess.run([str(OSCB_GRAPH), "viz", "pathway", "cj:route-marac-and-idva", "--format", "dot"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout.startswith('digraph "Pathway: Simultaneous referral') and dot.stdout.count(" -> ") == 3
    mermaid = tmp_path / "flows.mmd"
    done = subprocess.run([str(OSCB_GRAPH), "viz", "flows", "--format", "mermaid", "-o", str(mermaid)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "flowchart LR" in mermaid.read_text(encoding="utf-8")
