"""The name this package's query entry points had before the store layer (oscb_graph.store).

Kept so that code and notebooks written as `from oscb_graph.engine import open_store` keep
working; new code imports from oscb_graph.store.
"""
from __future__ import annotations

from .store import QueryResult, open_store, rdflib_dataset

__all__ = ["open_store", "rdflib_dataset", "QueryResult"]
