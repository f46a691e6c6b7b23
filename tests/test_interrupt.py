"""A running query stops when the user says so: Ctrl-C, a closed terminal, or the time limit.

Each test starts the installed `oscb-graph query` on a query that would run for minutes, waits
until its query process (a forked child) is working, signals the command, and checks that the
command ends within a couple of seconds with one line and the right exit code, and that no
child is left running.
"""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from conftest import CLI

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
pytestmark = pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from Linux's /proc")


def children(pid: int) -> set[int]:
    """The ids of the processes whose parent is `pid` (Linux's /proc)."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.update(int(c) for c in (task / "children").read_text().split())
    return found


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting to be reaped counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def started_query(timeout: str = "60") -> tuple[subprocess.Popen, int]:
    """The command running RUNAWAY in a process group of its own (as a terminal runs it), and the
    id of its query process once that has started."""
    proc = subprocess.Popen([str(CLI), "query", RUNAWAY, "--timeout", timeout], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60  # the first run builds the store
    while time.monotonic() < deadline:
        found = children(proc.pid) if proc.poll() is None else set()
        if found:
            time.sleep(0.3)  # let it get into the query
            return proc, found.pop()
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the query process never started")


@pytest.mark.parametrize("to_group", [False, True], ids=["to-command", "to-terminal-group"])
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 128 + signal.SIGTERM),
                                           (signal.SIGHUP, 128 + signal.SIGHUP)])
def test_a_signal_stops_the_query_and_its_process(sig, code, to_group):
    """Ctrl-C at a terminal signals the whole foreground group (the command and its query process);
    `kill` signals the command alone."""
    proc, child = started_query()
    sent = time.monotonic()
    if to_group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=5)
    finally:
        proc.kill()
        if alive(child):
            os.kill(child, signal.SIGKILL)
            pytest.fail("the query process outlived the command")
    took = time.monotonic() - sent
    assert proc.returncode == code, err
    assert took < 1.5, took
    deadline = time.monotonic() + 1
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(child)
    if sig == signal.SIGINT:
        assert err.strip() == "Interrupted.", err


def test_the_query_process_dies_with_the_command():
    """Even a command killed outright (no chance to clean up) leaves no query running."""
    proc, child = started_query()
    proc.kill()
    proc.communicate()
    deadline = time.monotonic() + 2
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    still = alive(child)
    if still:
        os.kill(child, signal.SIGKILL)
    assert not still


def test_the_time_limit_stops_the_query_and_its_process():
    proc, child = started_query(timeout="1.5")
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 1 and "stopped after 1.5 s" in err
    assert not alive(child)

