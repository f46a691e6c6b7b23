"""Run a read-only SPARQL query over the graph, whichever engine holds it.

`open_store()` gives the compiled Oxigraph store (see store_cache) or, for notebooks and
for checking one engine against the other, rdflib's in-memory Dataset; both answer
`store.query(sparql)` with a QueryResult whose terms are engine-neutral (oscb_graph.terms),
so that formatters and commands never depend on the engine and printing an answer imports
no rdflib; `result.rows` gives them as rdflib terms on first use.

Every query is first parsed with rdflib's SPARQL parser and refused if it is an update or names
a SERVICE, FROM or FROM NAMED: both engines would follow such IRIs onto the network (Oxigraph
and rdflib each fetch SERVICE endpoints; Oxigraph's LOAD too). Verdicts are remembered in the
cache, and a canned query is checked as its template (its VALUES row holds only escaped
terms). Neither engine can be stopped from inside a thread, so a query with a time limit runs
in a forked child that is killed when the limit passes; the child sends its answer back
pickled, with each distinct term pickled once (an answer of 29,000 rows repeats a few
thousand terms), which is about seven times cheaper than SPARQL JSON to write and read.

    store = open_store()
    result = store.query("SELECT ?n WHERE { ?r oscb:number ?n }")
    result.vars, result.terms
"""
from __future__ import annotations

import contextlib
import os
import pickle
import re
import select
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import (
    DataError,
    EndpointError,
    OscbError,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    UsageMistake,
    choose,
)
from .prefixes import ONTOLOGY, PREFIXES, inferred_graph
from .terms import XSD, Term

if TYPE_CHECKING:
    from rdflib import Dataset, Graph

    from .remote import EndpointStore

__all__ = [
    "open_store", "rdflib_dataset", "OxigraphStore", "RdflibStore", "QueryResult", "check_query",
    "DataError", "QueryError", "QuerySyntaxError", "QueryRefused", "QueryTimeout", "UnknownSource",
]

DEFAULT_TIMEOUT = 10.0
KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class QueryResult:
    """The answer to a query: rows of Terms for SELECT, a boolean for ASK, a graph for CONSTRUCT/DESCRIBE.

    Rows may be given as Terms, rdflib terms or plain Python values (which become literals), or
    as `terms` when they are Terms already (an engine's answer); `terms` holds them as Terms,
    `rows` as rdflib terms.
    """

    def __init__(self, kind: str, vars: list[str] | None = None, rows: list[tuple[Any, ...]] | None = None,
                 boolean: bool | None = None, graph: Graph | None = None, terms: list[tuple[Term | None, ...]] | None = None):
        self.kind = kind
        self.vars = list(vars or [])
        self.terms = terms if terms is not None else [tuple(None if t is None else Term.of(t) for t in row) for row in rows or []]
        self.boolean = boolean
        self.graph = graph
        self._rows: list[tuple] | None = None

    @classmethod
    def from_rows(cls, vars: list[str], rows: list[tuple[Any, ...]]) -> QueryResult:
        """A SELECT-kind result built by hand."""
        return cls("SELECT", vars, rows)

    @property
    def rows(self) -> list[tuple]:
        """The rows as rdflib terms (imports rdflib)."""
        if self._rows is None:
            self._rows = [tuple(None if t is None else t.to_rdflib() for t in row) for row in self.terms]
        return self._rows

    @property
    def is_empty(self) -> bool:
        if self.kind == "SELECT":
            return not self.terms
        if self.kind == "ASK":
            return False
        return self.graph is None or len(self.graph) == 0


class UnknownSource(UsageMistake):
    """--source names no loaded report."""


def open_store(data: list[str | Path] | None = None, engine: str = "oxigraph", source: str | None = None,
               endpoint: str | None = None) -> OxigraphStore | RdflibStore | EndpointStore:
    """The ontology, the bundled report and the report folders in `data`, ready to query.

    engine="oxigraph" (the default) opens the compiled store, building it only if the data
    changed; engine="rdflib" parses the Turtle into memory with oscb_graph.load(). `source`
    (a report folder's name) narrows every query to that report and the ontology, each with
    the superclass types implied for its nodes. `endpoint` (a SPARQL endpoint's URL) queries
    the reports there instead (oscb_graph.remote), and `data` is not read.
    """
    if endpoint:
        from .remote import open_endpoint

        return open_endpoint(endpoint, source)
    if engine == "oxigraph":
        from .sources import report_folders
        from .store_cache import compiled

        built = compiled(report_folders(data))
        return OxigraphStore(built.path, data, source_graph(built.reports, source))
    if engine == "rdflib":
        return RdflibStore(rdflib_dataset(data, source))
    raise ValueError(f"unknown engine {engine!r}; use 'oxigraph' or 'rdflib'")


