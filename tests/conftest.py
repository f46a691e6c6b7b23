"""Shared test fixtures: a private cache for the whole run, the installed CLI, a silent socket, a JSON reader, a copy of Child J."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from oscb_graph.sources import bundled_reports

CLI = Path(sys.executable).with_name("oscb-graph")  # the installed console script of this venv


@pytest.fixture(autouse=True, scope="session")
def private_cache(tmp_path_factory):
    """Every test, and every subprocess it starts, builds its stores in a temporary cache."""
    cache = tmp_path_factory.mktemp("oscb-graph-cache")
    old = os.environ.get("OSCB_GRAPH_CACHE")
    os.environ["OSCB_GRAPH_CACHE"] = str(cache)
    yield cache
    if old is None:
        del os.environ["OSCB_GRAPH_CACHE"]
    else:
        os.environ["OSCB_GRAPH_CACHE"] = old


@pytest.fixture(autouse=True, scope="session")
def no_endpoint_from_the_shell():
    """A developer's own endpoint or credentials (oscb_graph.store.sparql_http) never reach the tests."""
    names = ("OSCB_GRAPH_ENDPOINT", "OSCB_GRAPH_USER", "OSCB_GRAPH_PASSWORD")
    kept = {name: os.environ.pop(name) for name in names if name in os.environ}
    yield
    os.environ.update(kept)


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed `oscb-graph` in a real subprocess, with `env` added to the environment."""
    return subprocess.run([str(CLI), *args], input=stdin, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env} if env else None)


def parsed_json(text: str) -> tuple[list[str], list[tuple]]:
    """SPARQL Results JSON read by rdflib's own parser: the variables and rows of rdflib terms (None when unbound)."""
    import io

    from rdflib.query import Result

    result = Result.parse(io.StringIO(text), format="json")
    vars = [str(v) for v in result.vars]
    return vars, [tuple(row.get(v) for v in result.vars) for row in result.bindings]


class Listener:
    """A socket listening on 127.0.0.1 that records whether anything connected to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.url = "http://127.0.0.1:%d/sparql" % self.sock.getsockname()[1]

    def connections(self) -> int:
        count = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.sock.close()


@pytest.fixture(scope="module")
def ds():
    """The bundled graph as rdflib loads it, for tests that ask it SPARQL."""
    import oscb_graph

    return oscb_graph.load()


@pytest.fixture
def own_report(tmp_path, monkeypatch):
    """A fresh cache and a copy of the Child J folder as a further report, so the store is the test's alone."""
    monkeypatch.setenv("OSCB_GRAPH_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "copy-of-child-j"
    shutil.copytree(bundled_reports()[0].path, folder)
    return folder
