"""Write N synthetic report folders shaped like Child J, for benchmarks and tests at scale.

    .venv/bin/python benchmarks/generate_corpus.py 1000            # -> benchmarks/corpus/n1000/
    .venv/bin/python benchmarks/generate_corpus.py 10 --out /tmp/c --seed 3

Each report is a sample of the Child J report graph: its report node, recommendations,
themes and owners always, and a seeded share of its other statements (actions, figures,
flows, memberships, outcomes, glossary entries ...), with every node they need to stay
valid (a membership's forum, an action's agency, a route's steps). So the kinds of node
and edge, and their proportions, are Child J's, and the shapes hold. Report-local IRIs
move from child-j/ to the report's own folder name; organisations keep their shared IRIs,
as the same agencies appear in every report of a partnership. Each report's owners are
Child J's bodies dealt out afresh, so answers differ from report to report.

Each folder holds the Turtle (one file per Child J file) and report.txt: the quotes of
its passages, each at the offsets the Turtle gives. expected.json records, for tests,
the owners the generator gave each recommendation. Output is deterministic for a seed;
corpora are written under benchmarks/corpus/ (ignored by git), never committed.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef

from oscb_graph.namespaces import ID_BASE, OA, ORG, OSCB, PREFIXES
from oscb_graph.sources import bundled_reports

PROV = PREFIXES["prov"]
DCTERMS = PREFIXES["dcterms"]
SCHEMA = PREFIXES["schema"]
SKOS = PREFIXES["skos"]
DEFAULT_OUT = Path(__file__).resolve().parent / "corpus"

# Always in every report: the report, its reviews, recommendations, themes, points and owners.
CORE_KINDS = {"Report", "Recommendation", "Theme", "RecommendationPoint"}
# Statements sampled for each report; whatever they point at through REQUIRED edges comes along.
SAMPLED_KINDS = {
    "Action", "Figure", "Membership", "InformationFlow", "Outcome", "Oversight", "Commission", "Funding",
    "GlossaryTerm", "Route", "Responsibility", "Audit", "Survey", "Training", "Guidance", "Pathway",
}
# Edges the shapes need (or queries follow); any other edge to a node the sample left out is dropped.
REQUIRED = {URIRef(iri) for iri in (
    DCTERMS + "publisher", SKOS + "inScheme", PROV + "wasAssociatedWith", PROV + "wasAttributedTo",
    SCHEMA + "audience", str(ORG.member), str(ORG.organization), str(ORG.role), str(ORG.unitOf), str(ORG.postIn),
)} | {OSCB[name] for name in (
    "reportsOn", "theme", "point", "recommendation", "body", "role", "overseer", "overseen", "commissioner",
    "commissioned", "funder", "funded", "amount", "unit", "from", "to", "via", "flowKind", "step", "denotes",
    "supportedBy", "responsible", "ownedBy", "area", "outcomeKind", "status", "evidence",
)}


class Template:
    """Child J's report graph, file by file, with each node's kind."""

    def __init__(self) -> None:
        folder = bundled_reports()[0]
        self.folder = folder
        self.local = ID_BASE + folder.name + "/"
        self.text = folder.text()
        self.files: dict[str, Graph] = {}
        self.graph = Graph()
        for path in folder.turtle_files:
            g = Graph().parse(path, format="turtle")
            self.files[path.name] = g
            self.graph += g
        oscb = str(OSCB._NS)
        self.kind = {s: str(o)[len(oscb):] for s, o in self.graph.subject_objects(RDF.type)
                     if isinstance(s, URIRef) and str(o).startswith(oscb)}
        self.home = {s: name for name, g in self.files.items() for s in g.subjects() if isinstance(s, URIRef)}
        self.owners = sorted(s for s in self.graph.subjects(OSCB.role, OSCB.Owner))
        self.bodies = sorted({self.graph.value(r, OSCB.body) for r in self.graph.subjects(RDF.type, OSCB.Responsibility)})


    def order(self, pair) -> tuple[str, ...]:
        """A fixed order for (predicate, object) pairs, whatever the hash seed: a blank node sorts by
        its own literals and IRIs, not by its random id."""
        p, o = pair
        if isinstance(o, BNode):
            return (str(p), *sorted(f"{q} {v}" for q, v in self.graph.predicate_objects(o) if not isinstance(v, BNode)))
        return (str(p), type(o).__name__, str(o))


def sample(t: Template, rng: random.Random, fraction: float) -> set[URIRef]:
    """The nodes of one report: the core, the owners, a share of the statements, and what they require."""
    keep = {n for n, k in t.kind.items() if k in CORE_KINDS} | set(t.owners)
    keep |= {n for n, k in sorted(t.kind.items()) if k in SAMPLED_KINDS and rng.random() < fraction}
    todo = list(keep)
    while todo:
        node = todo.pop()
        for p, o in t.graph.predicate_objects(node):
            if p in REQUIRED and isinstance(o, URIRef) and o in t.home and o not in keep:
                keep.add(o)
                todo.append(o)
    return keep


def report_triples(t: Template, keep: set[URIRef], bodies: dict[URIRef, URIRef]):
    """(file name, triple) for every kept node, its blank nodes, and edges between kept nodes."""
    def closure(node, home):
        for p, o in sorted(t.graph.predicate_objects(node), key=t.order):
            if isinstance(o, URIRef) and o in t.home and o not in keep:
                continue  # an edge to a node this report leaves out
            if p == OSCB.body and node in bodies:
                o = bodies[node]
            yield home, (node, p, o)
            if isinstance(o, BNode):
                yield from closure(o, home)

    for node in sorted(keep):
        yield from closure(node, t.home[node])


def write_report(t: Template, out: Path, name: str, rng: random.Random, fraction: float) -> dict:
    """One report folder; returns what expected.json holds."""
    keep = sample(t, rng, fraction)
    dealt = list(t.bodies)
    rng.shuffle(dealt)
    bodies = {r: dealt[i % len(dealt)] for i, r in enumerate(t.owners)}
    keep |= set(bodies.values())  # each owner's body is described in the report
    todo = list(bodies.values())
    while todo:  # and what the body itself requires (the agency a service belongs to ...)
        for p, o in t.graph.predicate_objects(todo.pop()):
            if p in REQUIRED and isinstance(o, URIRef) and o in t.home and o not in keep:
                keep.add(o)
                todo.append(o)
    local = ID_BASE + name + "/"

    def rename(term):
        return URIRef(local + str(term)[len(t.local):]) if isinstance(term, URIRef) and str(term).startswith(t.local) else term

    triples = list(report_triples(t, keep, bodies))

    # The text: a heading, then each quoted span of Child J once, in its order; passages get new offsets.
    spans = sorted({(int(t.graph.value(p, OA.start)), int(t.graph.value(p, OA.end)))
                    for _, (s, pred, p) in triples if pred == OSCB.evidence})
    text = f"Synthetic progress report {name}, generated from the shape of the Child J report.\n\n"
    moved = {}
    for start, end in spans:
        moved[(start, end)] = (len(text), len(text) + end - start)
        text += t.text[start:end] + "\n\n"
    starts = {p: int(t.graph.value(p, OA.start)) for _, (s, pred, p) in triples if pred == OSCB.evidence}
    ends = {p: int(t.graph.value(p, OA.end)) for p in starts}

    folder = out / name
    folder.mkdir(parents=True)
    (folder / "report.txt").write_text(text, encoding="utf-8")
    names = Graph(bind_namespaces="none").namespace_manager
    for prefix, ns in {**PREFIXES, "r": local}.items():
        names.bind(prefix, ns, override=True, replace=True)
    head = "".join(f"@prefix {prefix}: <{ns}> .\n" for prefix, ns in names.namespaces())
    files: dict[str, list[str]] = {}
    blanks: dict[BNode, str] = {}
    for home, (s, p, o) in triples:
        if p in (OA.start, OA.end) and s in starts:
            o = Literal(moved[(starts[s], ends[s])][0 if p == OA.start else 1])
        line = " ".join(term_n3(term, names, blanks) for term in (rename(s), p, rename(o))) + " ."
        files.setdefault(home, []).append(line)
    for home, lines in files.items():
        (folder / home).write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    owners = {}
    for resp, body in bodies.items():
        number = int(t.graph.value(t.graph.value(resp, OSCB.recommendation), OSCB.number))
        owners.setdefault(str(number), []).append(str(body))
    return {"owners": {n: sorted(set(b)) for n, b in sorted(owners.items(), key=lambda kv: int(kv[0]))},
            "triples": len(triples)}


def term_n3(term, names, blanks: dict[BNode, str]) -> str:
    """Turtle for one term, with prefixed names; blank nodes numbered in the order they are written."""
    if isinstance(term, BNode):
        return blanks.setdefault(term, f"_:b{len(blanks) + 1}")
    return term.n3(names)


def generate(count: int, out: Path, seed: int = 7, fraction: float = 0.2) -> list[Path]:
    """Write `count` reports called gen-0001 ... into `out` (replaced); returns their folders."""
    template = Template()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    expected = {}
    for i in range(1, count + 1):
        name = f"gen-{i:04d}"
        expected[name] = write_report(template, out, name, random.Random(f"{seed}-{i}"), fraction)
        (out / name / "expected.json").write_text(json.dumps(expected[name], indent=1), encoding="utf-8")
    return [out / name for name in expected]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many reports")
    parser.add_argument("--out", type=Path, help="the folder to write (replaced) [default: benchmarks/corpus/nCOUNT]")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--fraction", type=float, default=0.2, help="share of Child J's statements in each report")
    args = parser.parse_args()
    out = args.out or DEFAULT_OUT / f"n{args.count}"
    folders = generate(args.count, out, args.seed, args.fraction)
    triples = sum(json.loads((f / "expected.json").read_text())["triples"] for f in folders)
    print(f"wrote {len(folders)} reports, {triples:,} triples, in {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
