"""The compiled store: the Turtle parsed once into an on-disk Oxigraph store, reused until it changes.

A store lives in `<cache>/store-<key>`, where the key hashes the content of the ontology and
every report's Turtle, the package version and the build format. A command whose data has not
changed opens that store instead of parsing Turtle; it finds it from the files' sizes and
modification times (remembered in `<cache>/keys/`), so that it reads no data file either.
A store is built in a temporary folder and renamed into place, so an interrupted build leaves
the previous store as it was; a store whose manifest does not match its files is deleted and
rebuilt, never trusted.

Like `oscb_graph.load()`, each report is a named graph, the ontology another, and the
superclass types that rdfs:subClassOf implies for each graph's nodes go into a graph beside it
(prefixes.inferred_graph). The store's default graph holds the union of them all as a set:
Oxigraph's own union of named graphs would repeat a triple that two reports both state (every
report labels Thames Valley Police), and counts would differ from rdflib's. `--source` queries
one report's graph with its implied types and the ontology with its own.
"""
from __future__ import annotations

import json
import os
import time
import zlib
from pathlib import Path
from typing import NamedTuple

from . import __version__
from .errors import DataError
from .prefixes import ONTOLOGY, inferred_graph
from .sources import ReportFolder, ontology_files

CACHE_ENV = "OSCB_GRAPH_CACHE"
BUILD_FORMAT = "5"  # bump when the way a store is built changes
MANIFEST = "oscb-graph-store.json"
KEEP_STORES = 4  # stores for other data sets (other --data folders) kept beside the current one
CHUNK_BYTES = 48 << 20  # N-Quads handed to each bulk load: bounds the build's memory

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


class Built(NamedTuple):
    """A store ready to open, with what its manifest says it holds."""

    path: Path
    reports: dict[str, str]  # report name -> graph IRI
    triples: int
    seconds: float | None  # the build's time, or None when the store was already there


def cache_dir() -> Path:
    """$OSCB_GRAPH_CACHE, else $XDG_CACHE_HOME/oscb-graph, else ~/.cache/oscb-graph."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "oscb-graph"


def graph_files(folders: list[ReportFolder]) -> list[tuple[str, Path]]:
    """(graph IRI, Turtle file) for the ontology and each report, in load order."""
    pairs = [(ONTOLOGY, path) for path in ontology_files()]
    seen: dict[str, Path] = {}
    for folder in folders:
        if not folder.path.is_dir():
            raise DataError(f"{folder.path}: no such report folder; check the --data path")
        if seen.get(folder.name) == folder.path:
            continue  # the same folder named twice (bundled and --data, say) is one report
        if folder.name in seen:
            raise DataError(
                f"{folder.path}: another report folder is also called {folder.name!r} ({seen[folder.name]}); "
                "each report's folder name names its graph, so rename one"
            )
        seen[folder.name] = folder.path
        pairs += [(folder.graph_iri, path) for path in folder.turtle_files]
    return pairs


def fingerprint(pairs: list[tuple[str, Path]]) -> str:
    """The files' graphs, paths, sizes and modification times: cheap to take, and changes whenever they do."""
    lines = [f"{__version__}|{BUILD_FORMAT}"]
    for graph, path in pairs:
        try:
            st = os.stat(path)
        except OSError as exc:
            raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
        lines.append(f"{graph}\t{path}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ino}")
    return "\n".join(lines)


