"""Rows to and from the W3C SPARQL 1.1 Query Results JSON format.

`--json` writes this format, and the engine reads it back from the child process that runs a
query, so both directions live here and a test can round-trip them. Rows may hold Terms,
rdflib terms or plain values; reading gives Terms (select_terms_from_json) or rdflib terms.
"""
from __future__ import annotations

from typing import Any

from .terms import Term


def select_to_json(vars: list[str], rows: list[tuple[Any, ...]]) -> dict:
    bindings = [
        {var: Term.of(term).to_json() for var, term in zip(vars, row) if term is not None} for row in rows
    ]
    return {"head": {"vars": list(vars)}, "results": {"bindings": bindings}}


def select_terms_from_json(doc: dict) -> tuple[list[str], list[tuple[Term | None, ...]]]:
    vars = list(doc["head"]["vars"])
    rows = [
        tuple(Term.from_json(binding[v]) if v in binding else None for v in vars)
        for binding in doc["results"]["bindings"]
    ]
    return vars, rows


def select_from_json(doc: dict) -> tuple[list[str], list[tuple[Any, ...]]]:
    """As select_terms_from_json, with rdflib terms."""
    vars, rows = select_terms_from_json(doc)
    return vars, [tuple(None if t is None else t.to_rdflib() for t in row) for row in rows]
