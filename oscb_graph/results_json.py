"""rdflib terms to and from the W3C SPARQL 1.1 Query Results JSON format.

`--json` writes this format, and the engine reads it back from the child process that runs a
query, so both directions live here and a test can round-trip them.
"""
from __future__ import annotations

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node


def term_to_json(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"cannot write {term!r} as a SPARQL JSON term")


def term_from_json(value: dict[str, str]) -> Node:
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):  # "typed-literal" is the older, pre-1.1 spelling
        datatype = value.get("datatype")
        return Literal(value["value"], lang=value.get("xml:lang"), datatype=URIRef(datatype) if datatype else None)
    raise ValueError(f"unsupported SPARQL JSON term type {kind!r}")


def select_to_json(vars: list[str], rows: list[tuple[Node | None, ...]]) -> dict:
    bindings = [
        {var: term_to_json(term) for var, term in zip(vars, row) if term is not None} for row in rows
    ]
    return {"head": {"vars": list(vars)}, "results": {"bindings": bindings}}


def select_from_json(doc: dict) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    vars = list(doc["head"]["vars"])
    rows = []
    for binding in doc["results"]["bindings"]:
        rows.append(tuple(term_from_json(binding[v]) if v in binding else None for v in vars))
    return vars, rows
