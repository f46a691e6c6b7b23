"""Building a compiled store: parse every Turtle file, add the implied types, write the name index and the manifest.

Like `oscb_graph.load()`, each report is a named graph, the ontology another, and the
superclass types that rdfs:subClassOf implies for each graph's nodes go into a graph beside it
(prefixes.inferred_graph). The store's default graph holds the union of them all as a set:
Oxigraph's own union of named graphs would repeat a triple that two reports both state (every
report labels Thames Valley Police), and counts would differ from rdflib's. A build writes into
the folder it is given; store.cache decides where, and moves it into place when complete.
"""
from __future__ import annotations

import io
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from .. import __version__
from ..atomic import write_atomically
from ..errors import DataError
from ..prefixes import ONTOLOGY, inferred_graph
from ..sources import ReportFolder, ontology_files
from .interface import NameRow
from .nameindex import NAME_FILE, write_name_file

if TYPE_CHECKING:
    import pyoxigraph as ox

T = TypeVar("T")
BUILD_FORMAT = "6"  # bump when the way a store is built changes
MANIFEST = "oscb-graph-store.json"
CHUNK_BYTES = 4 << 20  # N-Quads made at a time, whole files each
READ_BYTES = 1 << 20  # what Oxigraph reads from them at a time

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


class Built(NamedTuple):
    """A store ready to open, with what its manifest says it holds."""

    path: Path
    reports: dict[str, str]  # report name -> graph IRI
    triples: int
    seconds: float | None  # the build's time, or None when the store was already there
    graphs: dict[str, str] = {}  # graph IRI -> graph_digests' digest of its files
    typed_afterwards: bool = False  # add_superclass_types ran over the store (an update cannot follow it)
    updates: int = 0  # store.update's runs since the store was last compacted


def graph_files(folders: list[ReportFolder]) -> list[tuple[str, Path]]:
    """(graph IRI, Turtle file) for the ontology and each report, in load order."""
    pairs = [(ONTOLOGY, path) for path in ontology_files()]
    for folder in distinct_folders(folders):
        pairs += [(folder.graph_iri, path) for path in folder.turtle_files]
    return pairs


def distinct_folders(folders: list[ReportFolder]) -> list[ReportFolder]:
    """The folders, each once; DataError for one that is missing or that shares another's name (its graph)."""
    seen: dict[str, Path] = {}
    distinct = []
    for folder in folders:
        if not folder.listed and not folder.path.is_dir():
            raise DataError(f"{folder.path}: no such report folder; check the --data path")
        if seen.get(folder.name) == folder.path:
            continue  # the same folder named twice (bundled and --data, say) is one report
        if folder.name in seen:
            raise DataError(
                f"{folder.path}: another report folder is also called {folder.name!r} ({seen[folder.name]}); "
                "each report's folder name names its graph, so rename one"
            )
        seen[folder.name] = folder.path
        distinct.append(folder)
    return distinct


def graph_digests(pairs: list[tuple[str, Path]]) -> dict[str, str]:
    """Each graph's hash of its files' names and contents, in load order: what an update compares."""
    import hashlib

    digests: dict[str, Any] = {}
    for graph, path in pairs:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
        digest = digests.setdefault(graph, hashlib.sha256())
        digest.update(f"{path.name}\0{len(content)}\0".encode())
        digest.update(content)
    return {graph: digest.hexdigest()[:32] for graph, digest in digests.items()}


def content_key(digests: dict[str, str]) -> str:
    """A hash of everything a store is built from: each graph's name and digest, the versions."""
    import hashlib

    import pyoxigraph

    whole = hashlib.sha256(f"{__version__}|{BUILD_FORMAT}|{pyoxigraph.__version__}".encode())
    for graph, digest in digests.items():
        whole.update(f"\0{graph}\0{digest}".encode())
    return whole.hexdigest()[:32]


def store_files(path: Path) -> dict[str, int]:
    """Sizes of the store's data files (RocksDB's own LOG and LOCK files change on every open)."""
    return {
        p.name: p.stat().st_size
        for p in sorted(path.iterdir())
        if p.is_file() and p.name != MANIFEST and not p.name.startswith(("LOG", "LOCK"))
    }


def read_manifest(path: Path, key: str | None = None) -> Built | None:
    """The store at `path` if its manifest matches its files (and `key`, when given), else None."""
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("files") != store_files(path) or (key is not None and manifest.get("key") != key):
            return None
        return Built(path, dict(manifest["reports"]), int(manifest["triples"]), None, dict(manifest["graphs"]),
                     bool(manifest["typed_afterwards"]), int(manifest["updates"]))
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None


