"""The failures oscb-graph reports to a user, each with the exit code the command line gives it.

Exit codes follow Jena's `arq`: 1 for a data or runtime problem, 2 for a bad query or bad
usage; 3 when a SPARQL endpoint could not be reached or gave no usable answer (worth retrying). The library raises these; `oscb_graph.commands.errors.handle_errors` turns them into
one line on stderr. This module imports nothing heavy, so that any command can use it.

Every OscbError pickles whole (its type, message and attributes), so that a failure in the
forked child that runs a query (oscb_graph.store.timelimit) is raised again in the parent as
itself, whatever its type, with no list of types kept by hand.
"""
from __future__ import annotations

from typing import Any


def _rebuilt(cls: type[OscbError], message: str, state: dict[str, Any]) -> OscbError:
    """An error as it was pickled, without calling its __init__ (whose arguments may differ)."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


class OscbError(Exception):
    """A failure with a one-line message meant for the user, and an exit code."""

    exit_code = 1

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuilt, (type(self), str(self), self.__dict__)


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


class UsageMistake(OscbError):
    """A value the user gave that names nothing there is (a choice, a number, a folder); exit 2 as click's usage errors."""

    exit_code = 2


class UnknownSource(UsageMistake):
    """--source names no loaded report."""


SHOWN_INPUT = 80  # characters of what the user typed that a message repeats


def brief(text: object, limit: int = SHOWN_INPUT) -> str:
    """The user's text quoted as repr() does, cut to about `limit` characters with an ellipsis."""
    text = str(text)
    if len(text) <= limit:
        return repr(text)
    return repr(text[: limit - 1]) + "\u2026"


def _brief_match(found) -> str:
    quote, body = found[0][0], found[0][1:-1]
    return f"{quote}{body[: SHOWN_INPUT - 1]}\u2026{quote}"


def briefer(message: str) -> str:
    """`message` with every quoted stretch longer than SHOWN_INPUT cut short: the last guard, for
    messages built by click or a library from what the user typed."""
    import re

    return re.sub(r"'[^'\n]{%d,}'|\"[^\"\n]{%d,}\"" % (SHOWN_INPUT + 1, SHOWN_INPUT + 1), _brief_match, message)


def choose(value: str, choices: list[str] | tuple[str, ...], what: str, error: type[OscbError] = UsageMistake) -> str:
    """The one of `choices` that `value` names, in any case; else `error` naming the nearest or them all.

    `what` names a choice in the singular ("flow kind"), for the message.
    """
    import difflib

    by_fold = {c.casefold(): c for c in choices}
    found = by_fold.get(value.strip().casefold())
    if found is not None:
        return found
    near = difflib.get_close_matches(value.strip().casefold(), list(by_fold), n=1, cutoff=0.6)
    listed = ", ".join(sorted(choices))
    if len(listed) > 160:
        listed = listed[:160].rsplit(", ", 1)[0] + ", ..."
    hint = f"did you mean {by_fold[near[0]]!r}? " if near else ""
    raise error(f"no {what} is called {brief(value)}; {hint}the {what}s are: {listed or 'none'}")


class EndpointError(OscbError):
    """A SPARQL endpoint that cannot be reached, fails, or answers with something other than results."""

    exit_code = 3
