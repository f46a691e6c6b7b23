"""Run a query's work with a time limit, in a forked child that is killed when the limit passes.

Neither engine can be stopped from inside a thread. The child sends its answer back pickled,
with each distinct term pickled once (an answer of 29,000 rows repeats a few thousand terms),
about seven times cheaper than SPARQL JSON to write and read. A failure crosses back the same
way: an OscbError pickles as itself (oscb_graph.errors), anything else as a one-line QueryError.
The child leaves every stop signal to the parent, which kills it on Ctrl-C, a closed terminal
(SIGHUP), SIGTERM or the time limit, and waits for it, so that no query outlives the command;
the kernel kills it too should the parent die without a chance to (Linux's parent-death signal).
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, TypeVar

from ..errors import OscbError, QueryError, QueryTimeout

T = TypeVar("T")


def run_bounded(work: Callable[[], T], timeout: float | None) -> T:
    """work() in a child process killed after `timeout` seconds (None: no limit, in-process).

    pickle is safe here because the bytes come from our own fork, never from outside.
    """
    if timeout is None:
        return work()
    if not hasattr(os, "fork"):
        return run_in_thread(work, timeout)
    pid, read_fd = fork_child(work)
    try:
        with stop_signals_raise():
            payload = read_until(read_fd, pid, timeout)
    finally:
        os.close(read_fd)
    result: T = child_answer(payload, "the query engine stopped without an answer")
    return result


def in_two_processes(first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Any, Any]:
    """(first(), second()), with second() run at the same time in a forked child (a machine's other core).

    The child answers as in run_bounded; the parent kills and waits for it should first() fail
    or be stopped. Where there is no fork, both run here in turn.
    """
    if not hasattr(os, "fork"):
        return first(), second()
    pid, read_fd = fork_child(second)
    finished = False
    try:
        mine = first()
        with os.fdopen(read_fd, "rb", closefd=False) as answer:
            payload = answer.read()
        finished = True
    finally:
        os.close(read_fd)
        if not finished:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return mine, child_answer(payload, "the second process stopped without an answer")


def fork_child(work: Callable[[], Any]) -> tuple[int, int]:
    """A forked child that writes child_payload(work) into a pipe: (its pid, the pipe's end to read).
    It leaves without running any cleanup of the parent's."""
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        try:
            follow_parent(parent)
            with os.fdopen(write_fd, "wb") as out:
                out.write(child_payload(work))
        finally:
            os._exit(0)
    os.close(write_fd)
    return pid, read_fd


def child_answer(payload: bytes, stopped: str) -> Any:
    """What fork_child's child sent: its answer, or its error raised here."""
    try:
        status, body = pickle.loads(payload)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
        raise QueryError(stopped) from None
    if status == "error":
        raise body
    return body


def child_payload(work: Callable[[], Any]) -> bytes:
    """The pickled ("ok", answer) or ("error", exception) that the child sends its parent."""
    try:
        return pickle.dumps(("ok", work()), protocol=pickle.HIGHEST_PROTOCOL)
    except OscbError as exc:
        try:
            return pickle.dumps(("error", exc), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an attribute that does not pickle: keep the type's exit code and the message
            failure: OscbError = QueryError(str(exc))
            failure.exit_code = exc.exit_code
            return pickle.dumps(("error", failure))
    except BaseException as exc:  # an engine failure: report it as one line, not a traceback
        return pickle.dumps(("error", QueryError(f"the query failed: {type(exc).__name__}: {exc}")))


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
def stop_signals_raise() -> Iterator[None]:
    """While a child runs: SIGTERM and SIGHUP raise Stopped in the parent (Ctrl-C raises
    KeyboardInterrupt already), so that read_until kills the child before the command ends.
    Handlers a program set for itself are left alone, and so is any thread but the main one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
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
    chunks: list[bytes] = []
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


def run_in_thread(work: Callable[[], T], timeout: float) -> T:
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
    result: T = box["payload"]
    return result


def stopped_message(timeout: float) -> str:
    return f"the query was stopped after {timeout:g} s; make it more selective or raise --timeout"