def build(pairs: list[tuple[str, Path]], digests: dict[str, str], folder: Path, reports: dict[str, str]) -> Built:
    """Parse every file into a new store in `folder` (which must not exist), with its name index and manifest.

    Raises DataError for a file that does not parse, OSError when the folder cannot be written.
    """
    import pyoxigraph as ox

    started = time.perf_counter()
    store = ox.Store(str(folder))
    quads = NQuads(pairs)
    bulk_load(store, quads)
    if quads.needs_second_pass:
        add_superclass_types(store, sorted({graph for graph, _ in pairs}))
    store.flush()  # memtables to table files, so that no reader replays a write-ahead log
    triples = while_compacting(store, lambda built: count_and_name(built, folder))
    del store  # closes RocksDB before the manifest records its files
    return write_manifest(Built(folder, reports, triples, time.perf_counter() - started, digests, quads.needs_second_pass))


def while_compacting(store: ox.Store, work: Callable[[ox.Store], T]) -> T:
    """work(store), with RocksDB compacting the store (Store.optimize) on a thread beside it.

    Both are Rust that lets go of Python's lock, so the second core compacts while the first
    reads the name index: at 1,000 reports the two took 9 s and 15 s one after the other.
    """
    failures: list[BaseException] = []

    def compact() -> None:
        try:
            store.optimize()
        except BaseException as exc:  # raised in the caller, below
            failures.append(exc)

    thread = threading.Thread(target=compact, name="oscb-graph-compact")
    thread.start()
    try:
        return work(store)
    finally:
        thread.join()  # RocksDB must be done before the store is closed or its folder removed
        if failures:
            raise failures[0]


def bulk_load(store: ox.Store, quads: Iterable[bytes]) -> None:
    """Load the N-Quads chunks in one bulk load; a DataError (or Ctrl-C) while parsing them is raised as itself."""
    import pyoxigraph as ox

    stream = ChunkReader(quads)
    try:  # checked when parsed from Turtle; lenient skips checking our own output again
        store.bulk_load(input=io.BufferedReader(stream, READ_BYTES), format=ox.RdfFormat.N_QUADS, lenient=True)
    except (OSError, SyntaxError, ValueError):
        stream.reraise()
        raise
    stream.reraise()


def write_manifest(built: Built) -> Built:
    """Record what the store in `built.path` holds, and its files (the store must be closed)."""
    manifest = {
        "key": content_key(built.graphs), "reports": built.reports, "triples": built.triples, "graphs": built.graphs,
        "typed_afterwards": built.typed_afterwards, "updates": built.updates, "files": store_files(built.path),
    }
    write_atomically(built.path / MANIFEST, json.dumps(manifest))
    return built


class ChunkReader(io.RawIOBase):
    """The chunks as one binary stream, so that the whole build is one bulk load.

    Oxigraph's bulk loader reads the stream on the calling thread (our Python parse) and
    indexes each batch of a million quads in threads of its own, which run beside the parse
    and release Python's lock. One load makes a few large table files where a load per chunk
    made many small ones that RocksDB then compacted again and again as the store grew.
    An error raised while parsing (a DataError, Ctrl-C) cannot cross Oxigraph as itself:
    it is kept, and `reraise` raises it in the caller once the load has stopped.
    """

    def __init__(self, chunks: Iterable[bytes]):
        self._chunks = iter(chunks)
        self._chunk = memoryview(b"")
        self._failure: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            while not self._chunk:
                chunk = next(self._chunks, None)
                if chunk is None:
                    return 0
                self._chunk = memoryview(chunk)
        except BaseException as exc:  # KeyboardInterrupt included: re-raised by reraise()
            self._failure = exc
            raise
        size = min(len(buffer), len(self._chunk))
        buffer[:size] = self._chunk[:size]
        self._chunk = self._chunk[size:]
        return size

    def reraise(self) -> None:
        if self._failure is not None:
            raise self._failure


def count_and_name(store: ox.Store, folder: Path) -> int:
    """The store's triple count, after writing its name index into `folder`."""
    write_names(store, folder)
    return count_triples(store)


def count_triples(store: ox.Store) -> int:
    import pyoxigraph as ox

    answer = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(answer, ox.QuerySolutions)
    count = next(iter(answer))[0]
    assert isinstance(count, ox.Literal)
    return int(count.value)


def write_names(store: ox.Store, folder: Path) -> None:
    """The store's name index (store.nameindex) in its folder, listed in its manifest with its files."""
    write_name_file(folder / NAME_FILE, name_rows(store))


def name_rows(store: ox.Store, node: str | None = None) -> Iterator[NameRow]:
    """NAMES_QUERY's rows over the store, or over one node's names (as a plain tuple each)."""
    import pyoxigraph as ox

    from ..names import NAMES_QUERY

    answer = store.query(NAMES_QUERY, substitutions={ox.Variable("node"): ox.NamedNode(node)} if node else None)
    assert isinstance(answer, ox.QuerySolutions)
    for row in answer:  # ?node ?name ?tier ?class ?label, by position: by name costs a lookup each
        iri, name, tier, cls, label = (None if term is None else term.value for term in (row[0], row[1], row[2], row[3], row[4]))
        assert iri is not None and name is not None and tier is not None
        yield iri, name, int(tier), cls, label


