"""Run a read-only SPARQL query over the graph, whichever engine holds it.

`open_store()` gives the compiled Oxigraph store (see store_cache) or, for notebooks and
for checking one engine against the other, rdflib's in-memory Dataset; both answer
`store.query(sparql)` with a QueryResult whose terms are rdflib terms, so that formatters
and commands never depend on the engine.

Every query is first parsed with rdflib's SPARQL parser and refused if it is an update or names
a SERVICE, FROM or FROM NAMED: both engines would follow such IRIs onto the network (Oxigraph
and rdflib each fetch SERVICE endpoints; Oxigraph's LOAD too). Neither engine can be stopped
from inside a thread, so a query with a time limit runs in a forked child that is killed when
the limit passes; the child sends its answer back as SPARQL JSON or N-Triples.

    store = open_store()
    result = store.query("SELECT ?n WHERE { ?r oscb:number ?n }")
    result.vars, result.rows
"""
from __future__ import annotations

import json
import os
import re
import select
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .errors import DataError, OscbError, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout
from .namespaces import PREFIXES

if TYPE_CHECKING:
    from rdflib import Dataset, Graph
    from rdflib.term import Node

__all__ = [
    "open_store", "OxigraphStore", "RdflibStore", "QueryResult", "check_query",
    "DataError", "QueryError", "QuerySyntaxError", "QueryRefused", "QueryTimeout",
]

DEFAULT_TIMEOUT = 10.0
KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass
class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    graph: Graph | None = None

    @classmethod
    def from_rows(cls, vars: list[str], rows: list[tuple[Any, ...]]) -> QueryResult:
        """A SELECT-kind result built by hand; plain Python values become rdflib Literals."""
        from rdflib import Literal
        from rdflib.term import Node

        def term(value: Any) -> Node | None:
            return value if value is None or isinstance(value, Node) else Literal(value)

        return cls("SELECT", list(vars), [tuple(term(v) for v in row) for row in rows])

    @property
    def is_empty(self) -> bool:
        if self.kind == "SELECT":
            return not self.rows
        if self.kind == "ASK":
            return False
        return self.graph is None or len(self.graph) == 0


def open_store(data: list[str | Path] | None = None, engine: str = "oxigraph") -> OxigraphStore | RdflibStore:
    """The ontology, the bundled report and the report folders in `data`, ready to query.

    engine="oxigraph" (the default) opens the compiled store, building it only if the data
    changed; engine="rdflib" parses the Turtle into memory with oscb_graph.load().
    """
    if engine == "oxigraph":
        from .store_cache import store_path

        return OxigraphStore(store_path(data), data)
    if engine == "rdflib":
        from .loader import DataError as LoadError
        from .loader import load

        try:
            return RdflibStore(load(data))
        except LoadError as exc:
            raise DataError(str(exc)) from exc
    raise ValueError(f"unknown engine {engine!r}; use 'oxigraph' or 'rdflib'")


class _Store:
    """What both engines share: the safety check, the time limit and decoding the answer."""

    def query(self, sparql: str, timeout: float | None = DEFAULT_TIMEOUT, bindings: dict[str, Any] | None = None) -> QueryResult:
        """Run a read-only query; PREFIXES are declared; `bindings` pre-binds variables by name."""
        kind = checked_kind(sparql)
        payload = run_bounded(lambda: self._answer(sparql, kind, bindings or {}), timeout)
        return decode(kind, payload)

    def _answer(self, sparql: str, kind: str, bindings: dict[str, Any]) -> bytes:
        raise NotImplementedError


class StoreUnreadable(DataError):
    """RocksDB found the compiled store damaged while reading it."""


