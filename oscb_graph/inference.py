"""The superclass types that rdfs:subClassOf implies, worked out the same way for every engine.

Both the rdflib Dataset (loader) and the compiled Oxigraph store (store.build) materialise
these into a graph of their own, so that a query for org:FormalOrganization finds every
oscb:Agency without a reasoner; the terms may be rdflib's or Oxigraph's.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from typing import TypeVar

Term = TypeVar("Term", bound=Hashable)


def implied_types(subclass_of: Iterable[tuple[Term, Term]], typed: Iterable[tuple[Term, Term]]) -> Iterator[tuple[Term, Term]]:
    """(node, superclass) for every (node, class) in `typed` and every superclass, transitively, of its class."""
    supers: dict[Term, set[Term]] = {}
    for sub, sup in subclass_of:
        supers.setdefault(sub, set()).add(sup)
    closures: dict[Term, set[Term]] = {}
    for node, cls in typed:
        if cls not in closures:
            seen: set[Term] = set()
            todo = [cls]
            while todo:
                for sup in supers.get(todo.pop(), ()):
                    if sup not in seen:
                        seen.add(sup)
                        todo.append(sup)
            closures[cls] = seen
        for sup in closures[cls]:
            yield node, sup
