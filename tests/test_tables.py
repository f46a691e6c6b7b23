"""Tables for notebooks: real queries on the real store, and the network's real rows.

Expected values come from the report: recommendation 4 is owned by three bodies ("The Oxfordshire
Safer Communities Partnership & Community Safety Partnerships and OSCB seek assurance") and asks
"all agencies"; the glossary reads "TVP – Thames Valley Police".
"""
from __future__ import annotations

import re

import pytest

from oscb_graph import network
from oscb_graph.errors import QueryError
from oscb_graph.sources import bundled_reports
from oscb_graph.store import QueryResult, open_store
from oscb_graph.tables import Table, canned_table

REC_4_OWNERS = {"Community Safety Partnerships", "Oxfordshire Safeguarding Children Board",
                "Oxfordshire Safer Communities Partnership"}


@pytest.fixture(scope="module")
def store():
    return open_store()


def test_canned_table_runs_the_query_with_its_parameters_and_takes_its_title(store):
    table = canned_table(store, "recommendation", number=4)
    assert table.caption == "Recommendation in full"
    assert set(table.column("number")) == {"4"}
    assert set(table.where(section="owner").column("who")) == REC_4_OWNERS
    assert table.where(section="asked of").column("who") == ["all agencies"]
    assert all(table.column("quote")), "every row of the answer carries its quote"


def test_the_report_column_shows_only_when_rows_come_from_several_reports(store, tmp_path):
    assert "report" not in canned_table(store, "who-owns", number=4).columns  # Child J alone
    second = tmp_path / "child-j-again"
    second.mkdir()
    for path in bundled_reports()[0].path.iterdir():
        text = path.read_text(encoding="utf-8")
        (second / path.name).write_text(text.replace("/id/child-j/", "/id/child-j-again/"), encoding="utf-8")
    both = canned_table(open_store([second]), "who-owns", number=4)
    assert set(both.column("report")) == {"child-j", "child-j-again"}
    assert len(both.where(report="child-j")) == len(both.where(report="child-j-again")) == len(canned_table(store, "who-owns", number=4))


def test_iris_show_as_prefixed_names_as_on_the_command_line(store):
    table = canned_table(store, "glossary", term="TVP")
    assert table.column("entry") == ["cj:glossary-tvp"]
    assert table.column("quote") == ["TVP – Thames Valley Police"]


def test_canned_table_reports_a_bad_parameter_as_the_command_line_does(store):
    with pytest.raises(QueryError, match="has no parameter 'colour'"):
        canned_table(store, "who-owns", colour="red")
    with pytest.raises(QueryError, match="no canned query is called 'who-own'; did you mean 'who-owns'"):
        canned_table(store, "who-own")


def test_html_sets_the_quote_off_as_a_quotation_and_escapes_every_cell():
    table = Table(("who", "quote"), (("<b>A & B</b>", 'said "x" <script>'), ("C", "")), "Caption <i>")
    page = table._repr_html_()
    assert "<b>" not in page and "<script>" not in page and "<i>" not in page
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in page and "Caption &lt;i&gt;" in page
    cells = re.findall(r"<td ([^>]*)>(.*?)</td>", page)
    assert cells[1] == (cells[1][0], "“said &quot;x&quot; &lt;script&gt;”") and "font-style:italic" in cells[1][0]
    assert cells[3][1] == "", "an empty quote gets no quotation marks"
    assert "<p><small>2 rows</small></p>" in page


def test_rows_of_records_keep_numbers_and_join_lists():
    rows = network.rank(network.flow_graph(open_store()))
    table = Table.from_records(rows)
    assert table.columns == tuple(rows[0])
    assert table.rows[0] == tuple(str(v) for v in rows[0].values())
    listed = Table.from_records([{"via": ["Niche", "MARAC"], "none": None}])
    assert listed.rows == (("Niche; MARAC", ""),)
    assert Table.from_records([], columns=["a"]).columns == ("a",)


def test_where_select_drop_and_column_name_unknown_columns():
    table = Table(("n", "who", "status"), (("1", "A", "done"), ("2", "B", "planned"), ("10", "A", "planned")))
    assert table.where(who="A", status="planned").rows == (("10", "A", "planned"),)
    assert len(table.where(n=lambda v: int(v) > 1)) == 2
    assert table.select("status", "n").rows[0] == ("done", "1")
    assert table.drop("who").columns == ("n", "status")
    with pytest.raises(KeyError, match="no column 'colour'; the columns are: n, who, status"):
        table.where(colour="red")
    with pytest.raises(KeyError, match="no column 'x'"):
        table.drop("x")


def test_sort_by_orders_numbers_as_numbers_and_puts_blanks_last():
    table = Table(("n", "who"), (("10", "b"), ("2", ""), ("1", "B"), ("3", "a")))
    assert table.sort_by("n").column("n") == ["1", "2", "3", "10"]
    assert table.sort_by("who", "n").column("who") == ["a", "B", "b", ""]


def test_count_counts_rows_or_distinct_values_per_group(store):
    actions = canned_table(store, "recommendation", number=2).where(section="action")
    by_status = actions.count("status", distinct="node")
    expected = store.query("""SELECT ?status (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?a a oscb:Action ; oscb:recommendation cj:rec-2 ; oscb:status/skos:prefLabel ?label .
        BIND(STR(?label) AS ?status) } GROUP BY ?status""")
    assert dict(by_status.rows) == {str(s): str(n) for s, n in expected.rows}
    rows = Table(("a",), (("x",), ("y",), ("x",)))
    assert rows.count("a").rows == (("x", "2"), ("y", "1"))
    assert rows.count("a", name="rows").columns == ("a", "rows")


def test_ask_is_one_row_and_a_graph_is_refused(store):
    assert Table.from_result(store.query("ASK { cj:rec-4 a oscb:Recommendation }")).rows == (("true",),)
    graph = store.query("CONSTRUCT { cj:rec-4 oscb:number ?n } WHERE { cj:rec-4 oscb:number ?n }")
    with pytest.raises(ValueError, match="a CONSTRUCT result is a graph"):
        Table.from_result(graph)


def test_text_form_is_the_command_line_table_under_its_caption():
    table = Table.from_result(QueryResult.from_rows(["rec", "who"], [(4, "OSCB")]), caption="Owners")
    assert str(table).splitlines() == ["Owners", "", "rec  who", "---  ----", "4    OSCB"]
    assert table.titled("Other").caption == "Other" and table.titled("Other").rows == table.rows
