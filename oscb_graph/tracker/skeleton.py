"""`oscb-graph new`: a report folder to write by hand, with the review's text and a skeleton that validates.

The skeleton describes the review itself, quoting its first line (its title) at the offsets
where it stands, and shows in comments how to add a recommendation, its owner and an action;
`python -m oscb_graph.provenance DIR/NAME` then computes the offsets of what is added.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import DataError
from ..prefixes import ID_BASE
from .importer import check_report_name, write_folder
from .review import TEXT_NAME, extract_text

SKELETON = """# {name}: the review, written by hand. Offsets are computed from the quotes by
# `python -m oscb_graph.provenance {folder}` (write a new passage with oa:start 0 ; oa:end 0),
# then check it with `oscb-graph validate --data {into}`.

@prefix oscb:    <https://w3id.org/oscb-graph/ontology#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix oa:      <http://www.w3.org/ns/oa#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix agency:  <{base}agency/> .
@prefix r:       <{base}{name}/> .

r:review a oscb:Review ;
    rdfs:label {title} ;
    dcterms:title {title} ;
    oscb:sourceText "{text_name}" ;
    oscb:evidence [ a oscb:Passage ; oa:exact {title} ; oa:start {start} ; oa:end {end} ] .

# A recommendation, who owns it, and an action on it (uncomment, quote the review's words):
#
# r:rec-1 a oscb:Recommendation ; rdfs:label "Recommendation 1" ; oscb:number 1 ;
#     oscb:text "The Board to ..." ;
#     oscb:evidence [ a oscb:Passage ; oa:exact "The Board to ..." ; oa:start 0 ; oa:end 0 ] .
#
# r:rec-1-owner a oscb:Responsibility ; rdfs:label "The Board owns recommendation 1" ;
#     oscb:recommendation r:rec-1 ; oscb:body agency:thames-valley-police ; oscb:role oscb:Owner ;
#     oscb:evidence [ a oscb:Passage ; oa:exact "..." ; oa:start 0 ; oa:end 0 ] .
#
# r:action-1-1 a oscb:Action ; rdfs:label "What was done" ; oscb:recommendation r:rec-1 ;
#     prov:wasAssociatedWith agency:thames-valley-police ; oscb:status oscb:Planned ;
#     oscb:targetDate "2026-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> ;
#     oscb:evidence [ a oscb:Passage ; oa:exact "..." ; oa:start 0 ; oa:end 0 ] .
"""


def _turtle_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def new_report(name: str, text_path: Path, into: Path) -> Path:
    """Write DIR/NAME with the review's text and review.ttl; an existing folder is never overwritten."""
    check_report_name(name)
    folder = into / name
    if folder.exists():
        raise DataError(f"{folder} exists already; choose another name")
    text = extract_text(text_path)
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not line:
        raise DataError(f"{text_path.name}: the review's text is empty")
    title = line.strip()
    start = text.index(title)
    turtle = SKELETON.format(name=name, folder=folder, into=into, base=ID_BASE, title=_turtle_string(title),
                             text_name=TEXT_NAME, start=start, end=start + len(title))
    write_folder(folder, {"review.ttl": turtle.encode("utf-8"), TEXT_NAME: text.encode("utf-8")})
    return folder
