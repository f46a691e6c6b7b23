"""The pictures' content, pages, slide text and command, on the bundled Child J data.

Pictures are drawn from the compiled store's records; expected numbers are counted by SPARQL
over rdflib's own Dataset, or worked out by hand from the report's passages (named beside
each). The browser checks are in test_pictures_browser.py.
"""
from __future__ import annotations

import html
import re
import subprocess

import pytest
from click.testing import CliRunner
from conftest import CLI

import oscb_graph
from oscb_graph import diagram_text, pictures, render
from oscb_graph.cli import main
from oscb_graph.namespaces import ID_BASE, PREFIXES
from oscb_graph.projections import Projections
from oscb_graph.store import open_store

CJ, AGENCY, FORUM, POST, GROUP = (PREFIXES[p] for p in ("cj", "agency", "forum", "post", "group"))
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
MARAC_AND_IDVA = CJ + "route-marac-and-idva"
TWO_TIER = CJ + "route-two-tier"


@pytest.fixture(scope="module")
def graph():
    """rdflib's Dataset, to count against."""
    return oscb_graph.load()


@pytest.fixture(scope="module")
def store():
    """The records the pictures are drawn from, read once from the compiled store."""
    return Projections(open_store())


def count(graph, where: str) -> int:
    query = SPARQL_PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"
    return int(next(iter(graph.query(query)))[0])


def edges_between(net, source: str, target: str) -> list[dict]:
    return [e for e in net.edges if e["from"] == source and e["to"] == target]


# -- ownership ------------------------------------------------------------------------------

def test_ownership_draws_every_responsibility_and_each_agency_recommendation_pair_once(graph, store):
    net = pictures.ownership(store)
    responsibilities = count(graph, "SELECT DISTINCT ?b ?r WHERE { ?x a oscb:Responsibility ; oscb:body ?b ; oscb:recommendation ?r }")
    acted = count(graph, "SELECT DISTINCT ?a ?r WHERE { ?x a oscb:Action ; prov:wasAssociatedWith ?a ; oscb:recommendation ?r }")
    assert len(net.edges) == responsibilities + acted
    ends = count(graph, """SELECT DISTINCT ?n WHERE {
        { ?n a oscb:Recommendation } UNION { ?x a oscb:Responsibility ; oscb:body ?n } UNION
        { ?x a oscb:Responsibility ; oscb:recommendation ?n } UNION
        { ?x a oscb:Action ; prov:wasAssociatedWith ?n ; oscb:recommendation [] } UNION
        { ?x a oscb:Action ; oscb:recommendation ?n ; prov:wasAssociatedWith [] } }""")
    assert len(net.nodes) == ends


def test_ownership_edges_say_who_owns_who_is_asked_and_how_many_actions(graph, store):
    net = pictures.ownership(store)
    rec7 = CJ + "rec-7"
    # "That South and Vale Community Safety Partnership and the OSCB recommend to the Home Office ..."
    # The words are the ontology's, as in who-owns' role column.
    assert [e["label"] for e in edges_between(net, FORUM + "south-and-vale-csp", rec7)] == ["owner"]
    asked = edges_between(net, rec7, AGENCY + "home-office")
    assert [e["label"] for e in asked] == ["asked of"] and asked[0]["dashes"] is True
    for edge in (e for e in net.edges if e["edgeStyle"] == "acted"):
        n = count(graph, f"?x a oscb:Action ; prov:wasAssociatedWith <{edge['from']}> ; oscb:recommendation <{edge['to']}>")
        assert edge["label"] == f"{n} action{'s' if n != 1 else ''}"
    assert {n["id"] for n in net.nodes} >= {CJ + f"rec-{i}" for i in range(1, 8)}


# -- flows ----------------------------------------------------------------------------------

