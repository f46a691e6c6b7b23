"""Answers kept beside a compiled store, so that a question asked again skips the engine.

A compiled store never changes: its folder, `store-<key>`, is named by the content of the data
it holds (store.cache). So the answer to a query on it is fixed for as long as the store lives,
and is kept in `answers-<key>`, one file per query text, engine bindings and narrowing. A
command that asks again (who-owns after who-owns, a picture after a build warmed it) reads the
answer instead of forking a query process and opening RocksDB. The records that the views make
from an answer (projections.Projections) are kept the same way. The folder goes when its store
is pruned or discarded (store.cache), and is held under ANSWER_BUDGET bytes, oldest out first.

Each file holds the exact text it answers, compared on reading, so that neither a checksum
collision nor a half-written file is taken for an answer. The files are pickles that this
package wrote into the user's own cache folder, the same trust as the compiled store beside it.
"""
from __future__ import annotations

import os
import pickle
import zlib
from pathlib import Path
from typing import Any

from ..atomic import CannotWrite, write_atomically
from .interface import Bindings

ANSWER_BUDGET = 1 << 30  # bytes of kept answers per store
LARGEST_KEPT = 1 << 27  # an answer bigger than this is worked out each time


def answers_dir(store_path: Path) -> Path:
    """`answers-<key>` beside `store-<key>`."""
    return store_path.with_name("answers-" + store_path.name.removeprefix("store-"))


def question(sparql: str, kind: str, bindings: Bindings, source: str | None) -> str:
    """Everything the answer depends on besides the store: the text, its kind, bindings and narrowing."""
    bound = "\n".join(f"{name}={value!r}" for name, value in sorted(bindings.items()))
    return f"{kind}\n{source or ''}\n{bound}\n{sparql}"


def _file(folder: Path, text: str) -> Path:
    return folder / f"{zlib.crc32(text.encode()):08x}-{len(text)}.pickle"


def recall(store_path: Path, text: str) -> Any:
    """The answer (or other value, see OxigraphStore.remembered) kept for exactly `text`, or None."""
    try:
        with open(_file(answers_dir(store_path), text), "rb") as kept:
            asked, answer = pickle.load(kept)
    except Exception:  # unreadable, cut short, or of classes this version no longer has: work it out again
        return None
    return answer if asked == text else None


def keep(store_path: Path, text: str, answer: Any) -> None:
    """Keep `answer` for `text`; a cache that cannot be written only means the engine answers next time."""
    folder = answers_dir(store_path)
    payload = pickle.dumps((text, answer), protocol=pickle.HIGHEST_PROTOCOL)
    if len(payload) > LARGEST_KEPT:
        return
    try:
        folder.mkdir(exist_ok=True)
        make_room(folder, len(payload))
        write_atomically(_file(folder, text), payload)
    except (OSError, CannotWrite):
        pass


def make_room(folder: Path, size: int) -> None:
    """Delete the least recently written answers until `size` more bytes fit in ANSWER_BUDGET."""
    kept = sorted((entry.stat().st_mtime, entry.stat().st_size, entry.path) for entry in os.scandir(folder))
    total = sum(size for _, size, _ in kept) + size
    for _, old_size, path in kept:
        if total <= ANSWER_BUDGET:
            break
        Path(path).unlink(missing_ok=True)
        total -= old_size
