"""The cache of compiled stores: where they live, how a command finds the current one, and pruning.

A store lives in `<cache>/store-<key>`, where the key hashes the content of the ontology and
every report's Turtle, the package version and the build format (store.build). A command whose
data has not changed opens that store instead of parsing Turtle; it finds it from the files'
and folders' stamps (times, sizes, inodes, kept per set of arguments in `<cache>/watched/`), so
that it reads no data file either. A store is built in a temporary folder and renamed into
place, so an interrupted build leaves the previous store as it was; a store whose manifest does
not match its files is deleted and rebuilt, never trusted.
"""
from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path

from .. import __version__
from ..atomic import CannotWrite, write_atomically
from ..errors import DataError
from ..sources import ReportFolder, folders_in, named_folders, ontology_files, report_folders
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


def current_store(data: list[str | Path] | None = None, rebuild: bool = False) -> Built:
    """The up-to-date compiled store for the report folders that `data` names (sources.report_folders).

    Every command asks this first, so the usual answer is quick: what the last command with the
    same arguments saw (the folders and Turtle files, their times, sizes and inodes) is kept in
    `<cache>/watched/` and stat()ed again. At 10,000 reports that is 90,000 stat calls and no
    directory listing; any difference lists the folders and hashes the Turtle again (compiled).
    """
    root = cache_dir()
    named = named_folders(data)
    asked = f"{__version__}|{BUILD_FORMAT}\n" + "\n".join(str(p.absolute()) for p in named)
    memo = memo_path(root / "watched", asked)
    if not rebuild:
        key = unchanged(memo, asked)
        found = read_manifest(root / f"store-{key}") if key else None
        if found:
            return found
    folders = report_folders(data)
    seen = stamps(watched(named, folders))  # before compiled() reads the files: a change meanwhile shows next time
    built = compiled(folders, rebuild)
    keep_stamps(memo, asked, built.path.name.removeprefix("store-"), seen)
    return built


Stamp = tuple[int, int, int, int]  # modification and change times, size, inode


def watched(named: list[Path], folders: list[ReportFolder]) -> list[str]:
    """What a change to the data changes: the ontology, the named folders and the folders in them
    (a report folder appearing, or Turtle appearing in a folder), each report folder and its Turtle."""
    paths = [str(p) for p in ontology_files()] + [str(p) for p in named]
    for path in named:
        try:
            inside = folders_in(path)
        except OSError:
            continue
        real = str(path.resolve())  # as report_folders names the report folders, so that each is stat()ed once
        paths += [os.path.join(real, entry.name) for entry in inside]
    for folder in distinct_folders(folders):
        base = str(folder.path)
        paths.append(base)
        paths += [os.path.join(base, name) for name in folder.found or ()]
    return list(dict.fromkeys(paths))


def stamps(paths: list[str]) -> list[tuple[str, Stamp | None]]:
    """Each path's stamp, None for one that is gone (a missing path counts as a fact too)."""
    found: list[tuple[str, Stamp | None]] = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            found.append((path, None))
            continue
        found.append((path, (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)))
    return found


def unchanged(memo: Path, asked: str) -> str | None:
    """The store key kept in `memo` for exactly `asked`, if every path it watched is as it was."""
    kept = read_stamps(memo)
    if kept is None or kept[0] != asked:
        return None
    _, key, seen = kept
    return key if stamps([path for path, _ in seen]) == seen else None


def unchanged_key(memo: Path) -> str:
    kept = read_stamps(memo)
    return kept[1] if kept else ""


def read_stamps(memo: Path) -> tuple[str, str, list[tuple[str, Stamp | None]]] | None:
    """(arguments, store key, stamps) as keep_stamps wrote them, or None."""
    try:
        with open(memo, "rb") as kept:
            asked, key, seen = pickle.load(kept)
    except Exception:  # none yet, cut short, or written by another version: look afresh
        return None
    return asked, key, seen


def keep_stamps(memo: Path, asked: str, key: str, seen: list[tuple[str, Stamp | None]]) -> None:
    """Keep what this command saw, for the next command with the same arguments."""
    keep_file(memo, pickle.dumps((asked, key, seen), protocol=pickle.HIGHEST_PROTOCOL))


def compiled(folders: list[ReportFolder], rebuild: bool = False) -> Built:
    """An up-to-date compiled store for these reports, found by their content, built if none has it (or `rebuild`)."""
    root = cache_dir()
    pairs = graph_files(folders)
    digests = graph_digests(pairs)
    key = content_key(digests)
    path = root / f"store-{key}"
    found = None if rebuild else read_manifest(path, key)
    if found is None:
        found = build_in_place(pairs, digests, root, {f.name: f.graph_iri for f in folders}, update=not rebuild)
        prune(root, keep=path)
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
    keep_file(memo_path(folder, text), f"{value}\n{text}")


def keep_file(path: Path, content: str | bytes) -> None:
    """Write a memo of the cache; one that cannot be written only means the work is done again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, content)
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
    shutil.rmtree(root / "keys", ignore_errors=True)  # the stamps of versions before watched/
    for memo in root.glob("watched/*"):
        if not (root / f"store-{unchanged_key(memo)}").is_dir():
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