def test_flows_draw_exchanges_once_both_ways_and_escalations_dashed_red(graph, store):
    net = pictures.flows(store)
    # "... between the police, the MASH and NPS ...": three parties, each pair once, both ways, no loops
    court = [e for e in net.edges if e["title"].startswith("The police, the MASH and NPS share")]
    assert len(court) == 3 and all(e["arrows"] == "to, from" for e in court)
    assert all(e["from"] != e["to"] for e in court)
    # "... between different statutory and voluntary sector agencies": the one loop, the group's agencies
    # sharing with one another. "transferring of information when a patient moves on" names no sender
    # nor receiver (since issue 16), so it is no longer drawn from GPs to GPs.
    assert [(e["from"], e["to"]) for e in net.edges if e["from"] == e["to"]] == [(GROUP + "marac-agencies",) * 2]
    assert not [e for e in net.edges if e["title"].startswith("Transferring of information when a patient moves on")]
    escalations = [e for e in net.edges if e["edgeStyle"] == "Escalation"]
    assert len(escalations) == count(graph, "?f a oscb:InformationFlow ; oscb:flowKind oscb:Escalation ; oscb:to ?t")
    assert escalations and all(e["dashes"] is True and e["color"] == "#d62728" for e in escalations)
    assert all(e["dashes"] is False for e in net.edges if e["edgeStyle"] != "Escalation")


def test_flows_picture_and_flows_table_agree_on_who_passes_to_whom(store):
    """Both read Flow.pairs: the same (sender, receiver) pairs, an exchange once, nobody passing to itself
    unless the report says so (the MARAC group's agencies, sharing 'between' one another)."""
    net = pictures.flows(store)
    drawn = {(e["from"], e["to"]) for e in net.edges if e["from"] != pictures.NOT_STATED}
    pairs = {(s, r) for f in store.flows for s, r, _ in f.pairs()}
    assert drawn == pairs
    assert (GROUP + "marac-agencies", GROUP + "marac-agencies") in pairs
    selves = {s for f in store.flows if f.senders == f.receivers and len(f.senders) == 1 for s in f.senders}
    assert {s for s, r in pairs if s == r} == selves  # only where a flow's one sender is its one receiver


def test_one_stand_in_for_every_sender_the_report_does_not_name(graph, store):
    net = pictures.flows(store)
    stand_ins = [n for n in net.nodes if n["id"] == pictures.NOT_STATED]
    assert len(stand_ins) == 1 and stand_ins[0]["label"] == "sender not stated"
    assert stand_ins[0]["kindLabel"] == "sender not stated in the report" and stand_ins[0]["shape"] == "box"
    unsent = count(graph, "?f a oscb:InformationFlow ; oscb:to ?r FILTER NOT EXISTS { ?f oscb:from ?s }")
    assert sum(e["from"] == pictures.NOT_STATED for e in net.edges) == unsent > 1


def test_flow_edges_keep_their_words_short(store):
    """Long words on many edges overlap around the hubs (NPS, YOS, the MASH): one short line each."""
    net = pictures.flows(store)
    assert all("\n" not in e["label"] and len(e["label"]) <= 22 for e in net.edges)
    assert all("[information flow]" in e["title"] for e in net.edges)


# -- pathway --------------------------------------------------------------------------------

def test_pathway_reads_left_to_right_with_who_is_responsible(store):
    # "... all designated MARAC officers have been informed of the importance to refer simultaneously to MARAC and IDVA"
    net = pictures.pathway(store, "Simultaneous referral to MARAC and IDVA by designated MARAC officers")
    assert net.options["physics"]["enabled"] is False
    where = {n["id"]: (n["x"], n["y"]) for n in net.nodes}
    step = where[CJ + "flow-marac-officers"]
    assert where[POST + "designated-marac-officers"][1] < step[1]  # the sender above the step
    assert where[FORUM + "marac"][1] > step[1] and where[POST + "idva"][1] > step[1]  # the receivers below
    box = next(n for n in net.nodes if n["id"] == CJ + "flow-marac-officers")
    assert box["label"].startswith("Step 1: referral") and "responsible: designated MARAC" in box["label"]
    assert len(net.edges) == 3 and len(net.nodes) == 4  # each body once