def rdflib_dataset(data: list[str | Path] | tuple[str, ...] | None = None, source: str | None = None) -> Dataset:
    """oscb_graph.load(data); with `source` (for --source), only that report is parsed, with the ontology.

    Parsing one report instead of all keeps --source quick for the commands that work on rdflib
    (network, viz): at a thousand reports, parsing them all takes over a minute.
    """
    from .loader import load_folders
    from .sources import report_folders

    folders = report_folders(list(data or []))
    chosen = source_graph({f.name: f.graph_iri for f in folders}, source)
    if chosen:
        folders = [f for f in folders if f.graph_iri == chosen][:1]
    return load_folders(folders)


def source_graph(reports: dict[str, str], source: str | None) -> str | None:
    """The graph IRI of the report called `source` (in any case), or UnknownSource naming the nearest."""
    if source is None:
        return None
    if source not in reports:
        source = choose(source, sorted(reports), "loaded report", UnknownSource)
    return reports[source]


class _Store:
    """What both engines share: the safety check, the time limit and decoding the answer."""

    def query(self, sparql: str, timeout: float | None = DEFAULT_TIMEOUT, bindings: dict[str, Any] | None = None,
              checked_as: str | None = None) -> QueryResult:
        """Run a read-only query; PREFIXES are declared; `bindings` pre-binds variables by name.

        `checked_as` is a text already known to have the same shape (a canned query's template,
        whose VALUES row the caller filled with escaped terms); it is checked instead of `sparql`.
        """
        kind = checked_kind(checked_as or sparql)
        return answer_result(kind, run_bounded(lambda: self._answer(sparql, kind, bindings or {}), timeout))

    def _answer(self, sparql: str, kind: str, bindings: dict[str, Any]) -> Answer:
        raise NotImplementedError


# What a child sends back: (vars, rows of Terms) for SELECT, a bool for ASK, N-Triples for a graph.
Answer = tuple[list[str], list[tuple[Term | None, ...]]] | bool | bytes


class Interned(dict):
    """One Term per distinct engine term, made once and shared by every row that holds it."""

    def __init__(self, convert: Callable[[Any], Term]):
        super().__init__()
        self.convert = convert

    def __missing__(self, term: Any) -> Term | None:
        value = self[term] = None if term is None else self.convert(term)
        return value

    def rows(self, solutions: Any, width: int) -> list[tuple[Term | None, ...]]:
        return [tuple(self[solution[i]] for i in range(width)) for solution in solutions]


class StoreUnreadable(DataError):
    """RocksDB found the compiled store damaged while reading it."""


class OxigraphStore(_Store):
    """The compiled on-disk store; its default graph is the union of all graphs, as a set."""

    def __init__(self, path: Path, data: list[str | Path] | None = None, source: str | None = None):
        self.path = path
        self.data = data
        self.source = source

    def query(self, sparql: str, timeout: float | None = DEFAULT_TIMEOUT, bindings: dict[str, Any] | None = None,
              checked_as: str | None = None) -> QueryResult:
        """As _Store.query; a store found damaged while reading is deleted, rebuilt, and asked again."""
        try:
            return super().query(sparql, timeout, bindings, checked_as)
        except StoreUnreadable:
            from .sources import report_folders
            from .store_cache import compiled, discard

            discard(self.path)
            self.path = compiled(report_folders(self.data)).path
            return super().query(sparql, timeout, bindings, checked_as)

    def _answer(self, sparql: str, kind: str, bindings: dict[str, Any]) -> Answer:
        """The answer; `bindings` substitute projected variables only (Oxigraph's rule)."""
        import pyoxigraph as ox

        try:
            store = ox.Store.read_only(str(self.path))
        except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged store as either
            raise StoreUnreadable(f"{self.path}: cannot open the compiled store ({exc})") from exc
        graphs = {}
        if self.source:
            names = [ox.NamedNode(g) for g in (self.source, ONTOLOGY, inferred_graph(ONTOLOGY), inferred_graph(self.source))]
            graphs = {"default_graph": names, "named_graphs": names}
        try:
            answer = store.query(
                sparql, prefixes=PREFIXES, **graphs,
                substitutions={ox.Variable(k): to_oxigraph(Term.of(v)) for k, v in bindings.items()},
            )
            if kind == "SELECT":
                vars = [v.value for v in answer.variables]
                return vars, Interned(from_oxigraph).rows(answer, len(vars))
            if kind == "ASK":
                return bool(answer)
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

    def _answer(self, sparql: str, kind: str, bindings: dict[str, Any]) -> Answer:
        from rdflib import Variable

        answer = self.dataset.query(
            sparql, initNs=PREFIXES, initBindings={Variable(k): Term.of(v).to_rdflib() for k, v in bindings.items()}
        )
        if kind == "SELECT":
            vars = [str(v) for v in answer.vars]
            return vars, Interned(Term.of).rows(answer, len(vars))
        if kind == "ASK":
            return bool(answer.askAnswer)
        return answer.graph.serialize(format="nt", encoding="utf-8")


CHECK_FORMAT = "2"  # bump when check_query changes, so that remembered verdicts are forgotten


