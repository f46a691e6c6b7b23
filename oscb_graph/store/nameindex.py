"""The name index written beside a compiled store's files: normalised name -> the rows of the nodes that bear it.

Indexing every name of a thousand reports takes seconds; this SQLite file, written once when
the store is built from oscb_graph.names.NAMES_QUERY, gives a name's nodes at once. Engines
read it through `Store.name_rows`; oscb_graph.names resolves names from those rows.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .interface import NameRow

if TYPE_CHECKING:
    import sqlite3

NAME_FILE = "names.sqlite"


def write_name_file(path: Path, rows: Iterable[NameRow]) -> None:
    """Save NAMES_QUERY's rows keyed by each name's and each IRI's last segment's normal form."""
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TABLE rows (iri TEXT, name TEXT, tier INTEGER, class TEXT, label TEXT)")
            connection.execute("CREATE TABLE names (key TEXT, iri TEXT)")
            add_rows(connection, rows)
            connection.execute("CREATE INDEX rows_iri ON rows (iri)")
            connection.execute("CREATE INDEX names_key ON names (key)")
    finally:
        connection.close()


def replace_rows(path: Path, iris: Iterable[str], rows: Iterable[NameRow]) -> None:
    """Replace the rows of the nodes `iris` in the name file at `path` (a copy of a store's) by `rows`.

    An update (store.update) names the nodes whose names its changed reports may have changed
    and gives their rows afresh; every other node keeps its rows.
    """
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TEMP TABLE changed (iri TEXT PRIMARY KEY)")
            connection.executemany("INSERT OR IGNORE INTO changed VALUES (?)", ((iri,) for iri in iris))
            connection.execute("DELETE FROM rows WHERE iri IN (SELECT iri FROM changed)")
            connection.execute("DELETE FROM names WHERE iri IN (SELECT iri FROM changed)")
            add_rows(connection, rows)
    finally:
        connection.close()


def add_rows(connection: sqlite3.Connection, rows: Iterable[NameRow]) -> None:
    """The rows, and each under its name's and its IRI's last segment's normal form (each worked out once)."""
    from ..names import normalise, slug

    rows = list(rows)
    connection.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?)", rows)
    named = [(row[1], row[0]) for row in rows] + [(slug(iri), iri) for iri in dict.fromkeys(row[0] for row in rows)]
    normal = {name: normalise(name) for name, _ in named}  # the same names recur in report after report
    connection.executemany("INSERT INTO names VALUES (?, ?)", dict.fromkeys((normal[name], iri) for name, iri in named))


def lookup(path: Path, key: str, iri: str) -> list[NameRow]:
    """The rows of every node named `key` (normalised) or whose IRI is `iri`; sqlite3.Error if unreadable.

    Opened immutable: no journal or lock file may appear among the store's files.
    """
    import sqlite3

    connection = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        rows: list[NameRow] = connection.execute(
            "SELECT iri, name, tier, class, label FROM rows WHERE iri IN (SELECT iri FROM names WHERE key = ? UNION SELECT ?)",
            (key, iri),
        ).fetchall()
    finally:
        connection.close()
    return rows