def content_key(pairs: list[tuple[str, Path]]) -> str:
    """A hash of everything a store is built from: file contents, graph names, versions."""
    import hashlib

    import pyoxigraph

    digest = hashlib.sha256(f"{__version__}|{BUILD_FORMAT}|{pyoxigraph.__version__}".encode())
    for graph, path in pairs:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
        digest.update(f"\0{graph}\0{path.name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.hexdigest()[:32]


def compiled(folders: list[ReportFolder], rebuild: bool = False) -> Built:
    """An up-to-date compiled store for these reports, built if the data changed (or `rebuild`)."""
    pairs = graph_files(folders)
    root = cache_dir()
    stamp = fingerprint(pairs)
    if not rebuild:
        known = read_manifest(root / f"store-{recall(root / 'keys', stamp)}")
        if known:
            return known
    key = content_key(pairs)
    path = root / f"store-{key}"
    found = None if rebuild else read_manifest(path, key)
    if found is None:
        found = build(pairs, key, root, {f.name: f.graph_iri for f in folders})
        prune(root, keep=path)
    remember(root / "keys", stamp, key)
    return found


def memo_path(folder: Path, text: str) -> Path:
    return folder / f"{zlib.crc32(text.encode()):08x}-{len(text)}"


def recall(folder: Path, text: str) -> str | None:
    """What remember() kept for exactly this `text` in `folder`, or None.

    Memos are named by a cheap checksum and hold the whole text, which is compared, so
    that neither a collision nor a half-written file can be mistaken for an answer (and
    no cryptographic hash, a few milliseconds to import, is needed on the fast path).
    """
    try:
        value, _, kept = memo_path(folder, text).read_text(encoding="utf-8").partition("\n")
    except (OSError, ValueError):
        return None
    return value if kept == text else None


def remember(folder: Path, text: str, value: str) -> None:
    write_atomically(memo_path(folder, text), f"{value}\n{text}")


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
        return Built(path, dict(manifest["reports"]), int(manifest["triples"]), None)
    except (OSError, ValueError, AttributeError, KeyError, TypeError):
        return None


def build(pairs: list[tuple[str, Path]], key: str, root: Path, reports: dict[str, str]) -> Built:
    """Parse every file into a new store in a temporary folder, then rename it into place."""
    import shutil
    import tempfile

    import pyoxigraph as ox

    started = time.perf_counter()
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"building-{os.getpid()}-", dir=root))
    except OSError as exc:
        raise DataError(f"{root}: cannot create the cache folder ({exc.strerror}); set {CACHE_ENV} to a writable folder") from exc
    try:
        store = ox.Store(str(tmp / "store"))
        quads = NQuads(pairs)
        for chunk in quads:  # checked when parsed from Turtle; lenient skips checking our own output again
            store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
        if quads.needs_second_pass:
            add_superclass_types(store, sorted({graph for graph, _ in pairs}))
        store.flush()  # memtables to table files, so that no reader replays a write-ahead log
        store.optimize()
        triples = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
        write_names(store, tmp / "store")
        del store  # closes RocksDB before the manifest records its files
        manifest = {"key": key, "reports": reports, "triples": triples, "files": store_files(tmp / "store")}
        if not write_atomically(tmp / "store" / MANIFEST, json.dumps(manifest)):
            raise OSError(f"cannot write {tmp / 'store' / MANIFEST}")
        replace_store(tmp / "store", root / f"store-{key}", key)
    except OSError as exc:
        raise DataError(f"{root}: cannot build the compiled store ({exc}); set {CACHE_ENV} to a writable folder") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Built(root / f"store-{key}", reports, triples, time.perf_counter() - started)


def write_names(store, folder: Path) -> None:
    """The store's name index (oscb_graph.names.NAME_FILE) in its folder, listed in its manifest with its files."""
    from .names import NAME_FILE, NAMES_QUERY, write_name_file

    def plain(row):
        node, name, tier, cls, label = (None if row[v] is None else row[v].value for v in ("node", "name", "tier", "class", "label"))
        return node, name, int(tier), cls, label

    write_name_file(folder / NAME_FILE, (plain(row) for row in store.query(NAMES_QUERY)))


def replace_store(new: Path, path: Path, key: str) -> None:
    """Rename the finished store `new` to `path`; one there already is moved aside first, then deleted."""
    if path.is_dir():
        discard(path)
    try:
        new.rename(path)
    except OSError:
        if read_manifest(path, key) is None:  # not another process's finished build of the same data
            raise


