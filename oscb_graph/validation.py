"""Check the data contract: the SHACL shapes, and every quote against the text at its offsets.

A safeguarding board cannot act on a fact nobody can find in the source, so validation
fails on any passage whose quote is not verbatim at its offsets, as well as on any shape
violation. The result is structured, for tests and the command line alike.
"""
from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DataError
from .sources import ReportFolder, ontology_files, report_folders, shapes_file

if TYPE_CHECKING:
    from rdflib import Graph

    from .store.remote import EndpointStore

ONTOLOGY_REPORT = "ontology"  # what a problem of the ontology's own nodes names as its report
VERDICT_FORMAT = "3"  # bump when validation changes what it finds, so that kept verdicts are forgotten


@dataclass(frozen=True)
class Problem:
    """One thing wrong: in which report, where (a file or a node) and what, in one line."""

    kind: str  # "parse", "shape", "quote" or "cell"; "note" for a shape's warning, which does not fail
    where: str
    message: str
    report: str = ""

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.message}"


@dataclass
class ValidationResult:
    problems: list[Problem] = field(default_factory=list)
    nodes_checked: int = 0
    quotes_checked: int = 0
    cached: bool = False  # the verdict was kept from an earlier run on the same content
    notes: list[Problem] = field(default_factory=list)  # sh:Warning results: worth a look, not a failure
    over_endpoint: bool = False  # the graphs came from a SPARQL endpoint, which holds no texts: no quote was checked

    @property
    def conforms(self) -> bool:
        return not self.problems


Progress = Callable[[str], None]


def validate(data: list[str | Path] | None = None, include_bundled: bool = True, source: str | None = None,
             progress: Progress | None = None) -> ValidationResult:
    """Validate the ontology and every report folder (bundled, OSCB_GRAPH_DATA, then `data`).

    `source` narrows to the report of that folder name (with the ontology). The verdict is kept
    in the cache under a hash of everything it depends on (the files of the ontology, the shapes
    and each report, and the versions of oscb-graph and pyshacl), so that checking unchanged data
    again costs only reading its files. `progress` is told what is being done, for a long run.
    """
    folders = report_folders(data, include_bundled)
    if source is not None:
        from .store import source_graph

        chosen = source_graph({f.name: f.graph_iri for f in folders}, source)
        folders = [f for f in folders if f.graph_iri == chosen][:1]
    key = verdict_key(folders)
    kept = recall_verdict(key)
    if kept is not None:
        return kept
    result = check(folders, progress or (lambda step: None))
    keep_verdict(key, result)
    return result


def check(folders: list[ReportFolder], progress: Progress) -> ValidationResult:
    """The shapes over the union of the ontology and the folders; each report's quotes against its text.

    rdflib is imported here, not above, so that a kept verdict is given without it."""
    from rdflib import Graph

    from .loader import parse_turtle

    result = ValidationResult()
    union, report_of = ontology_union()
    for n, folder in enumerate(folders, 1):
        progress(f"reading report {n} of {len(folders)}: {folder.name}")
        report = Graph()
        try:
            for path in folder.turtle_files:
                parse_turtle(report, path)
        except DataError as exc:
            result.problems.append(Problem("parse", str(folder.path), str(exc), folder.name))
            continue
        check_quotes(folder, report, result)
        check_tracker_files(folder, report, result)
        add_report(union, report_of, folder.name, report)
    return checked_shapes(union, result, report_of, progress)


def check_endpoint(store: EndpointStore, progress: Progress, timeout: float = 60.0) -> ValidationResult:
    """The shapes over the ontology and each report's named graph on a SPARQL endpoint (or only the
    store's --source report), each fetched with a CONSTRUCT of its graph.

    Quotes and trackers' files are not checked: an endpoint holds the graphs, not the report
    folders' texts and workbooks. The verdict is not kept: the server's graphs may change at any time.
    """
    result = ValidationResult(over_endpoint=True)
    union, report_of = ontology_union()
    reports = {name: graph for name, graph in store.reports(timeout).items() if store.source in (None, graph)}
    for n, (name, graph) in enumerate(reports.items(), 1):
        progress(f"fetching report {n} of {len(reports)}: {name}")
        fetched = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % graph, timeout=timeout).graph
        if fetched is not None:
            add_report(union, report_of, name, fetched)
    return checked_shapes(union, result, report_of, progress)


