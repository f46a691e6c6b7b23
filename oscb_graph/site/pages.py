"""What each page of the site shows: page models made from the site's answers (site.answers).

A Page names its template, its title, its tables (each a slice of one canned answer, or a
summary of one, with its CSV) and the queries that made it (each with its parameters bound).
Paths are relative to the site's root; every page but the home and search pages sits one
folder down, so that links are the same from every page of a kind.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from ..output import prefixed
from ..prefixes import ID_BASE
from ..store.terms import Term
from .answers import Answer, Record
from .report_text import anchor, fragment_link, readable

ROWS_SHOWN = 150  # rows of one table on a page; the CSV beside it has them all
BODY_ROWS = 40  # rows of each of a body's six tables: a body named in a thousand reports stays one readable page
PAGE_ROWS = 200  # rows of an index page before it continues on the next
QUOTE_CHARS = 600  # a quote longer than this is cut on the page (the link leads to the whole passage)
HOME_ROWS = 12  # rows of each summary on the home page
STATUSES = ("done", "ongoing", "planned", "under consideration")


@dataclass
class Cell:
    """One cell: its text, a link (from the site's root) and how to show it ('quote', 'status', 'number')."""

    text: str
    href: str = ""
    kind: str = ""
    original: str = ""  # for a quote: a text-fragment link to it in the published original


@dataclass
class Table:
    """A table on a page; its CSV holds `records` (rows of `answer`) or, for a summary, the cells."""

    key: str
    caption: str
    headings: list[str]
    rows: list[list[Cell]]
    answer: Answer | None = None
    records: list[Record] = field(default_factory=list)
    total: int = 0
    limit: int = ROWS_SHOWN
    csv: str = ""  # the CSV's file name and rows, once written
    csv_rows: int = 0

    @property
    def shown(self) -> list[list[Cell]]:
        return self.rows[:self.limit]


@dataclass
class QueryUse:
    """A canned query as a page used it: its name and title, its text with parameters bound, and for which report."""

    name: str
    title: str
    sparql: str
    source: str | None = None


@dataclass
class Page:
    path: str
    template: str
    title: str
    tables: list[Table] = field(default_factory=list)
    queries: list[QueryUse] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # further files beside the page, by name

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")


def slug(iri: str) -> str:
    """A file name for a node: its IRI after the id base, with '--' for '/' (agency--thames-valley-police)."""
    local = iri[len(ID_BASE):] if iri.startswith(ID_BASE) else iri
    return re.sub(r"[^A-Za-z0-9._-]+", "-", local.replace("/", "--")).strip("-") or "node"


def use(answer: Answer, source: str | None = None, **values: Term) -> QueryUse:
    return QueryUse(answer.name, answer.query.title, answer.sparql_for(**values), source)


class Site:
    """The pages of the site, from the answers of site.answers.run_all."""

    def __init__(self, answers: dict[str, Answer], texts: dict[str, str], source: str | None = None, projections=None,
                 today: str = ""):
        self.a = answers
        self.today = today  # the day overdue counts from
        self.projections = projections  # site.answers.RouteProjections, for the routes' pictures
        self.texts = texts  # report folder name -> its text
        self.source = source
        self.reports = {r["report"]: r for r in answers["reports"].records}
        self.bodies = {r["body"]: r for r in answers["bodies"].records}
        self.anchors: dict[tuple[str, str], str] = {}
        for r in answers["passages"].records:
            self.anchors.setdefault((r["report"], r["quote"]), anchor(r["start"], r["end"]))
        self.recs: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for r in answers["recommendation"].records:
            self.recs[(r["report"], r["number"])].append(r)
        self.rec_iri = {key: next((r["node"] for r in rows if r["section"] == "text"), "") for key, rows in self.recs.items()}
        self.owners: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for r in answers["who-owns"].records:
            self.owners[(r["report"], r["rec"])].append(r)
        self.routes: dict[tuple[str, str], list[Record]] = defaultdict(list)
        for r in answers["routes"].records:
            self.routes[(r["report"], r["route"])].append(r)
        self.by_report = {name: by_report(answers[name].records) for name in ("glossary", "passages")}
        self.rec_keys: dict[str, list[tuple[str, str]]] = defaultdict(list)  # each report's recommendations
        for key in self.rec_iri:
            self.rec_keys[key[0]].append(key)
        self.rec_count = Counter(report for report, _ in self.rec_iri)

    # -- links and cells ------------------------------------------------------------------

    def rec_href(self, report: str, number: str) -> str:
        return f"recommendations/{slug(self.rec_iri[(report, number)])}.html" if (report, number) in self.rec_iri else ""

    def body_href(self, iri: str) -> str:
        return f"bodies/{slug(iri)}.html" if iri in self.bodies else ""

    def quote(self, report: str, text: str, limit: int = QUOTE_CHARS) -> Cell:
        if not text:
            return Cell("")
        shown = readable(text)
        if len(shown) > limit:
            shown = shown[: limit - 1].rstrip() + "…"
        found = self.anchors.get((report, text))
        address = self.reports[report]["address"] if report in self.reports else ""
        return Cell(shown, f"text/{report}.html#{found}" if found and report in self.texts else "", "quote",
                    fragment_link(address, text) if address.startswith(("http://", "https://")) else "")

    def report_cell(self, report: str) -> Cell:
        return Cell(report, f"reports/{report}.html" if report in self.reports else "")

    def rec_cell(self, report: str, number: str) -> Cell:
        return Cell(f"Recommendation {number}" if number else "", self.rec_href(report, number))

    def many(self) -> bool:
        return len(self.reports) > 1

    # -- the pages ------------------------------------------------------------------------

    def pages(self) -> Iterator[Page]:
        for make in self.page_makers():
            yield from make()

    def page_makers(self) -> list[Callable[[], Iterable[Page]]]:
        """The site's pages as calls that each make a few, so that two processes can share them out."""
        makers: list[Callable[[], Iterable[Page]]] = [lambda: [self.home(), Page("search.html", "search.html", "Search")],
                                                      self.report_index]
        makers += [partial(self.report_pages, report) for report in self.reports]
        makers += [partial(one, self.recommendation_page, *key) for key in self.recs if self.rec_iri.get(key)]
        makers.append(self.body_index)
        makers += [partial(one, self.body_page, iri) for iri in self.bodies]
        makers.append(self.route_index)
        makers += [partial(one, self.route_page, *key) for key in self.routes]
        makers.append(partial(one, self.ontology_page))
        return makers

    def report_pages(self, report: str) -> Iterator[Page]:
        yield self.report_page(report)
        if report in self.texts:
            yield self.text_page(report)
        yield self.glossary_page(report)

    def home(self) -> Page:
        reports = list(self.reports.values())
        actions = [r for r in self.a["recommendation"].records if r["section"] == "action"]
        by_status = Counter(r["status"] or "not given" for r in actions)
        recs_by_status: dict[str, set] = defaultdict(set)
        for r in actions:
            recs_by_status[r["status"] or "not given"].add((r["report"], r["number"]))
        order = [s for s in STATUSES if s in by_status] + sorted(set(by_status) - set(STATUSES))
        progress = Table("progress", "Reported progress: actions by how far they have got",
                         ["status", "actions", "recommendations with such actions"],
                         [[Cell(s, kind="status"), Cell(f"{by_status[s]:,}", kind="number"),
                           Cell(f"{len(recs_by_status[s]):,}", kind="number")] for s in order])
        without = [key for key in self.rec_iri if not any(r["section"] == "action" for r in self.recs[key])]
        progress.rows.append([Cell("no action reported"), Cell("0", kind="number"), Cell(f"{len(without):,}", kind="number")])
        owned: Counter = Counter()
        asked: Counter = Counter()
        acted: Counter = Counter()
        for r in self.a["who-owns"].records:
            roles = r["role"].split(", ")
            owned[r["body"]] += "owner" in roles
            asked[r["body"]] += "asked of" in roles
            acted[r["body"]] += int(r["actions"] or 0)
        top = [b for b, n in owned.most_common() if n][:HOME_ROWS]
        owners = Table("owners", "The bodies that own most recommendations", ["body", "owns", "asked of", "actions reported"],
                       [[Cell(self.bodies[b]["name"] if b in self.bodies else prefixed(b), self.body_href(b)),
                         Cell(f"{owned[b]:,}", kind="number"), Cell(f"{asked[b]:,}", kind="number"),
                         Cell(f"{acted[b]:,}", kind="number")] for b in top])
        late = self.a["overdue"].records
        overdue = Table("overdue", f"Overdue on {self.today}: actions past their target date, not done",
                        ["target", "report", "recommendation", "lead", "action", "status"],
                        [[Cell(r["target"]), self.report_cell(r["report"]), self.rec_cell(r["report"], r["rec"]), Cell(r["lead"]),
                          Cell(r["action"]), Cell(r["status"], kind="status")] for r in late[:HOME_ROWS]],
                        self.a["overdue"], late, len(late))
        listed = Table("reports", "Reports", ["report", "title", "published by", "recommendations"],
                       [[self.report_cell(r["report"]), Cell(r["title"]), Cell(r["publisher"]),
                         Cell(str(self.rec_count[r["report"]]), kind="number")]
                        for r in reports[:HOME_ROWS]], self.a["reports"], reports, len(reports))
        return Page("index.html", "home.html", "Who owns what", [owners, progress, overdue, listed],
                    [use(self.a["who-owns"]), use(self.a["recommendation"]), use(self.a["overdue"], asOf=Term.literal(self.today)),
                     use(self.a["reports"])],
                    {"counts": {"reports": len(reports), "recommendations": len(self.rec_iri), "bodies": len(self.bodies),
                                "actions": len(actions), "routes": len(self.routes)},
                     "more_reports": len(reports) > HOME_ROWS})

    def paged(self, folder: str, title: str, template: str, table: Table, queries: list[QueryUse]) -> Iterator[Page]:
        """An index that continues over several pages of PAGE_ROWS rows each (index.html, index-2.html, ...)."""
        chunks = [table.rows[i:i + PAGE_ROWS] for i in range(0, len(table.rows), PAGE_ROWS)] or [[]]
        names = [f"{folder}/index.html"] + [f"{folder}/index-{n}.html" for n in range(2, len(chunks) + 1)]
        for n, rows in enumerate(chunks):
            part = Table(table.key, table.caption, table.headings, rows, table.answer, table.records, table.total)
            nav = {"pages": [{"href": name.split("/", 1)[1], "number": i + 1, "current": i == n} for i, name in enumerate(names)]}
            heading = title if len(chunks) == 1 else f"{title} (page {n + 1} of {len(chunks)})"
            yield Page(names[n], template, heading, [part], queries, {"nav": nav if len(chunks) > 1 else None})

    def report_index(self) -> Iterator[Page]:
        rows = [[self.report_cell(r["report"]), Cell(r["title"]), Cell(r["publisher"]),
                 Cell(str(self.rec_count[r["report"]]), kind="number")] for r in self.reports.values()]
        table = Table("reports", "Reports", ["report", "title", "published by", "recommendations"], rows,
                      self.a["reports"], list(self.reports.values()), len(rows))
        yield from self.paged("reports", "All reports", "index.html", table, [use(self.a["reports"])])

    def report_page(self, report: str) -> Page:
        info = self.reports[report]
        recs = sorted(self.rec_keys[report], key=lambda k: int(k[1]) if k[1].isdigit() else 0)
        listing = []
        for key in recs:
            text = next((r["what"] for r in self.recs[key] if r["section"] == "text"), "")
            theme = next((r["what"] for r in self.recs[key] if r["section"] == "theme"), "")
            listing.append({"number": key[1], "href": self.rec_href(*key), "text": text, "theme": theme,
                            "owners": [Cell(r["who"], self.body_href(r["body"])) for r in self.owners[key] if "owner" in r["role"].split(", ")]})
        who = [r for key in recs for r in self.owners[key]]
        table = Table("who-owns", "Who owns each recommendation, who is asked, and who acted",
                      ["recommendation", "body", "part", "actions", "how far", "the report's words"],
                      [[self.rec_cell(report, r["rec"]), Cell(r["who"], self.body_href(r["body"])), Cell(r["role"]),
                        Cell(r["actions"], kind="number"), Cell(r["statuses"], kind="status"), self.quote(report, r["quote"])]
                       for r in who], self.a["who-owns"], who, len(who))
        routes = [{"name": rows[0]["route_name"], "href": f"routes/{slug(iri)}.html", "steps": len({r['flow'] for r in rows})}
                  for (rep, iri), rows in self.routes.items() if rep == report]
        original = info["address"] if info["address"].startswith(("http://", "https://")) else ""
        return Page(f"reports/{report}.html", "report.html", info["title"], [table],
                    [use(self.a["who-owns"], report), use(self.a["recommendation"], report)],
                    {"report": info, "recommendations": listing, "routes": routes, "has_text": report in self.texts,
                     "original": original})

    def recommendation_page(self, report: str, number: str) -> Page:
        rows = self.recs[(report, number)]
        iri = Term.iri(self.rec_iri[(report, number)])
        first = {s: next((r for r in rows if r["section"] == s), None) for s in ("text", "theme")}
        points = [{"label": r["section"], "text": r["what"], "quote": self.quote(report, r["quote"])}
                  for r in rows if r["section"].startswith("point")]
        owners = self.owners[(report, number)]
        owner_table = Table("owners", "Owners, bodies asked, and the agencies that acted",
                            ["body", "part", "actions", "how far", "the report's words"],
                            [[Cell(r["who"], self.body_href(r["body"])), Cell(r["role"]), Cell(r["actions"], kind="number"),
                              Cell(r["statuses"], kind="status"), self.quote(report, r["quote"])] for r in owners],
                            self.a["who-owns"], owners, len(owners))
        names = {r["who"]: r["body"] for r in owners}
        actions = [r for r in rows if r["section"] == "action"]
        action_table = Table("actions", "Every action reported under it", ["who", "what", "status", "when", "the report's words"],
                             [[Cell(r["who"] or "(not said)", self.body_href(names.get(r["who"], ""))), Cell(r["what"]),
                               Cell(r["status"], kind="status"), Cell(r["when"]), self.quote(report, r["quote"])] for r in actions],
                             self.a["recommendation"], actions, len(actions))
        outcomes = [r for r in rows if r["section"].startswith("outcome")]
        outcome_table = Table("outcomes", "What difference it made", ["kind", "outcome", "the report's words"],
                              [[Cell(r["section"].removeprefix("outcome").strip(" ()") or "outcome"), Cell(r["what"]),
                                self.quote(report, r["quote"])] for r in outcomes],
                              self.a["recommendation"], outcomes, len(outcomes))
        title = f"Recommendation {number}"
        return Page(f"recommendations/{slug(iri.value)}.html", "recommendation.html", title,
                    [owner_table, action_table, outcome_table],
                    [use(self.a["recommendation"], recommendation=iri), use(self.a["who-owns"], recommendation=iri)],
                    {"report": self.reports.get(report, {"report": report, "title": report}),
                     "text": first["text"] and {"text": first["text"]["what"], "quote": self.quote(report, first["text"]["quote"])},
                     "theme": first["theme"] and first["theme"]["what"], "points": points})

    BODY_SECTIONS = (
        ("owns", "Recommendations it owns, is asked by, or is to work with", ("owner", "asked of", "working with", "responsible")),
        ("did", "What it did: actions it reported or supported", ("acted", "supported")),
        ("sits", "Where it sits: what it chairs, sits on or belongs to, and its own units and posts",
         ("chairs", "attends", "convenes", "co-located in", "contributes virtually to", "member of", "has unit or post", "part of")),
        ("runs", "What it runs, funds, commissions or oversees", ("runs", "funds", "commissions", "oversees")),
        ("sends", "What it sends", ("passes information to",)),
        ("receives", "What it receives", ("receives information from",)),
    )

    def body_page(self, iri: str) -> Page:
        info = self.bodies[iri]
        mine = self.agency_rows.get(iri, [])
        tables = []
        many = self.many()  # with one report, a report column would say the same in every row
        for key, caption, parts in self.BODY_SECTIONS:
            rows = [r for r in mine if r["part"] in parts or (key == "runs" and r["part"].startswith("oversees"))]
            cells = [[self.report_cell(r["report"])] * many + [
                self.rec_cell(r["report"], r["rec"]), Cell(r["part"]), Cell(r["what"]), Cell(r["status"], kind="status"),
                Cell(r["when"]), self.quote(r["report"], r["quote"], QUOTE_CHARS // 2)] for r in rows[:BODY_ROWS]]
            tables.append(Table(key, caption, ["report"] * many + ["recommendation", "part", "what", "status", "when", "the report's words"],
                                cells, self.a["agency"], rows, len(rows), BODY_ROWS))
        return Page(f"bodies/{slug(iri)}.html", "body.html", info["name"], tables,
                    [use(self.a["agency"], agency=Term.iri(iri))], {"body": info, "name": prefixed(iri)})

    @cached_property
    def agency_rows(self) -> dict[str, list[Record]]:
        """The agency answer's rows by the body they are about (bodies with pages only)."""
        found: dict[str, list[Record]] = defaultdict(list)
        for r in self.a["agency"].records:
            if r["agency"] in self.bodies:
                found[r["agency"]].append(r)
        return found

    def body_index(self) -> Iterator[Page]:
        records = list(self.bodies.values())
        rows = [[Cell(r["name"], self.body_href(r["body"])), Cell(r["acronym"]), Cell(r["kind"]),
                 Cell(r["reports"], kind="number"), Cell(str(len(self.agency_rows.get(r["body"], []))), kind="number")]
                for r in records]
        table = Table("bodies", "Bodies the reports name", ["name", "short form", "kind", "reports", "facts"], rows,
                      self.a["bodies"], records, len(rows))
        yield from self.paged("bodies", "Bodies", "index.html", table, [use(self.a["bodies"])])

    def route_index(self) -> Iterator[Page]:
        rows = [[self.report_cell(rep), Cell(rows[0]["route_name"], f"routes/{slug(iri)}.html"),
                 Cell(str(len({r['flow'] for r in rows})), kind="number")] for (rep, iri), rows in self.routes.items()]
        records = [r for rows in self.routes.values() for r in rows]
        table = Table("routes", "Referral and escalation routes", ["report", "route", "steps"], rows,
                      self.a["routes"], records, len(rows))
        yield from self.paged("routes", "Routes", "index.html", table, [use(self.a["routes"])])

    def route_page(self, report: str, iri: str) -> Page:
        rows = sorted(self.routes[(report, iri)], key=lambda r: (int(r["step"]) if r["step"].isdigit() else 10**6, r["to"]))
        table = Table("steps", "Its steps in order", ["step", "from", "to", "kind", "what passes", "responsible", "the report's words"],
                      [[Cell(r["step"], kind="number"), Cell(r["from"]), Cell(r["to"]), Cell(r["flow_kind"]), Cell(r["conveys"]),
                        Cell(r["responsible"]), self.quote(report, r["quote"])] for r in rows], self.a["routes"], rows, len(rows))
        page = Page(f"routes/{slug(iri)}.html", "route.html", rows[0]["route_name"], [table],
                    [use(self.a["routes"], route=Term.iri(iri))],
                    {"report": self.reports.get(report, {"report": report, "title": report}), "iri": iri})
        self.draw_route(page, iri, len({r["flow"] for r in rows}))
        return page

    def draw_route(self, page: Page, iri: str, steps: int) -> None:
        """The route's picture (pictures.pathway, from the projections) as data beside the page, drawn by vis-network in assets/."""
        from .. import pictures, render

        if self.projections is None or not self.projections.routes(iri):
            return
        net = pictures.pathway(self.projections, iri)
        options = net.options if isinstance(net.options, dict) else {}
        name = f"{slug(iri)}.picture.js"
        page.files[name] = "window.OSCB_PICTURE = " + render.script_json({"nodes": net.nodes, "edges": net.edges, "options": options}) + ";\n"
        page.context["picture"] = {"data": name, "legend": render.legend(net),
                                   "summary": f"{steps} step{'s' if steps != 1 else ''} between {len(net.nodes) - steps} places; "
                                              "the table below gives every step in words"}

    def glossary_page(self, report: str) -> Page:
        rows = self.by_report["glossary"].get(report, [])
        table = Table("glossary", "Glossary", ["short form", "stands for", "meaning", "names in the graph", "the report's words"],
                      [[Cell(r["acronym"]), Cell(r["stands_for"]), Cell(r["meaning"]), Cell(r["names"]), self.quote(report, r["quote"])]
                       for r in rows], self.a["glossary"], rows, len(rows))
        return Page(f"glossary/{report}.html", "glossary.html", f"Glossary: {self.reports[report]['title']}", [table],
                    [use(self.a["glossary"], report)], {"report": self.reports[report]})

    def text_page(self, report: str) -> Page:
        from .report_text import pieces

        spans: dict[tuple[int, int], list[str]] = defaultdict(list)
        for r in self.by_report["passages"].get(report, []):
            names = spans[(int(r["start"]), int(r["end"]))]
            if r["name"] not in names:
                names.append(r["name"])
        info = self.reports[report]
        return Page(f"text/{report}.html", "text.html", info["title"], [],
                    [use(self.a["passages"], report)],
                    {"report": info, "pieces": pieces(self.texts[report], spans), "passages": len(spans),
                     "original": info["address"] if info["address"].startswith(("http://", "https://")) else ""})

    def ontology_page(self) -> Page:
        terms: dict[str, dict[str, Any]] = {}
        for r in self.a["ontology"].records:
            entry = terms.setdefault(r["term"], {"term": prefixed(r["term"]), "type": r["type"], "label": "", "comment": "",
                                                 "relations": defaultdict(list), "id": slug(prefixed(r["term"]).replace(":", "-"))})
            if r["relation"]:
                entry["relations"][r["relation"]].append(prefixed(r["other"]))
            else:
                entry["label"], entry["comment"] = r["label"] or entry["label"], r["comment"] or entry["comment"]
        groups = {kind: sorted((t for t in terms.values() if t["type"] == kind), key=lambda t: t["term"].lower())
                  for kind in ("class", "property", "value")}
        known = {t["term"]: t["id"] for t in terms.values()}
        return Page("about/ontology.html", "ontology.html", "The ontology", [], [use(self.a["ontology"])],
                    {"groups": groups, "known": known})

    # -- search ---------------------------------------------------------------------------

    def search_documents(self) -> list[dict[str, Any]]:
        """What the search box finds: bodies, recommendations, actions and quotes, each once with its pages.

        Documents with the same words (the same action or quote in several reports) are one
        document listing its places, so that the index grows with what is said, not how often.
        """
        found: dict[tuple[str, str, str], dict[str, Any]] = {}

        def add(kind: str, name: str, text: str, href: str, where: str) -> None:
            if not href:
                return
            doc = found.setdefault((kind, name, text), {"id": len(found), "kind": kind, "name": name, "text": text,
                                                        "places": [], "count": 0})
            if [where, href] in doc["places"]:
                return
            doc["count"] += 1
            if len(doc["places"]) < 3:
                doc["places"].append([where, href])

        for r in self.bodies.values():
            add("body", r["name"], " ".join(x for x in (r["acronym"], r["kind"]) if x), self.body_href(r["body"]), r["kind"])
        for (report, number), rows in self.recs.items():
            text = next((r["what"] for r in rows if r["section"] == "text"), "")
            add("recommendation", f"Recommendation {number}", text, self.rec_href(report, number), report)
            for r in rows:
                if r["section"] == "action":
                    add("action", r["what"], " ".join(x for x in (r["who"], r["status"]) if x),
                        self.rec_href(report, number) + "#actions", f"{report}, recommendation {number}")
        for r in self.a["passages"].records:
            if r["report"] in self.texts:
                add("quote", readable(r["quote"]), "", f"text/{r['report']}.html#{anchor(r['start'], r['end'])}", r["report"])
        return list(found.values())


def by_report(records: list[Record]) -> dict[str, list[Record]]:
    found: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        found[r["report"]].append(r)
    return found


def one(make: Callable[..., Page], *args: str) -> list[Page]:
    """The one page make(*args) gives, as a list: a page maker of Site.page_makers."""
    return [make(*args)]
