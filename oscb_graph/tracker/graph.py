"""A Plan as RDF: the report folder's Turtle, with the cell behind every fact.

Each node's own words have one oscb:evidence, its cell (an oscb:Cell: file, sheet, row, column,
exact text); each further fact of it (lead, target date, RAG rating, completion) has an
oscb:sourceCell with oscb:field naming the property it gives. Recommendations anchored in the
review's text have an oscb:Passage as well. Imported nodes live under id/<report>/.
"""
from __future__ import annotations

import re

from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from ..namespaces import ID_BASE, OA, ORG, OSCB, PREFIXES, SCHEMA
from .plan import Action, Plan, Recommendation
from .review import Anchor
from .values import DateValue, Publication
from .workbook import Cell, column_letter


def date_literal(date: DateValue) -> Literal:
    return Literal(date.iso, datatype=XSD[date.datatype])


# looked up once: a closed namespace's attributes cost a lookup each, and a cell has seven
_CELL, _EXACT, _IN_FILE, _SHEET, _ROW, _COLUMN, _FIELD = (OSCB.Cell, OA.exact, OSCB.inFile, OSCB.sheet, OSCB.row,
                                                        OSCB.column, OSCB.field)


class Triples:
    """The statements of one import, by subject: all plan_graph needs of a graph, without an rdflib
    Graph's indexes (which took over a second to fill for a 500-row tracker)."""

    def __init__(self, namespaces: dict[str, str]):
        self.by_subject: dict = {}
        self.prefixes = dict(namespaces)

    def add(self, triple: tuple) -> None:
        s, p, o = triple
        self.by_subject.setdefault(s, {}).setdefault(p, []).append(o)

    def __contains__(self, triple: tuple) -> bool:
        s, p, o = triple
        return o in self.by_subject.get(s, {}).get(p, ())


