"""Serve the compiled store with Oxigraph's own server, read-only, until the user stops it.

The server is the `oxigraph` package on PyPI (the `server` extra): a Rust program that opens
the very store `oscb-graph build` writes, answers the SPARQL 1.1 Protocol at /query, and
serves its own query page at / with nothing fetched from a CDN. It is started without
--union-default-graph, so that its default graph is the one our build writes: the union of
the reports as a set (store.cache), and every query answers as it does here.

The server is our child: Ctrl-C, SIGTERM or a closed terminal stops it, and on Linux the
kernel kills it if we die without a chance to (PR_SET_PDEATHSIG), so no server is left behind.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from .errors import OscbError

INSTALL_HINT = "pip install 'oscb-graph[server]'"
STARTUP_SECONDS = 15.0  # how long the server may take to listen before we give up


class ServerError(OscbError):
    """The server is not installed, or could not start; the message says how to fix it."""


def oxigraph_executable() -> str:
    """The `oxigraph` program beside this Python (the package's own console script), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError(f"the SPARQL server is not installed; install it with: {INSTALL_HINT}")


def url_host(bind: str) -> str:
    """The host to write in a URL for a server bound to `bind` (an unspecified address reads as loopback)."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(bind, bind)
    return f"[{host}]" if ":" in host else host


def command(store: Path, bind: str, port: int, timeout: float) -> list[str]:
    """The server's command line: read-only on `store`, its own per-query time limit in whole seconds."""
    address = f"[{bind}]:{port}" if ":" in bind else f"{bind}:{port}"
    return [oxigraph_executable(), "serve-read-only", "--location", str(store), "--bind", address,
            "--timeout-s", str(max(1, round(timeout)))]


def die_with_parent() -> None:
    """In the child, before exec: the kernel sends SIGTERM when the parent dies (Linux only)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def serve(store: Path, bind: str, port: int, timeout: float, ready: Callable[[str], None]) -> None:
    """Run the server on `store` until Ctrl-C, SIGTERM or SIGHUP; `ready(base URL)` once it listens.

    Raises ServerError with the server's own first line when it cannot start (port in use, ...).
    """
    check_free(bind, port)
    log = tempfile.TemporaryFile()
    child = subprocess.Popen(command(store, bind, port, timeout), stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                             preexec_fn=die_with_parent if sys.platform == "linux" else None)
    stop = Stopper()
    try:
        wait_listening(child, url_host(bind).strip("[]"), port, log)
        ready(f"http://{url_host(bind)}:{port}")
        while child.poll() is None and not stop.asked:
            time.sleep(0.2)
        if child.returncode is not None and not stop.asked:
            raise ServerError(f"the server stopped by itself ({first_line(log) or f'exit {child.returncode}'})")
    except KeyboardInterrupt:
        pass
    finally:
        stop.restore()
        end(child)
        log.close()


def check_free(bind: str, port: int) -> None:
    """ServerError if something listens on `port` already (else the server would seem to start: it answers)."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does: a port in TIME_WAIT is free
        try:
            sock.bind((bind, port))
        except OSError as exc:
            raise ServerError(f"the server could not start: port {port} on {bind} is in use or not ours ({exc.strerror}); "
                              "pick another --port") from None


class Stopper:
    """SIGTERM and SIGHUP ask the serving loop to stop (Ctrl-C arrives as KeyboardInterrupt)."""

    SIGNALS = (signal.SIGTERM, signal.SIGHUP)

    def __init__(self):
        self.asked = False
        self.previous = {s: signal.signal(s, self.ask) for s in self.SIGNALS}

    def ask(self, signum, frame) -> None:
        self.asked = True

    def restore(self) -> None:
        for s, handler in self.previous.items():
            signal.signal(s, handler)


def wait_listening(child: subprocess.Popen, host: str, port: int, log) -> None:
    """Return once the server accepts connections; ServerError if it exits or does not listen in time."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise ServerError(f"the server could not start: {first_line(log) or f'exit {child.returncode}'}"
                              + ("; pick another --port" if "in use" in first_line(log) else ""))
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ServerError(f"the server did not start listening on port {port} within {STARTUP_SECONDS:g} s")


def first_line(log) -> str:
    log.seek(0)
    lines = [line.strip() for line in log.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[0].removeprefix("Error: ")[:160] if lines else ""


def end(child: subprocess.Popen, grace: float = 5.0) -> None:
    """Stop the server: SIGTERM, then SIGKILL if it has not gone within `grace` seconds."""
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(grace)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
