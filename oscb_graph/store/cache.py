"""The cache of compiled stores: where they live, how a command finds the current one, and pruning.

A store lives in `<cache>/store-<key>`, where the key hashes the content of the ontology and
every report's Turtle, the package version and the build format (store.build). A command whose
data has not changed opens that store instead of parsing Turtle; it finds it from the files'
sizes and modification times (stamps remembered in `<cache>/keys/`), so that it reads no data
file either. A store is built in a temporary folder and renamed into place, so an interrupted
build leaves the previous store as it was; a store whose manifest does not match its files is
deleted and rebuilt, never trusted.
"""
from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..atomic import CannotWrite, write_atomically
from ..errors import DataError
from ..prefixes import ONTOLOGY
from ..sources import ReportFolder, ontology_dir, ontology_files
from .answers import answers_dir
from .build import BUILD_FORMAT, Built, build, content_key, distinct_folders, graph_digests, graph_files, read_manifest

CACHE_ENV = "OSCB_GRAPH_CACHE"
KEEP_STORES = 4  # stores for other data sets (other --data folders) kept beside the current one


def cache_dir() -> Path:
    """$OSCB_GRAPH_CACHE, else $XDG_CACHE_HOME/oscb-graph, else ~/.cache/oscb-graph."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "oscb-graph"


def fingerprint(folders: list[ReportFolder]) -> str:
    """The Turtle files' folders, names, sizes, modification times and inodes: cheap to take, and
    changes whenever they do. Taken on every command, so from strings, not Paths: at 10,000
    reports (80,000 files) Path objects alone cost more than half a second.
    """
    lines = [f"{__version__}|{BUILD_FORMAT}"]
    listed: list[tuple[str, str, Sequence[str]]] = [(ONTOLOGY, str(ontology_dir()), [p.name for p in ontology_files()])]
    listed += [(f.graph_iri, str(f.path), f.found if f.found is not None else [p.name for p in f.turtle_files])
               for f in distinct_folders(folders)]
    for graph, folder, names in listed:
        lines.append(f"{graph}\t{folder}")
        for name in names:
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError as exc:
                raise DataError(f"{os.path.join(folder, name)}: cannot read ({exc.strerror})") from exc
            lines.append(f"{name}\t{st.st_size}\t{st.st_mtime_ns}\t{st.st_ino}")
    return "\n".join(lines)


def compiled(folders: list[ReportFolder], rebuild: bool = False) -> Built:
    """An up-to-date compiled store for these reports, built if the data changed (or `rebuild`)."""
    root = cache_dir()
    stamp = fingerprint(folders)
    if not rebuild:
        known = read_manifest(root / f"store-{recall(root / 'keys', stamp)}")
        if known:
            return known
    pairs = graph_files(folders)
    digests = graph_digests(pairs)
    key = content_key(digests)
    path = root / f"store-{key}"
    found = None if rebuild else read_manifest(path, key)
    if found is None:
        found = build_in_place(pairs, digests, root, {f.name: f.graph_iri for f in folders}, update=not rebuild)
        prune(root, keep=path)
    remember(root / "keys", stamp, key)
    return found


def build_in_place(pairs: list[tuple[str, Path]], digests: dict[str, str], root: Path, reports: dict[str, str],
                   update: bool = True) -> Built:
    """Build in a temporary folder of the cache, then rename it to `store-<key>`.

    With `update`, a store already in the cache that differs in a few reports is updated
    into the new one (store.update) rather than the whole store built anew.
    """
    import shutil
    import tempfile

    from .update import NotUpdatable, update_from

    key = content_key(digests)
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"building-{os.getpid()}-", dir=root))
    except OSError as exc:
        raise DataError(f"{root}: cannot create the cache folder ({exc.strerror}); set {CACHE_ENV} to a writable folder") from exc
    try:
        base = nearest_store(root, digests) if update else None
        try:
            if base is None:
                raise NotUpdatable
            built = update_from(base, pairs, digests, tmp / "updated", reports)
        except NotUpdatable:
            built = build(pairs, digests, tmp / "built", reports)
        replace_store(built.path, root / f"store-{key}", key)
    except (OSError, CannotWrite) as exc:
        raise DataError(f"{root}: cannot build the compiled store ({exc}); set {CACHE_ENV} to a writable folder") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return built._replace(path=root / f"store-{key}")


def nearest_store(root: Path, digests: dict[str, str]) -> Built | None:
    """The sound store in the cache that an update turns into the store of `digests` with the fewest changes."""
    from .update import changes

    candidates = []
    for path in root.glob("store-*"):
        built = read_manifest(path)
        planned = built and changes(built, digests)
        if built and planned:
            candidates.append((sum(map(len, planned)), path.name, built))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


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
    """Keep `value` for `text`; a cache that cannot be written only means it is worked out again."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(memo_path(folder, text), f"{value}\n{text}")
    except (OSError, CannotWrite):
        pass


def replace_store(new: Path, path: Path, key: str) -> None:
    """Rename the finished store `new` to `path`; one there already is moved aside first, then deleted."""
    if path.is_dir():
        discard(path)
    try:
        new.rename(path)
    except OSError:
        if read_manifest(path, key) is None:  # not another process's finished build of the same data
            raise


def discard(path: Path) -> None:
    """Move a bad store (and the answers kept for it) aside first, so that no reader ever opens it half-deleted."""
    import shutil

    for folder in (path, answers_dir(path)):
        doomed = folder.with_name(f"discarded-{os.getpid()}-{folder.name}")
        try:
            folder.rename(doomed)
        except OSError:
            continue
        shutil.rmtree(doomed, ignore_errors=True)


def prune(root: Path, keep: Path) -> None:
    """Delete all but the most recently used stores, their memos and answers, and what killed builds left behind."""
    import shutil

    stores = sorted(root.glob("store-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [p for p in stores if p != keep][KEEP_STORES - 1:]:
        discard(old)
    for kept in root.glob("answers-*"):  # store.answers: the answers of a store that is gone
        if not (root / f"store-{kept.name.removeprefix('answers-')}").is_dir():
            shutil.rmtree(kept, ignore_errors=True)
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
