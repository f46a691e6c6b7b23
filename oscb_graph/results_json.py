"""Rows as the W3C SPARQL 1.1 Query Results JSON format, which `--json` writes.

Rows may hold Terms, rdflib terms or plain values; the tests read the output back with
rdflib's own parser of the format.
"""
from __future__ import annotations

from typing import Any

from .store.terms import Term


def select_to_json(vars: list[str], rows: list[tuple[Any, ...]]) -> dict:
    bindings = [
        {var: Term.of(term).to_json() for var, term in zip(vars, row) if term is not None} for row in rows
    ]
    return {"head": {"vars": list(vars)}, "results": {"bindings": bindings}}
