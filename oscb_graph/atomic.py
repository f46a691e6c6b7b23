"""Write a file all at once or not at all: into a temporary file beside it, then rename.

A reader never sees half a file, and an interrupted or failed write leaves the old file
as it was. Everything the package writes goes through `write_atomically` (exports, pictures,
the store's manifest, the cache's memos), so a file that cannot be written (no such folder, a
read-only one, a name too long) is the same one-line CannotWrite for every command;
`check_writable` says so before a command does its work.
"""
from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from .errors import UsageMistake, brief


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: str | Path, content: str | bytes | Callable[[Path], object]) -> Path:
    """Write `content` (text as UTF-8, bytes, or a function that writes the temporary path it is given)
    to a temporary file in `path`'s folder, then move it onto `path` (same folder, so the move is atomic)."""
    path = Path(path)
    tmp = _temporary(path)
    try:
        if isinstance(content, str):
            tmp.write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            content(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it a normal file's mode
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in REASONS:
            raise cannot_write(path, exc) from None
        raise
    return path


class CannotWrite(UsageMistake):
    """The file named cannot be written where it is: one line saying why (exit 2)."""


def check_writable(path: str | Path) -> None:
    """CannotWrite now, if `path` could not be written, so that a command does not do its work in vain."""
    path = Path(path)
    try:
        if path.is_dir():
            raise cannot_write(path, IsADirectoryError(errno.EISDIR, "is a folder"))
    except OSError as exc:  # a name too long, a folder that cannot be searched
        raise cannot_write(path, exc) from None
    _temporary(path).unlink()


def _temporary(path: Path) -> Path:
    """A new empty file beside `path`, or CannotWrite saying why there cannot be one."""
    import tempfile  # here, not above: a command that writes nothing need not import it

    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name[:100]}.", suffix=".part")
    except OSError as exc:
        raise cannot_write(path, exc) from None
    os.close(fd)
    return Path(name)


REASONS = {  # what each failure means to the user; {folder} is the file's folder
    errno.ENOENT: "there is no folder {folder}; create it first",
    errno.ENOTDIR: "{folder} is not a folder",
    errno.EISDIR: "it is a folder; give a file name",
    errno.EACCES: "the folder {folder} is not writable",
    errno.EPERM: "the folder {folder} is not writable",
    errno.EROFS: "the folder {folder} is on a read-only disk",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ENOSPC: "the disk is full",
}


def cannot_write(path: Path, exc: OSError) -> CannotWrite:
    """The one line for a failure to write `path`."""
    reason = REASONS.get(exc.errno or 0, "{error}")
    if exc.errno == errno.ENOENT and os.path.isdir(path.parent):  # a folder such as /proc takes no new files
        reason = "the folder {folder} takes no new files"
    why = reason.format(folder=brief(str(path.parent)), error=exc.strerror or exc)
    return CannotWrite(f"cannot write {brief(str(path))}: {why}")
