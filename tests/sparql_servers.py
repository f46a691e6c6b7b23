"""Real SPARQL servers for the tests and the load test, each on loopback in a temporary folder.

`oxigraph_server(store, port)` runs Oxigraph's server (the `server` extra) read-only on a compiled
store, as `oscb-graph serve` does, or read-write in an empty folder with the union of its named
graphs as its default graph (`writable=True`), for `push`. `virtuoso(folder, port)` runs Debian's
Virtuoso with a virtuoso.ini of its own in `folder`, never the system's: its own database, a
time limit on every query, and ResultSetMaxRows raised from 10,000 so that no answer is cut.
Each is a context manager that stops its server, killing it if it will not stop, on leaving.
"""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from oscb_graph.server import end

VIRTUOSO = "/usr/bin/virtuoso-t"
VIRTUOSO_USER = ("dba", "dba")  # a fresh Virtuoso database's administrator; this database lives in a temporary folder
QUERY_SECONDS = 60  # each server's own limit on one query


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    """Return once `url` answers at all; RuntimeError with the server's log if it exits or never does."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}): {log.read_text(errors='replace')[-800:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"the server did not answer {url} within {seconds:g} s: {log.read_text(errors='replace')[-800:]}")


@contextlib.contextmanager
def oxigraph_server(location: Path, port: int, writable: bool = False):
    """Oxigraph's server on 127.0.0.1:`port`; yields its query URL."""
    program = Path(sys.executable).with_name("oxigraph")
    mode = ["serve", "--union-default-graph"] if writable else ["serve-read-only"]
    log = location.parent / f"oxigraph-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(program), *mode, "--location", str(location), "--bind", f"127.0.0.1:{port}",
                                    "--timeout-s", str(QUERY_SECONDS)], stdout=out, stderr=out, stdin=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process, 30, log)
        yield f"http://127.0.0.1:{port}/query"
    finally:
        end(process, grace=20)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 16
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., {folder}
ThreadsPerQuery = 2
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/vsp
MaxClientConnections = 16
ServerThreads = 16
MaxKeepAlives = 16
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = 10000000
MaxSortedTopRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = {seconds}
"""


@contextlib.contextmanager
def virtuoso(folder: Path, port: int, buffers: int = 20000):
    """Virtuoso with its own ini and database in `folder`, HTTP on 127.0.0.1:`port`; yields its /sparql URL.

    `buffers` is its page cache in 8 KB pages (20,000: 160 MB).
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vsp").mkdir(exist_ok=True)
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(folder=folder, sql_port=free_port(), http_port=port, buffers=buffers,
                                       dirty=buffers * 3 // 4, seconds=QUERY_SECONDS))
    log = folder / "virtuoso.out"
    with open(log, "wb") as out:
        process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)], cwd=folder,
                                   stdout=out, stderr=out, stdin=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", process, 120, folder / "virtuoso.log")
        yield f"http://127.0.0.1:{port}/sparql"
    finally:
        end(process, grace=20)


def virtuoso_installed() -> bool:
    return Path(VIRTUOSO).is_file() and shutil.which("isql-vt") is not None
