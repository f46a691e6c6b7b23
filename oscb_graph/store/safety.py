"""The safety check every query passes before any engine sees it: read-only, and no network.

A query is parsed with rdflib's SPARQL parser and refused if it is an update or names a
SERVICE, FROM or FROM NAMED: the engines would follow such IRIs onto the network (Oxigraph and
rdflib each fetch SERVICE endpoints; Oxigraph's LOAD too). Verdicts are remembered in the
cache, so that a text once found safe is not parsed again (~0.15 s cold).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import QueryRefused, QuerySyntaxError
from .interface import KINDS

CHECK_FORMAT = "2"  # bump when check_query changes, so that remembered verdicts are forgotten


def checked_kind(sparql: str) -> str:
    """check_query, remembered in the cache: only safe verdicts are kept, each with its whole text."""
    from .. import __version__
    from .cache import cache_dir, recall, remember

    folder = cache_dir() / "checked"
    text = f"{__version__}\0{CHECK_FORMAT}\0{sparql}"
    known = recall(folder, text)
    if known in KINDS.values():
        return str(known)
    kind = check_query(sparql)
    remember(folder, text, kind)
    return kind


def check_query(sparql: str) -> str:
    """The query's kind (SELECT, ASK, CONSTRUCT, DESCRIBE) once it is known to be safe to run.

    Raises QuerySyntaxError with the line and column in `sparql` itself (prefixes are passed
    to the engines, never prepended), and QueryRefused for updates, SERVICE, FROM, FROM NAMED.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(sparql)
    except ParseException as exc:
        try:
            update = parseUpdate(sparql)
        except ParseException:
            found = str(exc).split("  (at char")[0]  # "Expected ..., found '...'"
            raise QuerySyntaxError(f"syntax error at line {exc.lineno}, column {exc.col}: {found}", exc.lineno, exc.col) from None
        if "request" not in update:  # an empty update: nothing but comments, PREFIX and BASE
            raise QuerySyntaxError("the query holds only comments or PREFIX/BASE lines: write a SELECT, ASK, "
                                   "CONSTRUCT or DESCRIBE after them") from None
        raise QueryRefused("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: queries are read-only") from None
    except RecursionError:
        raise QuerySyntaxError("the query is nested too deeply to read (groups or brackets within each other, "
                               "dozens deep); write it with fewer levels") from None
    names = set(part_names(tree))
    if "ServiceGraphPattern" in names:
        raise QueryRefused("SERVICE is refused: a query never reaches the network")
    if "DatasetClause" in names:
        raise QueryRefused(
            "FROM and FROM NAMED are refused: a query reads only the loaded reports (use GRAPH <...> { } to pick one)"
        )
    return KINDS[tree[1].name]


def part_names(tree: Any) -> Iterator[str]:
    """The names of every part of an rdflib parse tree (CompValues are dicts, groups are lists)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, CompValue):
            yield node.name
            todo.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            todo.extend(node)