class NQuads:
    """Every file's triples as N-Quads, each twice (its named graph, the default graph), in chunks.

    Iterating yields the chunks. Beside each rdf:type, the superclass types that the
    ontology's rdfs:subClassOf implies are written into the graph's inferred graph
    (prefixes.inferred_graph) and the default graph, so
    no second pass over the data is needed; `needs_second_pass` is set when a report declares
    rdfs:subClassOf itself or an axiom names a blank node, and then add_superclass_types must
    run over the built store. Terms are kept in their N-Triples form.
    Each file is parsed once, so a blank node keeps one identity in every copy; a chunk
    holds whole files, because a bulk load gives blank nodes new names per call.
    """

    def __init__(self, pairs: list[tuple[str, Path]]):
        self.pairs = pairs
        self.needs_second_pass = False

    def __iter__(self):
        import io

        buffer = io.StringIO()
        axioms: list[tuple[str, str]] = []
        ontology_types: list[tuple[str, str]] = []
        supers: dict[str, set[str]] | None = None
        for graph, path in self.pairs:
            if supers is None and graph != ONTOLOGY:  # the ontology is read: its axioms are known
                supers = superclasses(axioms)
                for node, cls in ontology_types:
                    write_inferred(buffer, node, supers.get(cls, ()), inferred_graph(ONTOLOGY))
            named = f" <{graph}> .\n"
            for t in parse_file(path):
                spo = str(t)
                buffer.write(spo + named)
                buffer.write(spo + " .\n")
                predicate = t.predicate.value
                if predicate == RDF_TYPE:
                    if supers is None:
                        ontology_types.append((str(t.subject), str(t.object)))
                    else:
                        write_inferred(buffer, str(t.subject), supers.get(str(t.object), ()), inferred_graph(graph))
                elif predicate == SUBCLASS_OF:
                    axioms.append((str(t.subject), str(t.object)))
                    self.needs_second_pass |= supers is not None or "_:" in axioms[-1][0][:2] + axioms[-1][1][:2]
            if buffer.tell() >= CHUNK_BYTES:
                yield buffer.getvalue().encode()
                buffer = io.StringIO()
        if supers is None:  # no reports at all
            for node, cls in ontology_types:
                write_inferred(buffer, node, superclasses(axioms).get(cls, ()), inferred_graph(ONTOLOGY))
        if buffer.tell():
            yield buffer.getvalue().encode()


def parse_file(path: Path) -> list:
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
    from .inference import implied_types

    classes = {sub for sub, _ in axioms}
    closure: dict[str, set[str]] = {}
    for cls, sup in implied_types(axioms, [(c, c) for c in classes]):
        closure.setdefault(cls, set()).add(sup)
    return closure


def write_inferred(buffer, node: str, sups, inferred: str) -> None:
    """N-Quads typing `node` with each of `sups` (N-Triples forms), in the graph `inferred` and the default graph."""
    for sup in sups:
        typed = f"{node} <{RDF_TYPE}> {sup}"
        buffer.write(f"{typed} <{inferred}> .\n{typed} .\n")


def add_superclass_types(store, graphs: list[str]) -> None:
    """Materialise rdf:type for every superclass (transitively) into each graph's inferred graph, as the loader does.

    Needed only when NQuads could not do it while parsing (see NQuads.needs_second_pass).
    """
    import pyoxigraph as ox

    from .inference import implied_types

    rdf_type, default = ox.NamedNode(RDF_TYPE), ox.DefaultGraph()
    subclass_of = {(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(SUBCLASS_OF), None, default)}
    for graph in graphs:
        typed = {(q.subject, q.object) for q in store.quads_for_pattern(None, rdf_type, None, ox.NamedNode(graph))}
        inferred = ox.NamedNode(inferred_graph(graph))
        store.bulk_extend(
            ox.Quad(node, rdf_type, sup, g) for node, sup in implied_types(subclass_of, typed) for g in (inferred, default)
        )


def write_atomically(path: Path, text: str) -> bool:
    """Write a small cache file by rename, so readers see all of it or none; False if it cannot."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".writing-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
        return True
    except OSError:
        return False


def discard(path: Path) -> None:
    """Move a bad store aside first, so that no reader ever opens it half-deleted."""
    import shutil

    doomed = path.with_name(f"discarded-{os.getpid()}-{path.name}")
    try:
        path.rename(doomed)
    except OSError:
        return
    shutil.rmtree(doomed, ignore_errors=True)


def prune(root: Path, keep: Path) -> None:
    """Delete all but the most recently used stores, their memos, and what killed builds left behind."""
    import shutil

    stores = sorted(root.glob("store-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in stores if p != keep][KEEP_STORES - 1:]:
        discard(old)
    for memo in root.glob("keys/*"):
        key = memo.read_text(encoding="utf-8").partition("\n")[0] if memo.is_file() else ""
        if not (root / f"store-{key}").is_dir():
            memo.unlink(missing_ok=True)
    for left in [*root.glob("building-*"), *root.glob("discarded-*")]:
        pid = left.name.split("-")[1]
        if pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(left, ignore_errors=True)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