def test_pathway_steps_follow_their_order_joined_step_to_step(graph, store):
    # The two-tier route: review meetings escalate to a strategy meeting (1), the Panel reviews the
    # cases of highest concern (2), audit findings are reported to it (3); who sends 2 and 3 is not said.
    net = pictures.pathway(store, TWO_TIER)
    steps = sorted((n for n in net.nodes if n["shape"] == "box"), key=lambda n: n["x"])
    orders = [int(next(iter(graph.query(SPARQL_PREFIXES + f"SELECT ?o WHERE {{ <{n['id']}> oscb:order ?o }}")))[0])
              for n in steps]
    assert orders == sorted(orders) == [1, 2, 3]
    assert [n["label"].split(":")[0] for n in steps] == ["Step 1", "Step 2", "Step 3"]
    assert [n["color"] for n in steps][:2] == ["#d62728", "#d62728"]  # both escalations
    then = [(e["from"], e["to"]) for e in net.edges if e["edgeStyle"] == "then"]
    assert then == [(steps[0]["id"], steps[1]["id"]), (steps[1]["id"], steps[2]["id"])]  # 1 -> 2 -> 3, one chain
    ids = [n["id"] for n in net.nodes]
    assert len(ids) == len(set(ids)) == 6  # the Complex Case Panel once, though it receives two steps
    assert all("(sender not stated)" in n["label"] for n in steps[1:])


def test_route_listing_gives_short_ids_the_pathway_takes(store):
    listing = pictures.route_listing(store)
    assert ("child-j", "cj:route-two-tier", "Two tier approach for young people who do not meet MAPPA criteria (planned)", 3) in listing
    for _, short_id, label, _ in listing:
        assert pictures.pathway(store, short_id).heading == f"Pathway: {label}"


def test_pathway_of_an_unknown_route_says_so(store):
    from oscb_graph.names import NameResolutionError

    with pytest.raises(NameResolutionError):
        pictures.pathway(store, "no such route anywhere")


# -- agency and everything ------------------------------------------------------------------

def test_agency_neighbourhood_grows_with_hops_and_keeps_its_centre(store):
    one, two = pictures.agency(store, "tvp", 1), pictures.agency(store, "Thames Valley Police", 2)
    centre = AGENCY + "thames-valley-police"
    ids_one, ids_two = {n["id"] for n in one.nodes}, {n["id"] for n in two.nodes}
    assert centre in ids_one and ids_one < ids_two
    assert all(centre in (e["from"], e["to"]) or (e["from"] in ids_one and e["to"] in ids_one) for e in one.edges)
    neighbours = {e["to"] if e["from"] == centre else e["from"] for e in one.edges if centre in (e["from"], e["to"])}
    assert ids_one == neighbours | {centre}


def test_relations_are_named_in_plain_english(store):
    net = pictures.everything(store)
    words = {e["label"] for e in net.edges if e["edgeStyle"] == "relation"}
    assert "carried out by" in words and "stands for" not in words
    assert not words & {"was associated with", "denotes", "was attributed to", "in scheme", "unit of"}


def test_a_glossary_entry_is_drawn_as_the_node_it_stands_for(store):
    # SaVE: the glossary's entry and the programme are one thing, drawn once
    net = pictures.everything(store)
    save = [n for n in net.nodes if n["label"].startswith("SaVE")]
    assert len(save) == 1 and save[0]["kind"] != "GlossaryTerm"


def test_everything_draws_the_data_without_passages_or_relating_nodes(graph, store):
    net = pictures.everything(store)
    kinds = {n["kind"] for n in net.nodes}
    assert not kinds & {"Passage", "Responsibility", "Membership", "InformationFlow", "Route"}
    assert len(net.nodes) >= count(graph, "?r a oscb:Recommendation") + count(graph, "?a a oscb:Agency")
    assert all(n["id"].startswith(ID_BASE) for n in net.nodes)


def test_tooltips_are_plain_text_with_label_kind_and_quote(store):
    net = pictures.everything(store)
    for item in [*net.nodes, *net.edges]:
        assert not re.search(r"<[a-zA-Z/]", item["title"]), item["title"]
    mash = next(n for n in net.nodes if n["id"] == FORUM + "mash")
    lines = mash["title"].split("\n")
    assert lines[0] == "Multi-Agency Safeguarding Hub" and lines[1] == "[Hub]" and lines[-1].startswith("“")


