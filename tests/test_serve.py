"""`oscb-graph serve`: Oxigraph's server on the compiled store, the same answers over HTTP, and no child left behind."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CLI, run_cli
from sparql_servers import free_port


def start_serving(*args: str) -> tuple[subprocess.Popen, str]:
    """`oscb-graph serve` in a subprocess; returns it and the query URL it prints once listening."""
    process = subprocess.Popen([str(CLI), "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if "SPARQL endpoint:" in line:
            return process, line.split("SPARQL endpoint:")[1].strip()
    process.kill()
    raise AssertionError(f"serve printed no URL: {''.join(lines)}")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(p) for p in (task / "children").read_text().split()]
    return found


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"  # a zombie has stopped


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_answers_who_owns_as_here_and_stops_cleanly(stop):
    port = free_port()
    process, url = start_serving("--port", str(port))
    try:
        assert url == f"http://127.0.0.1:{port}/query"
        server = children(process.pid)
        assert len(server) == 1
        here, there = run_cli("who-owns"), run_cli("who-owns", "--endpoint", url)
        assert there.returncode == 0, there.stderr
        assert there.stdout == here.stdout
        import urllib.request

        with urllib.request.urlopen(url.replace("/query", "/")) as page:  # the server's own query page
            assert page.headers["Content-Type"].startswith("text/html")
    finally:
        process.send_signal(stop)
        process.wait(15)
    assert process.returncode == 0
    assert "stopped." in process.stderr.read()
    assert gone(server[0])
    assert run_cli("who-owns", "--endpoint", url).returncode == 3  # nothing listens any more


def test_a_port_in_use_is_one_line():
    port = free_port()
    first, _ = start_serving("--port", str(port))
    try:
        done = run_cli("serve", "--port", str(port))
        assert done.returncode == 1
        assert done.stderr.strip().splitlines() == [done.stderr.strip()]
        assert "could not start" in done.stderr and "pick another --port" in done.stderr
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(15)


def test_without_the_server_extra_serve_says_how_to_install_it(monkeypatch, tmp_path):
    from oscb_graph import server
    from oscb_graph.cli import main

    monkeypatch.setattr(server.sys, "executable", str(tmp_path / "python"))  # no oxigraph beside it
    monkeypatch.setenv("PATH", str(tmp_path))  # nor on PATH
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert result.output.strip() == "Error: the SPARQL server is not installed; install it with: pip install 'oscb-graph[server]'"
