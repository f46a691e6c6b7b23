"""The failures oscb-graph reports to a user, each with the exit code the command line gives it.

Exit codes follow Jena's `arq`: 1 for a data or runtime problem, 2 for a bad query or bad
usage. The library raises these; `oscb_graph.commands.errors.handle_errors` turns them into
one line on stderr. This module imports nothing heavy, so that any command can use it.
"""
from __future__ import annotations


class OscbError(Exception):
    """A failure with a one-line message meant for the user, and an exit code."""

    exit_code = 1


class DataError(OscbError):
    """The data or the cache cannot be read or built; the message names the file."""

    exit_code = 1


class QueryError(OscbError):
    """A query that cannot be run as written."""

    exit_code = 2


class QuerySyntaxError(QueryError):
    """The query does not parse; the message names the line and column in the user's text."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.line = line
        self.column = column


class QueryRefused(QueryError):
    """The query would change the graph or reach the network (Update, SERVICE, FROM, LOAD)."""


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""

    exit_code = 1