def checked_kind(sparql: str) -> str:
    """check_query, remembered in the cache: a text once found safe is not parsed again.

    Parsing costs rdflib's SPARQL parser (~0.15 s cold), which a command running the same
    canned query each time need not pay. Only safe verdicts are kept; a file that does not
    hold a known kind is ignored and rewritten.
    """
    from . import __version__
    from .store_cache import cache_dir, recall, remember

    folder = cache_dir() / "checked"
    text = f"{__version__}\0{CHECK_FORMAT}\0{sparql}"
    kind = recall(folder, text)
    if kind in KINDS.values():
        return kind
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


def to_oxigraph(term: Term):
    import pyoxigraph as ox

    if term.type == "uri":
        return ox.NamedNode(term.value)
    if term.type == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    return ox.Literal(term.value, datatype=ox.NamedNode(term.datatype) if term.datatype else None)


XSD_STRING = XSD + "string"


def from_oxigraph(term: Any) -> Term:
    """A Term from a pyoxigraph NamedNode, BlankNode or Literal (a plain string has no datatype, as in SPARQL JSON)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if term.language:
        return Term("literal", term.value, None, term.language)
    datatype = term.datatype.value
    return Term("literal", term.value, None if datatype == XSD_STRING else datatype)


def answer_result(kind: str, answer: Answer) -> QueryResult:
    if kind == "SELECT":
        vars, rows = answer
        return QueryResult(kind, vars, terms=rows)
    if kind == "ASK":
        return QueryResult(kind, boolean=answer)
    from rdflib import Graph

    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    graph.parse(data=answer.decode("utf-8"), format="nt")
    return QueryResult(kind, graph=graph)


# -- Running with a time limit ------------------------------------------------------------

ERROR_TYPES = {cls.__name__: cls for cls in (
    DataError, StoreUnreadable, UnknownSource, QueryError, QuerySyntaxError, QueryRefused, QueryTimeout, EndpointError)}


def run_bounded(work: Callable[[], Answer], timeout: float | None) -> Answer:
    """work() in a child process killed after `timeout` seconds (None: no limit, in-process).

    The child pickles its answer or its error for the parent; pickle is safe here because
    the bytes come from our own fork, never from outside. The child leaves every stop signal
    to the parent, which kills it on Ctrl-C, a closed terminal (SIGHUP), SIGTERM or the time
    limit, and waits for it, so that no query outlives the command; the kernel kills it too
    should the parent die without a chance to (Linux's parent-death signal).
    """
    if timeout is None:
        return work()
    if not hasattr(os, "fork"):
        return run_in_thread(work, timeout)
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: answer, write, and leave without running any cleanup of the parent's
        os.close(read_fd)
        try:
            follow_parent(parent)
            try:
                payload = pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
            except OscbError as exc:
                payload = pickle.dumps(("error", type(exc).__name__, str(exc), getattr(exc, "line", None), getattr(exc, "column", None)))
            except BaseException as exc:  # an engine failure: report it as one line, not a traceback
                payload = pickle.dumps(("error", "QueryError", f"the query failed: {type(exc).__name__}: {exc}", None, None))
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    try:
        with stop_signals_raise():
            payload = read_until(read_fd, pid, timeout)
    finally:
        os.close(read_fd)
    try:
        status, *body = pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, ValueError):
        raise QueryError("the query engine stopped without an answer") from None
    if status == "ok":
        return body[0]
    name, message, line, column = body
    if name == "QuerySyntaxError":
        raise QuerySyntaxError(message, line, column)
    raise ERROR_TYPES.get(name, QueryError)(message)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def follow_parent(parent: int) -> None:
    """In the child: ignore the stop signals (the parent acts on them), and die when the parent dies."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: Linux only
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


class Stopped(SystemExit):
    """SIGTERM or SIGHUP reached the command while a query ran: exit as the signal would have."""


@contextlib.contextmanager
def stop_signals_raise():
    """While a child runs: SIGTERM and SIGHUP raise Stopped in the parent (Ctrl-C raises
    KeyboardInterrupt already), so that read_until kills the child before the command ends.
    Handlers a program set for itself are left alone, and so is any thread but the main one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Stopped(128 + signum)

    previous = {}
    for signum in STOP_SIGNALS:
        if signum != signal.SIGINT and signal.getsignal(signum) == signal.SIG_DFL:
            previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def read_until(fd: int, pid: int, timeout: float) -> bytes:
    """Everything the child writes, or QueryTimeout once time is up; whatever ends the wait
    (the time limit, Ctrl-C, a stop signal) kills the child, which is always waited for."""
    deadline = time.monotonic() + timeout
    chunks = []
    finished = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise QueryTimeout(stopped_message(timeout))
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                finished = True
                return b"".join(chunks)
            chunks.append(chunk)
    finally:
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def run_in_thread(work: Callable[[], Answer], timeout: float) -> Answer:
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