def ontology_union() -> tuple[Graph, dict[str, str]]:
    """The ontology's triples, to which each report's are added, and its nodes marked as the ontology's."""
    from rdflib import Graph

    from .loader import parse_turtle

    union = Graph()
    for path in ontology_files():
        parse_turtle(union, path)
    return union, {str(s): ONTOLOGY_REPORT for s in union.subjects()}


def add_report(union: Graph, report_of: dict[str, str], name: str, report: Graph) -> None:
    """Add a report's triples to the union; its nodes not already named are marked as its own."""
    for subject in report.subjects(unique=True):
        report_of.setdefault(str(subject), name)
    union += report


def checked_shapes(union: Graph, result: ValidationResult, report_of: dict[str, str], progress: Progress) -> ValidationResult:
    """`result` with the shapes' verdict on the union added, problems and notes in a stable order."""
    progress(f"checking {len(union):,} triples against the shapes")
    check_shapes(union, result, report_of)
    result.problems.sort(key=lambda p: (p.report, p.kind, p.where, p.message))
    result.notes.sort(key=lambda p: (p.report, p.where, p.message))
    return result


def check_quotes(folder: ReportFolder, report: Graph, result: ValidationResult) -> None:
    """Every passage's quote must stand in the report's text at its offsets."""
    from .namespaces import OA, OSCB
    from .provenance import check_passage

    names = set(report.objects(None, OSCB.sourceText))
    if not names and not any(report.triples((None, OA.start, None))):
        return  # a tracker imported without the review's text: its facts cite cells, not passages
    if len(names) != 1:
        result.problems.append(Problem("quote", str(folder.path), f"expected one oscb:sourceText, found {len(names)}", folder.name))
        return
    try:
        text = folder.text(str(next(iter(names))))
    except OSError as exc:
        result.problems.append(Problem("quote", str(folder.path), f"cannot read the report text ({exc.strerror})", folder.name))
        return
    passages = [*report.subject_objects(OSCB.evidence), *report.subject_objects(OSCB.notModelled)]
    for node, passage in passages:
        quote, start, end = (report.value(passage, p) for p in (OA.exact, OA.start, OA.end))
        if None in (quote, start, end):
            continue  # the shapes report the missing part
        result.quotes_checked += 1
        why = check_passage(text, str(quote), int(str(start)), int(str(end)))
        if why:
            result.problems.append(Problem("quote", report.namespace_manager.normalizeUri(str(node)), why, folder.name))


def check_tracker_files(folder: ReportFolder, report: Graph, result: ValidationResult) -> None:
    """An imported report's tracker must be in its folder, byte for byte the file its cells were read from."""
    import hashlib

    from rdflib import RDF

    from .namespaces import OSCB

    for tracker in report.subjects(RDF.type, OSCB.TrackerFile):
        name, digest = report.value(tracker, OSCB.fileName), report.value(tracker, OSCB.sha256)
        if name is None or digest is None:
            continue  # the shapes report the missing part
        try:
            actual = hashlib.sha256((folder.path / str(name)).read_bytes()).hexdigest()
        except OSError as exc:
            result.problems.append(Problem("cell", str(folder.path), f"cannot read the tracker {name} ({exc.strerror})", folder.name))
            continue
        if actual != str(digest):
            result.problems.append(Problem("cell", str(folder.path / str(name)), "the tracker has changed since it was "
                                           "imported (its SHA-256 differs); import it again", folder.name))


def check_shapes(union: Graph, result: ValidationResult, report_of: dict[str, str]) -> None:
    import pyshacl
    from rdflib import RDF, Graph, URIRef
    from rdflib.namespace import SH

    from .loader import parse_turtle
    from .namespaces import OSCB

    shapes = Graph()
    parse_turtle(shapes, shapes_file())
    result.nodes_checked = len({s for s, c in union.subject_objects(RDF.type) if str(c).startswith(str(OSCB._NS))})
    with sparql_parsed_once():
        _, report, _ = pyshacl.validate(union, shacl_graph=shapes, advanced=True, allow_warnings=True)
    for res in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(res, SH.focusNode)
        path = report.value(res, SH.resultPath)
        message = report.value(res, SH.resultMessage) or "violates its shape"
        where = union.namespace_manager.normalizeUri(focus) if isinstance(focus, URIRef) else str(focus)
        on = f" ({union.namespace_manager.normalizeUri(path)})" if isinstance(path, URIRef) else ""
        found = Problem("shape", where + on, str(message), report_of.get(str(focus), ""))
        if report.value(res, SH.resultSeverity) == SH.Warning:
            result.notes.append(Problem("note", found.where, found.message, found.report))
        else:
            result.problems.append(found)