def test_a_picture_too_big_to_read_says_how_to_narrow_it():
    with pytest.raises(pictures.TooManyNodes, match="--source"):
        pictures.check_size(pictures.MAX_NODES + 1)


# -- pages, notebooks, slides ---------------------------------------------------------------

def test_page_is_self_contained_and_escapes_what_it_embeds(store):
    from pyvis.network import Network

    page = render.to_html(pictures.ownership(store))
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page)
    assert "vis.Network" in page and "<h1>Who owns the recommendations, and who acted on them</h1>" in page
    assert page.count('<li><span class="glyph"') >= 3
    hostile = Network(directed=True, heading="<b>heading</b>")
    hostile.add_node("a", label="</script><script>alert(1)</script>", title="x", shape="dot", color="#000000")
    hostile.options = pictures.PATHWAY_OPTIONS
    page = render.to_html(hostile)
    assert "</script><script>alert(1)" not in page and "&lt;b&gt;heading&lt;/b&gt;" in page


def test_display_wraps_the_whole_page_in_an_iframe(store):
    net = pictures.flows(store)
    cell = render.display(net, height=400)._repr_html_()
    assert cell.startswith("<iframe srcdoc=") and "height:400px" in cell
    assert html.unescape(cell.split('srcdoc="', 1)[1].split('"', 1)[0]) == render.to_html(net)


def test_mermaid_and_dot_carry_every_node_and_edge_left_to_right(store):
    net = pictures.pathway(store, TWO_TIER)
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

def test_viz_writes_a_page_and_reports_what_it_drew(store, tmp_path):
    out = tmp_path / "o.html"
    result = CliRunner().invoke(main, ["viz", "ownership", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{len(pictures.ownership(store).nodes)} nodes" in result.output
    assert "vis.Network" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["o.html"]  # no temporary file left behind


def test_viz_pathway_with_no_name_lists_the_routes_and_their_ids():
    result = CliRunner().invoke(main, ["viz", "pathway"])
    assert result.exit_code == 0, result.output
    assert "cj:route-two-tier" in result.output and "Simultaneous referral to MARAC and IDVA" in result.output
    assert "Error" not in result.output


@pytest.mark.parametrize("args, words", [
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
    dot = subprocess.run([str(CLI), "viz", "pathway", "cj:route-marac-and-idva", "--format", "dot"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert dot.returncode == 0, dot.stderr
    assert dot.stdout.startswith('digraph "Pathway: Simultaneous referral') and dot.stdout.count(" -> ") == 3
    mermaid = tmp_path / "flows.mmd"
    done = subprocess.run([str(CLI), "viz", "flows", "--format", "mermaid", "-o", str(mermaid)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "flowchart LR" in mermaid.read_text(encoding="utf-8")


def test_flows_table_and_the_flow_records_pictures_draw_show_the_same_pairs(store):
    # Issue 11 item 2: the flows table (flows.rq) and the records the picture is drawn from agree,
    # and neither sends from a body to itself unless the data's one sender is its one receiver
    # ("between different statutory and voluntary sector agencies" at MARAC).
    from oscb_graph import canned
    from oscb_graph.store import open_store

    table = canned.run(open_store(), canned.get("flows"), {})
    col = {v: i for i, v in enumerate(table.vars)}
    said = {(str(r[col["flow"]]), str(r[col["from"]]), str(r[col["to"]])) for r in table.rows
            if "(not stated)" not in (str(r[col["from"]]), str(r[col["to"]]))}
    label = {str(n): str(lab) for n, lab in open_store().query("SELECT ?n ?l WHERE { ?n rdfs:label ?l }").rows}
    drawn = {(f.iri, label[s], label[r]) for f in store.flows for s, r, both in f.pairs()} | {
        (f.iri, label[r], label[s]) for f in store.flows for s, r, both in f.pairs() if both}
    assert {(str(f), s, r) for f, s, r in said} == {(f, s, r) for f, s, r in drawn}
    assert [(s, r) for _, s, r in said if s == r] == [("different statutory and voluntary sector agencies",) * 2]
