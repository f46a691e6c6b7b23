"""The name index written beside a compiled store's files: normalised name -> the rows of the nodes that bear it.

Indexing every name of a thousand reports takes seconds; this SQLite file, written once when
the store is built from oscb_graph.names.NAMES_QUERY, gives a name's nodes at once. Engines
read it through `Store.name_rows`; oscb_graph.names resolves names from those rows.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .interface import NameRow

NAME_FILE = "names.sqlite"


def write_name_file(path: Path, rows: Iterable[NameRow]) -> None:
    """Save NAMES_QUERY's rows keyed by each name's and each IRI's last segment's normal form."""
    import sqlite3

    from ..names import normalise, slug

    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TABLE rows (iri TEXT, name TEXT, tier INTEGER, class TEXT, label TEXT)")
            connection.execute("CREATE TABLE names (key TEXT, iri TEXT)")
            keys = set()
            for row in rows:
                connection.execute("INSERT INTO rows VALUES (?, ?, ?, ?, ?)", row)
                keys.update({(normalise(row[1]), row[0]), (normalise(slug(row[0])), row[0])})
            connection.executemany("INSERT INTO names VALUES (?, ?)", sorted(keys))
            connection.execute("CREATE INDEX rows_iri ON rows (iri)")
            connection.execute("CREATE INDEX names_key ON names (key)")
    finally:
        connection.close()


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