@contextlib.contextmanager
def sparql_parsed_once() -> Iterator[None]:
    """While pyshacl runs, rdflib parses each distinct SPARQL text once.

    pyshacl asks the same SHACL-SPARQL constraint of every focus node as text, and rdflib
    parses the text every time: on the bundled report that was 420 parses of 0.08 s each, four
    fifths of the time validate took. A parsed and translated query does not change when it
    is run with other bindings (rdflib's own prepareQuery relies on it), so it is kept.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    prepared: dict[tuple, object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]  # for this block only
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


# -- Verdicts kept by content ----------------------------------------------------------------

def verdict_key(folders: list[ReportFolder]) -> str:
    """A hash of every file the verdict depends on, with the versions that make it."""
    import hashlib
    from importlib.metadata import version

    from . import __version__

    digest = hashlib.sha256(f"{__version__}|{VERDICT_FORMAT}|{version('pyshacl')}".encode())
    files = [("", p) for p in [*ontology_files(), shapes_file()]]
    for folder in folders:
        try:
            files += [(folder.name, p) for p in sorted(folder.path.iterdir()) if p.is_file()]
        except OSError:
            files.append((folder.name, folder.path))  # check() reports the folder; its verdict is not kept apart
    for name, path in files:
        try:
            content = path.read_bytes()
        except OSError:
            content = b"\0unreadable"
        digest.update(f"\0{name}\0{path}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()


def verdicts_folder() -> Path:
    from .store.cache import cache_dir

    return cache_dir() / "verdicts"


def recall_verdict(key: str) -> ValidationResult | None:
    try:
        kept = json.loads((verdicts_folder() / f"{key}.json").read_text(encoding="utf-8"))
        return ValidationResult([Problem(**p) for p in kept["problems"]], kept["nodes_checked"], kept["quotes_checked"], True,
                                [Problem(**p) for p in kept["notes"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep_verdict(key: str, result: ValidationResult) -> None:
    """Keep the verdict for next time; a cache that cannot be written only costs the next run its time."""
    from .atomic import write_atomically
    from .errors import OscbError

    body = {"problems": [asdict(p) for p in result.problems], "nodes_checked": result.nodes_checked,
            "quotes_checked": result.quotes_checked, "notes": [asdict(p) for p in result.notes]}
    with contextlib.suppress(OSError, OscbError):
        folder = verdicts_folder()
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / f"{key}.json", lambda tmp: tmp.write_text(json.dumps(body), encoding="utf-8"))


# -- Reading the verdict ---------------------------------------------------------------------

SHOWN_PER_KIND = 5  # problems listed for each report and kind; the rest are counted


def verdict_lines(result: ValidationResult, shown: int | None = SHOWN_PER_KIND) -> list[str]:
    """The notes (warnings that do not fail), then the problems grouped by report and kind (the
    first `shown` of each, None for all, and a count of the rest) and a summary line; or the line
    that says all is well."""
    notes = [f"note: {n.report or '(no report)'}: {n.where}: {n.message}" for n in result.notes]
    unchecked = "quotes not checked (an endpoint holds no report texts)"
    if result.conforms:
        quotes = unchecked if result.over_endpoint else f"{result.quotes_checked} quotes found verbatim at their offsets"
        return [*notes, f"OK: {result.nodes_checked} nodes conform to the shapes; {quotes}."]
    groups: dict[str, dict[str, list[Problem]]] = {}
    for problem in result.problems:
        groups.setdefault(problem.report or "(no report)", {}).setdefault(problem.kind, []).append(problem)
    lines = notes
    for report, kinds in groups.items():
        lines.append(f"{report}: {counted(sum(map(len, kinds.values())), 'problem')}")
        for kind, problems in kinds.items():
            lines.append(f"  {kind} ({len(problems)}):")
            lines += [f"    {p.where}: {p.message}" for p in problems[:shown]]
            if shown is not None and len(problems) > shown:
                lines.append(f"    ... and {len(problems) - shown} more {kind} problems (--all lists them)")
    by_kind = Counter(problem.kind for problem in result.problems)
    each = ", ".join(f"{n} {kind}" for kind, n in sorted(by_kind.items()))
    lines.append(f"FAILED: {counted(len(result.problems), 'problem')} ({each}) in {counted(len(groups), 'report')}; "
                 + (f"{result.nodes_checked} nodes checked; {unchecked}." if result.over_endpoint
                    else f"{result.nodes_checked} nodes and {result.quotes_checked} quotes checked."))
    return lines


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"