class NQuads:
    """Every file's triples as N-Quads, each twice (its named graph, the default graph), in chunks.

    Iterating yields the chunks. Beside each rdf:type, the superclass types that the
    ontology's rdfs:subClassOf implies are written into the graph's inferred graph
    (prefixes.inferred_graph) and the default graph, so
    no second pass over the data is needed; `needs_second_pass` is set when a report declares
    rdfs:subClassOf itself or an axiom names a blank node, and then add_superclass_types must
    run over the built store. Terms are kept in their N-Triples form.
    Each file is parsed once, so a blank node keeps one identity in every copy; the parser
    renames blank nodes, so that two files' `_:b1` stay two nodes in the one stream.
    """

    def __init__(self, pairs: list[tuple[str, Path]], parse_only: frozenset[str] = frozenset()):
        self.pairs = pairs
        self.parse_only = parse_only  # graphs read for their axioms, not written (an update's ontology)
        self.needs_second_pass = False

    def __iter__(self) -> Iterator[bytes]:
        buffer = io.StringIO()
        axioms: list[tuple[str, str]] = []
        ontology_types: list[tuple[str, str]] = []
        supers: dict[str, set[str]] | None = None
        for graph, path in self.pairs:
            if supers is None and graph != ONTOLOGY:  # the ontology is read: its axioms are known
                supers = superclasses(axioms)
                for node, cls in ontology_types:
                    write_inferred(self.target(ONTOLOGY, buffer), node, supers.get(cls, ()), inferred_graph(ONTOLOGY))
            named = f" <{graph}> .\n"
            out = self.target(graph, buffer)
            for t in parse_file(path):
                spo = str(t)
                out.write(spo + named)
                out.write(spo + " .\n")
                predicate = t.predicate.value
                if predicate == RDF_TYPE:
                    if supers is None:
                        ontology_types.append((str(t.subject), str(t.object)))
                    else:
                        write_inferred(out, str(t.subject), supers.get(str(t.object), ()), inferred_graph(graph))
                elif predicate == SUBCLASS_OF:
                    axioms.append((str(t.subject), str(t.object)))
                    self.needs_second_pass |= supers is not None or "_:" in axioms[-1][0][:2] + axioms[-1][1][:2]
            if buffer.tell() >= CHUNK_BYTES:
                yield buffer.getvalue().encode()
                buffer = io.StringIO()
        if supers is None:  # no reports at all
            for node, cls in ontology_types:
                write_inferred(self.target(ONTOLOGY, buffer), node, superclasses(axioms).get(cls, ()), inferred_graph(ONTOLOGY))
        if buffer.tell():
            yield buffer.getvalue().encode()


    def target(self, graph: str, buffer: io.TextIOBase) -> io.TextIOBase:
        return Discard() if graph in self.parse_only else buffer


class Discard(io.TextIOBase):
    """Where NQuads writes a graph it only reads."""

    def write(self, text: str) -> int:
        return len(text)


def parse_file(path: Path) -> list[ox.Quad]:
    """The triples of one Turtle file, or a DataError naming the file and the line."""
    import pyoxigraph as ox

    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, rename_blank_nodes=True))
    except SyntaxError as exc:
        raise DataError(f"{path}: {exc.msg}") from exc
    except (OSError, ValueError) as exc:
        raise DataError(f"{path}: cannot read ({exc})") from exc


def superclasses(axioms: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Each class's superclasses, transitively, as inference.implied_types works them out."""
    from ..inference import implied_types

    classes = {sub for sub, _ in axioms}
    closure: dict[str, set[str]] = {}
    for cls, sup in implied_types(axioms, [(c, c) for c in classes]):
        closure.setdefault(cls, set()).add(sup)
    return closure


def write_inferred(buffer: io.TextIOBase, node: str, sups: Iterable[str], inferred: str) -> None:
    """N-Quads typing `node` with each of `sups` (N-Triples forms), in the graph `inferred` and the default graph."""
    for sup in sups:
        typed = f"{node} <{RDF_TYPE}> {sup}"
        buffer.write(f"{typed} <{inferred}> .\n{typed} .\n")


def add_superclass_types(store: ox.Store, graphs: list[str]) -> None:
    """Materialise rdf:type for every superclass (transitively) into each graph's inferred graph, as the loader does.

    Needed only when NQuads could not do it while parsing (see NQuads.needs_second_pass).
    """
    import pyoxigraph as ox

    from ..inference import implied_types

    rdf_type, default = ox.NamedNode(RDF_TYPE), ox.DefaultGraph()
    subclass_of = {(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(SUBCLASS_OF), None, default)}
    for graph in graphs:
        typed = {(q.subject, q.object) for q in store.quads_for_pattern(None, rdf_type, None, ox.NamedNode(graph))}
        inferred = ox.NamedNode(inferred_graph(graph))
        store.bulk_extend(
            ox.Quad(node, rdf_type, sup, g)  # type: ignore[arg-type]  # subjects and types are never literals here
            for node, sup in implied_types(subclass_of, typed) for g in (inferred, default)
        )