class OxigraphStore(_Store):
    """The compiled on-disk store; the default graph is the union of all graphs."""

    def __init__(self, path: Path, data: list[str | Path] | None = None):
        self.path = path
        self.data = data

    def query(self, sparql: str, timeout: float | None = DEFAULT_TIMEOUT, bindings: dict[str, Any] | None = None) -> QueryResult:
        """As _Store.query; a store found damaged while reading is deleted, rebuilt, and asked again."""
        try:
            return super().query(sparql, timeout, bindings)
        except StoreUnreadable:
            from .store_cache import discard, store_path

            discard(self.path)
            self.path = store_path(self.data)
            return super().query(sparql, timeout, bindings)

    def _answer(self, sparql: str, kind: str, bindings: dict[str, Any]) -> bytes:
        """The answer serialised; `bindings` substitute projected variables only (Oxigraph's rule)."""
        import pyoxigraph as ox

        try:
            store = ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged store as either
            raise StoreUnreadable(f"{self.path}: cannot open the compiled store ({exc})") from exc
        try:
            answer = store.query(
                sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
                substitutions={ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()},
            )
            if kind in ("SELECT", "ASK"):
                return answer.serialize(format=ox.QueryResultsFormat.JSON)
            return answer.serialize(format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise syntax_error(str(exc), sparql) from exc
        except (OSError, RuntimeError) as exc:
            if "SELECT projection" in str(exc):
                raise QueryError(
                    f"a parameter must be a variable of the SELECT clause ({exc}); list it there or use SELECT *"
                ) from exc
            if isinstance(exc, OSError) or "orruption" in str(exc):
                raise StoreUnreadable(f"{self.path}: cannot read the compiled store ({exc})") from exc
            raise QueryError(f"the query failed: {exc}") from exc


class RdflibStore(_Store):
    """rdflib's in-memory Dataset, as oscb_graph.load() builds it."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset

    def _answer(self, sparql: str, kind: str, bindings: dict[str, Any]) -> bytes:
        from rdflib import Variable

        answer = self.dataset.query(
            sparql, initNs=PREFIXES, initBindings={Variable(k): to_rdflib(v) for k, v in bindings.items()}
        )
        if kind in ("SELECT", "ASK"):
            return answer.serialize(format="json")
        return answer.graph.serialize(format="nt", encoding="utf-8")


CHECK_FORMAT = "1"  # bump when check_query changes, so that remembered verdicts are forgotten


def checked_kind(sparql: str) -> str:
    """check_query, remembered in the cache: a text once found safe is not parsed again.

    Parsing costs rdflib's SPARQL parser (~0.15 s cold), which a command running the same
    canned query each time need not pay. Only safe verdicts are kept; a file that does not
    hold a known kind is ignored and rewritten.
    """
    import hashlib

    from . import __version__
    from .store_cache import cache_dir, write_atomically

    digest = hashlib.sha256(f"{__version__}\0{CHECK_FORMAT}\0{sparql}".encode()).hexdigest()
    path = cache_dir() / "checked" / digest
    try:
        kind = path.read_text(encoding="ascii")
        if kind in KINDS.values():
            return kind
    except (OSError, ValueError):
        pass
    kind = check_query(sparql)
    write_atomically(path, kind)
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
            parseUpdate(sparql)
        except ParseException:
            found = str(exc).split("  (at char")[0]  # "Expected ..., found '...'"
            raise QuerySyntaxError(f"syntax error at line {exc.lineno}, column {exc.col}: {found}", exc.lineno, exc.col) from None
        raise QueryRefused("SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused: queries are read-only") from None
    names = set(part_names(tree))
    if "ServiceGraphPattern" in names:
        raise QueryRefused("SERVICE is refused: a query never reaches the network")
    if "DatasetClause" in names:
        raise QueryRefused(
            "FROM and FROM NAMED are refused: a query reads only the loaded reports (use GRAPH <...> { } to pick one)"
        )
    return KINDS[tree[1].name]


def part_names(tree: Any):
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


def syntax_error(message: str, sparql: str) -> QuerySyntaxError:
    """Oxigraph's syntax error, made readable: its position, and its own words when it has some."""
    found = re.search(r"(\d+):(\d+)", message)
    if not found:
        return QuerySyntaxError(f"syntax error: {message.splitlines()[0]}")
    line, column = int(found[1]), int(found[2])
    detail = message[found.end():].lstrip(": ")
    if "Prefix not found" in detail:  # Oxigraph points just past the prefixed name
        before = sparql.splitlines()[line - 1][: column - 1] if line <= len(sparql.splitlines()) else ""
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
        if name:
            column = name.start() + 1
            prefix = name[1] or ""
            return QuerySyntaxError(
                f"unknown prefix '{prefix}:' at line {line}, column {column}; declare it with PREFIX {prefix}: <...>",
                line, column,
            )
    sentences = re.findall(r"(?:^|, |of )([A-Z][a-z]+(?: [^ ,\[\]'\"]+)+)", detail)  # among the grammar's tokens
    if sentences:
        detail = "; ".join(sentences)
    elif len(detail) > 160 or "\n" in detail:
        detail = detail.splitlines()[0][:160].rsplit(",", 1)[0] + ", ..."
    return QuerySyntaxError(f"syntax error at line {line}, column {column}: {detail}", line, column)


def to_rdflib(value: Any) -> Node:
    from rdflib import Literal
    from rdflib.term import Node

    return value if isinstance(value, Node) else Literal(value)


def to_oxigraph(value: Any):
    import pyoxigraph as ox
    from rdflib import BNode, URIRef

    term = to_rdflib(value)
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def decode(kind: str, payload: bytes) -> QueryResult:
    if kind == "SELECT":
        from .results_json import select_from_json

        vars, rows = select_from_json(json.loads(payload))
        return QueryResult(kind, vars, rows)
    if kind == "ASK":
        return QueryResult(kind, boolean=bool(json.loads(payload)["boolean"]))
    from rdflib import Graph

    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.parse(data=payload.decode("utf-8"), format="nt")
    return QueryResult(kind, graph=graph)


# -- Running with a time limit ------------------------------------------------------------

ERROR_TYPES = {cls.__name__: cls for cls in (DataError, StoreUnreadable, QueryError, QuerySyntaxError, QueryRefused, QueryTimeout)}


def run_bounded(work: Callable[[], bytes], timeout: float | None) -> bytes:
    """work() in a child process killed after `timeout` seconds (None: no limit, in-process)."""
    if timeout is None:
        return work()
    if not hasattr(os, "fork"):
        return run_in_thread(work, timeout)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: answer, write, and leave without running any cleanup of the parent's
        os.close(read_fd)
        try:
            payload = b"ok\n" + work()
        except OscbError as exc:
            payload = b"error\n" + json.dumps([type(exc).__name__, str(exc), getattr(exc, "line", None), getattr(exc, "column", None)]).encode()
        except BaseException as exc:  # an engine failure: report it as one line, not a traceback
            payload = b"error\n" + json.dumps(["QueryError", f"the query failed: {type(exc).__name__}: {exc}", None, None]).encode()
        try:
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        payload = read_until(read_fd, pid, timeout)
    finally:
        os.close(read_fd)
    status, _, body = payload.partition(b"\n")
    if status == b"ok":
        return body
    if status == b"error":
        name, message, line, column = json.loads(body)
        if name == "QuerySyntaxError":
            raise QuerySyntaxError(message, line, column)
        raise ERROR_TYPES.get(name, QueryError)(message)
    raise QueryError("the query engine stopped without an answer")


def read_until(fd: int, pid: int, timeout: float) -> bytes:
    """Everything the child writes, or QueryTimeout (and the child killed) once time is up."""
    deadline = time.monotonic() + timeout
    chunks = []
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                raise QueryTimeout(stopped_message(timeout))
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        os.waitpid(pid, 0)


def run_in_thread(work: Callable[[], bytes], timeout: float) -> bytes:
    """Where there is no fork: the query runs in a daemon thread that is abandoned at the limit."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["payload"] = work()
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise QueryTimeout(stopped_message(timeout))
    if "error" in box:
        raise box["error"]
    return box["payload"]


def stopped_message(timeout: float) -> str:
    return f"the query was stopped after {timeout:g} s; make it more selective or raise --timeout"
