"""oscb-graph: a knowledge graph of England's multi-agency safeguarding system.

`load()` gives the ontology and data as an rdflib Dataset; `validate()` checks them
against the SHACL shapes and every quote against the report's text. Heavy imports
(rdflib, pyshacl) happen on first use, so that the command line starts fast.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .loader import load
    from .validation import validate

__all__ = ["load", "validate", "__version__"]


def __getattr__(name: str):
    if name == "load":
        from .loader import load

        return load
    if name == "validate":
        from .validation import validate

        return validate
    raise AttributeError(f"module 'oscb_graph' has no attribute {name!r}")
