"""Check the data contract: the SHACL shapes, and every quote against the text at its offsets.

A safeguarding board cannot act on a fact nobody can find in the source, so validation
fails on any passage whose quote is not verbatim at its offsets, as well as on any shape
violation. The result is structured, for tests and the command line alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from .errors import DataError
from .loader import parse_turtle
from .namespaces import OA, OSCB
from .provenance import check_passage
from .sources import ReportFolder, ontology_files, report_folders, shapes_file


@dataclass(frozen=True)
class Problem:
    """One thing wrong: where (a file or a node) and what, in one line."""

    kind: str  # "parse", "shape" or "quote"
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.message}"


@dataclass
class ValidationResult:
    problems: list[Problem] = field(default_factory=list)
    nodes_checked: int = 0
    quotes_checked: int = 0

    @property
    def conforms(self) -> bool:
        return not self.problems


def validate(data: list[str | Path] | None = None, include_bundled: bool = True) -> ValidationResult:
    """Validate the ontology and every report folder (bundled, OSCB_GRAPH_DATA, then `data`)."""
    result = ValidationResult()
    union = Graph()
    for path in ontology_files():
        parse_turtle(union, path)
    for folder in report_folders(data, include_bundled):
        report = Graph()
        try:
            for path in folder.turtle_files:
                parse_turtle(report, path)
        except DataError as exc:
            result.problems.append(Problem("parse", str(folder.path), str(exc)))
            continue
        check_quotes(folder, report, result)
        union += report
    check_shapes(union, result)
    return result


def check_quotes(folder: ReportFolder, report: Graph, result: ValidationResult) -> None:
    """Every passage's quote must stand in the report's text at its offsets."""
    names = set(report.objects(None, OSCB.sourceText))
    if len(names) != 1:
        result.problems.append(Problem("quote", str(folder.path), f"expected one oscb:sourceText, found {len(names)}"))
        return
    try:
        text = folder.text(str(next(iter(names))))
    except OSError as exc:
        result.problems.append(Problem("quote", str(folder.path), f"cannot read the report text ({exc.strerror})"))
        return
    for node, passage in report.subject_objects(OSCB.evidence):
        quote, start, end = (report.value(passage, p) for p in (OA.exact, OA.start, OA.end))
        if None in (quote, start, end):
            continue  # the shapes report the missing part
        result.quotes_checked += 1
        why = check_passage(text, str(quote), int(start), int(end))
        if why:
            result.problems.append(Problem("quote", report.namespace_manager.normalizeUri(node), why))


def check_shapes(union: Graph, result: ValidationResult) -> None:
    import pyshacl

    shapes = Graph()
    parse_turtle(shapes, shapes_file())
    result.nodes_checked = len({s for s, c in union.subject_objects(RDF.type) if str(c).startswith(str(OSCB._NS))})
    conforms, report, _ = pyshacl.validate(union, shacl_graph=shapes, advanced=True, allow_warnings=False)
    if conforms:
        return
    for res in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(res, SH.focusNode)
        path = report.value(res, SH.resultPath)
        message = report.value(res, SH.resultMessage) or "violates its shape"
        where = union.namespace_manager.normalizeUri(focus) if isinstance(focus, URIRef) else str(focus)
        on = f" ({union.namespace_manager.normalizeUri(path)})" if isinstance(path, URIRef) else ""
        result.problems.append(Problem("shape", where + on, str(message)))
    result.problems.sort(key=str)