class _Writer:
    def __init__(self, report: str, tracker_name: str, sha256: str):
        self.graph = Triples({**PREFIXES, "r": ID_BASE + report + "/"})
        self.base = ID_BASE + report + "/"
        self.cited: set[tuple] = set()
        self.file = URIRef(self.base + "tracker-file")
        self.graph.add((self.file, RDF.type, OSCB.TrackerFile))
        self.graph.add((self.file, OSCB.fileName, Literal(tracker_name)))
        self.graph.add((self.file, OSCB.sha256, Literal(sha256)))

    def iri(self, local: str) -> URIRef:
        return URIRef(self.base + local)

    def cell(self, cell: Cell, field: URIRef) -> BNode:
        node = BNode()
        row, column = cell.source
        for p, o in ((RDF.type, _CELL), (_EXACT, Literal(cell.text)), (_IN_FILE, self.file), (_SHEET, Literal(cell.sheet)),
                     (_ROW, Literal(row)), (_COLUMN, Literal(column_letter(column))), (_FIELD, field)):
            self.graph.add((node, p, o))
        return node

    def fact(self, node: URIRef, prop: URIRef, value, cell: Cell | None) -> None:
        """`node prop value`, and the cell it comes from (once, however many values the cell gives)."""
        self.graph.add((node, prop, value))
        if cell is not None and cell.text.strip() and (node, prop, cell.source) not in self.cited:
            self.cited.add((node, prop, cell.source))
            self.graph.add((node, OSCB.sourceCell, self.cell(cell, prop)))

    def recommendation(self, rec: Recommendation, anchor: Anchor | None) -> URIRef:
        g, node = self.graph, self.iri(f"rec-{rec.number}")
        g.add((node, RDF.type, OSCB.Recommendation))
        g.add((node, RDFS.label, Literal(f"Recommendation {rec.number}")))
        g.add((node, OSCB.number, Literal(rec.number)))
        g.add((node, OSCB.text, Literal(rec.text)))
        g.add((node, OSCB.evidence, self.cell(rec.cell, OSCB.text)))
        if anchor is not None:
            passage = BNode()
            g.add((node, OSCB.evidence, passage))
            g.add((passage, RDF.type, OSCB.Passage))
            for prop, value in ((OA.exact, anchor.exact), (OA.start, anchor.start), (OA.end, anchor.end),
                                (OA.prefix, anchor.prefix), (OA.suffix, anchor.suffix), (OSCB.anchoring, anchor.method)):
                g.add((passage, prop, Literal(value)))
        if rec.scope:
            self.fact(node, OSCB.scope, OSCB[rec.scope[0]], rec.scope[1])
        if rec.theme:
            self.theme(node, rec)
        for k, (body, cell) in enumerate(rec.owners, start=1):
            resp = self.iri(f"rec-{rec.number}-owner-{k}")
            g.add((resp, RDF.type, OSCB.Responsibility))
            g.add((resp, RDFS.label, Literal(f"{body.label} owns recommendation {rec.number}")))
            g.add((resp, OSCB.recommendation, node))
            g.add((resp, OSCB.body, URIRef(body.iri)))
            g.add((resp, OSCB.role, OSCB.Owner))
            g.add((resp, OSCB.evidence, self.cell(cell, OSCB.body)))
        for k, action in enumerate(rec.actions, start=1):
            self.action(node, rec.number, k, action)
        return node

    def theme(self, rec_node: URIRef, rec: Recommendation) -> None:
        from ..names import normalise

        text, cell = rec.theme  # type: ignore[misc]
        theme = self.iri("theme-" + "-".join(normalise(text).split())[:40])
        scheme = self.iri("themes")
        g = self.graph
        g.add((scheme, RDF.type, URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")))
        if (theme, RDF.type, OSCB.Theme) not in g:
            g.add((theme, RDF.type, OSCB.Theme))
            g.add((theme, RDFS.label, Literal(text)))
            skos = "http://www.w3.org/2004/02/skos/core#"
            g.add((theme, URIRef(skos + "prefLabel"), Literal(text, lang="en")))
            g.add((theme, URIRef(skos + "notation"), Literal(text.split(":")[0].strip()[:10])))
            g.add((theme, URIRef(skos + "inScheme"), scheme))
            g.add((theme, OSCB.evidence, self.cell(cell, RDFS.label)))
        self.fact(rec_node, OSCB.theme, theme, cell)

    def action(self, rec_node: URIRef, number: int, k: int, action: Action) -> None:
        g, node = self.graph, self.iri(f"action-{number}-{k}")
        g.add((node, RDF.type, OSCB.Action))
        g.add((node, RDFS.label, Literal(" ".join(action.text.split()))))
        g.add((node, OSCB.recommendation, rec_node))
        g.add((node, OSCB.evidence, self.cell(action.cell, RDFS.label)))
        for body, cell in action.leads:
            self.fact(node, PROV.wasAssociatedWith, URIRef(body.iri), cell)
        if not action.leads:
            g.add((node, RDFS.comment, Literal("The tracker names no lead for this action.")))
        self.fact(node, OSCB.status, OSCB[action.status], action.status_cell)
        if action.rag:
            self.fact(node, OSCB.rag, OSCB[action.rag[0]], action.rag[1])
        if action.target is not None:
            if action.target.date is not None:
                self.fact(node, OSCB.targetDate, date_literal(action.target.date), action.target_cell)
            if action.target.note:
                self.fact(node, OSCB.dateNote, Literal(action.target.note), None if action.target.date else action.target_cell)
        if action.progress:
            self.fact(node, OSCB.progressNote, Literal(action.progress[0]), action.progress[1])
        if action.completed:
            self.fact(node, OSCB.completionDate, date_literal(action.completed[0]), action.completed[1])
        for m, milestone in enumerate(action.milestones, start=1):
            step = self.iri(f"action-{number}-{k}-milestone-{m}")
            g.add((node, OSCB.milestone, step))
            g.add((step, RDF.type, OSCB.Milestone))
            g.add((step, RDFS.label, Literal(milestone.text)))
            g.add((step, OSCB.evidence, self.cell(milestone.cell, RDFS.label)))
            if milestone.date is not None:
                g.add((step, OSCB.targetDate, date_literal(milestone.date)))

    def bodies(self, plan: Plan) -> None:
        """New bodies in full; known ones by the label the graph gives them, so that the report read
        alone (--source) names them (the same triple as the other report's, so the union holds it once)."""
        g = self.graph
        for body, cell in plan.bodies():
            node = URIRef(body.iri)
            if not body.new:
                g.add((node, RDFS.label, Literal(body.label)))
                continue
            g.add((node, RDF.type, OSCB[body.kind]))
            g.add((node, RDFS.label, Literal(body.label)))
            g.add((node, OSCB.evidence, self.cell(cell, RDFS.label)))
            if body.post_in:
                g.add((node, ORG.postIn, URIRef(body.post_in)))

    def plan(self, plan: Plan, text_name: str | None) -> None:
        g, node = self.graph, self.iri("action-plan")
        g.add((node, RDF.type, OSCB.ActionPlan))
        g.add((node, RDFS.label, Literal(plan.title)))
        g.add((node, DCTERMS.title, Literal(plan.title)))
        g.add((node, OSCB.trackerFile, self.file))
        if plan.title_cell is not None:
            g.add((node, OSCB.evidence, self.cell(plan.title_cell, DCTERMS.title)))
        if text_name:
            g.add((node, OSCB.sourceText, Literal(text_name)))
        if plan.review:
            self.review(node, plan)

    def review(self, plan_node: URIRef, plan: Plan) -> None:
        """The review the tracker follows up: its type, stage and publication, each from its cell."""
        node = self.iri("review")
        self.graph.add((node, RDF.type, OSCB.Review))
        self.graph.add((node, RDFS.label, Literal(plan.title)))
        self.graph.add((plan_node, OSCB.review, node))
        # its evidence: the tracker's title, else the first cell that says something of it
        first = next(iter(plan.review.values()))[1]
        self.graph.add((node, OSCB.evidence, self.cell(plan.title_cell or first, RDFS.label)))
        for name, prop in (("review_type", OSCB.reviewType), ("review_stage", OSCB.reviewStage)):
            if name in plan.review:
                value, cell = plan.review[name]
                self.fact(node, prop, OSCB[str(value)], cell)
        if "publication" in plan.review:
            publication, cell = plan.review["publication"]
            assert isinstance(publication, Publication)
            if publication.date is not None:
                self.fact(node, DCTERMS.issued, date_literal(publication.date), cell)
            if publication.published is not None:
                self.fact(node, OSCB.published, Literal(publication.published), cell)
            if publication.link is not None:
                self.fact(node, SCHEMA.url, URIRef(publication.link), cell)


_LOCAL = re.compile(r"[A-Za-z_][\w\-]*")


def turtle(graph: Triples) -> str:
    """The statements as Turtle, each blank node written inside the one statement that uses it.

    rdflib's Turtle serialiser sorts and checks every node and took 2.5 s of a 500-row import;
    this writer relies on the shape plan_graph gives (every blank node the object of one
    triple) and takes a fraction of that.
    """
    namespaces = sorted(((ns, prefix) for prefix, ns in graph.prefixes.items()), key=lambda p: -len(p[0]))
    used: set[str] = set()
    names: dict[URIRef, str] = {}

    def name(iri: URIRef) -> str:
        if iri not in names:
            text = str(iri)
            names[iri] = f"<{text}>"
            for ns, prefix in namespaces:
                if text.startswith(ns) and _LOCAL.fullmatch(text[len(ns):]):
                    used.add(prefix)
                    names[iri] = f"{prefix}:{text[len(ns):]}"
                    break
        return names[iri]

    def term(node, indent: str) -> str:
        if isinstance(node, BNode):
            return "[ " + body(node, indent + "    ") + " ]"
        if isinstance(node, URIRef):
            return "a" if node == RDF.type else name(node)
        if node.datatype == XSD.integer:
            return str(node)
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{Literal(str(node)).n3()}^^{name(node.datatype)}"
        return node.n3()

    def body(subject, indent: str) -> str:
        props = graph.by_subject.get(subject, {})
        order = sorted(props, key=lambda p: (p != RDF.type, str(p)))
        return f" ;\n{indent}".join(f"{term(p, indent)} " + ", ".join(term(o, indent) for o in sorted(props[p], key=str))
                                    for p in order)

    blocks = [f"{name(s)} {body(s, '    ')} ." for s in sorted((s for s in graph.by_subject if isinstance(s, URIRef)), key=str)]
    header = [f"@prefix {prefix}: <{ns}> ." for ns, prefix in sorted(namespaces, key=lambda p: p[1]) if prefix in used]
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


def plan_graph(plan: Plan, report: str, tracker_name: str, sha256: str,
               anchors: dict[int, Anchor] | None = None, text_name: str | None = None) -> Triples:
    """The report folder's triples for `plan`; `anchors` maps recommendation numbers to their place in the review's text."""
    writer = _Writer(report, tracker_name, sha256)
    writer.plan(plan, text_name)
    for rec in plan.recommendations:
        writer.recommendation(rec, (anchors or {}).get(rec.number))
    writer.bodies(plan)
    return writer.graph
