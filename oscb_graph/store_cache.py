"""The compiled store: the Turtle parsed once into an on-disk Oxigraph store, reused until it changes.

A store lives in `<cache>/store-<key>`, where the key hashes the content of the ontology and
every report's Turtle, the package version and the build format. A command whose data has not
changed opens that store instead of parsing Turtle. A store is built in a temporary folder and
renamed into place, so an interrupted build leaves nothing half-made; a store whose manifest
does not match its files is deleted and rebuilt, never trusted.

Like `oscb_graph.load()`, each report is a named graph, the ontology another, and the
superclass types that rdfs:subClassOf implies a third, so queries over the union see the same
triples as the rdflib Dataset.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from . import __version__
from .errors import DataError
from .sources import ReportFolder, ontology_files, report_folders

CACHE_ENV = "OSCB_GRAPH_CACHE"
BUILD_FORMAT = "1"  # bump when the way a store is built changes
MANIFEST = "oscb-graph-store.json"
KEEP_STORES = 4  # stores for other data sets (other --data folders) kept beside the current one

ONTOLOGY_GRAPH = "https://w3id.org/oscb-graph/ontology"
INFERRED_GRAPH = "https://w3id.org/oscb-graph/id/inferred"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"


def cache_dir() -> Path:
    """$OSCB_GRAPH_CACHE, else $XDG_CACHE_HOME/oscb-graph, else ~/.cache/oscb-graph."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "oscb-graph"


def graph_files(folders: list[ReportFolder]) -> list[tuple[str, Path]]:
    """(graph IRI, Turtle file) for the ontology and each report, in load order."""
    pairs = [(ONTOLOGY_GRAPH, path) for path in ontology_files()]
    for folder in folders:
        if not folder.path.is_dir():
            raise DataError(f"{folder.path}: no such report folder; check the --data path")
        pairs += [(folder.graph_iri, path) for path in folder.turtle_files]
    return pairs


def content_key(pairs: list[tuple[str, Path]]) -> str:
    """A hash of everything a store is built from: file contents, graph names, versions."""
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


def store_path(data: list[str | Path] | None = None) -> Path:
    """The folder of an up-to-date compiled store for these reports, built if needed."""
    pairs = graph_files(report_folders(data))
    key = content_key(pairs)
    root = cache_dir()
    path = root / f"store-{key}"
    if path.is_dir():
        if manifest_matches(path, key):
            return path
        discard(path)
    build(pairs, key, root)
    prune(root, keep=path)
    return path


def store_files(path: Path) -> dict[str, int]:
    """Sizes of the store's data files (RocksDB's own LOG and LOCK files change on every open)."""
    return {
        p.name: p.stat().st_size
        for p in sorted(path.iterdir())
        if p.is_file() and p.name != MANIFEST and not p.name.startswith(("LOG", "LOCK"))
    }


def manifest_matches(path: Path, key: str) -> bool:
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        return manifest.get("key") == key and manifest.get("files") == store_files(path)
    except (OSError, ValueError, AttributeError):
        return False


def build(pairs: list[tuple[str, Path]], key: str, root: Path) -> None:
    """Parse every file into a new store in a temporary folder, then rename it into place."""
    import pyoxigraph as ox

    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    except OSError as exc:
        raise DataError(f"{root}: cannot create the cache folder ({exc.strerror}); set {CACHE_ENV} to a writable folder") from exc
    try:
        store = ox.Store(str(tmp / "store"))
        for graph, path in pairs:
            try:
                store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
            except SyntaxError as exc:
                raise DataError(f"{path}: {exc}") from exc
        add_superclass_types(store)
        store.flush()
        del store  # closes RocksDB before the manifest records its files
        if not write_atomically(tmp / "store" / MANIFEST, json.dumps({"key": key, "files": store_files(tmp / "store")})):
            raise OSError(f"cannot write {tmp / 'store' / MANIFEST}")
        try:
            (tmp / "store").rename(root / f"store-{key}")
        except OSError:
            if not manifest_matches(root / f"store-{key}", key):  # not another process's finished build
                raise
    except OSError as exc:
        raise DataError(f"{root}: cannot build the compiled store ({exc}); set {CACHE_ENV} to a writable folder") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def add_superclass_types(store) -> None:
    """Materialise rdf:type for every superclass (transitively) into INFERRED_GRAPH, as the loader does."""
    import pyoxigraph as ox

    from .inference import implied_types

    rdf_type = ox.NamedNode(RDF_TYPE)
    subclass_of = {(q.subject, q.object) for q in store.quads_for_pattern(None, ox.NamedNode(SUBCLASS_OF), None, None)}
    typed = {(q.subject, q.object) for q in store.quads_for_pattern(None, rdf_type, None, None)}
    inferred = ox.NamedNode(INFERRED_GRAPH)
    store.extend([ox.Quad(node, rdf_type, sup, inferred) for node, sup in implied_types(subclass_of, typed)])


def write_atomically(path: Path, text: str) -> bool:
    """Write a small cache file by rename, so readers see all of it or none; False if it cannot."""
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
    doomed = path.with_name(f"discarded-{os.getpid()}-{path.name}")
    try:
        path.rename(doomed)
    except OSError:
        return
    shutil.rmtree(doomed, ignore_errors=True)


def prune(root: Path, keep: Path) -> None:
    """Delete all but the most recently used stores (other data sets), keeping `keep`."""
    stores = sorted(root.glob("store-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in stores if p != keep][KEEP_STORES - 1:]:
        discard(old)
