"""--endpoint when the server misbehaves: one line, the documented exit code, no traceback, no secret shown.

A small HTTP server on loopback plays each misbehaviour (an HTML error page, a cut-off answer,
a slow answer, a failure, a demand for credentials, a redirect elsewhere) and records what it
was sent; the command runs in a real subprocess.
"""
from __future__ import annotations

import http.server
import json
import threading
import time

import pytest
from conftest import run_cli

from oscb_graph.store.remote import EndpointStore

RESULTS = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [
    {"n": {"type": "literal", "value": "7", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode()


class Play(http.server.BaseHTTPRequestHandler):
    """Answers every request as `self.server.behaviour` says, and keeps what it was sent."""

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self.answer()

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.server.seen.append((self.path, dict(self.headers), self.rfile.read(length).decode()))
        self.answer()

    def send(self, status: int, content_type: str, body: bytes, length: int | None = None, **headers: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def answer(self):
        behaviour = self.server.behaviour
        if behaviour == "ok":
            self.send(200, "application/sparql-results+json", RESULTS)
        elif behaviour == "html":
            self.send(200, "text/html", b"<html><body><h1>Welcome to our portal</h1></body></html>")
        elif behaviour == "cut":
            self.send(200, "application/sparql-results+json", RESULTS[:40])
        elif behaviour == "short":  # promises more than it sends, then hangs up
            self.send(200, "application/sparql-results+json", RESULTS[:40], length=len(RESULTS))
        elif behaviour == "slow":
            time.sleep(30)
            self.send(200, "application/sparql-results+json", RESULTS)
        elif behaviour == "fail":
            self.send(500, "text/html", b"<html><body><p>Internal Server Error</p><pre>stack ...</pre></body></html>")
        elif behaviour == "refuse":
            self.send(400, "text/plain", b"Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at 'x'")
        elif behaviour == "auth":
            if self.headers.get("Authorization"):
                self.server.seen.append(("auth", self.headers["Authorization"], ""))
                self.send(200, "application/sparql-results+json", RESULTS)
            else:
                self.send(401, "text/plain", b"who are you?", WWW_Authenticate='Basic realm="sparql"')
        elif behaviour == "redirect":
            self.send(302, "text/plain", b"", Location="http://example.org/sparql")


@pytest.fixture
def fake():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Play)
    server.behaviour, server.seen = "ok", []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    yield server
    server.shutdown()
    server.server_close()


def one_line_failure(done, code: int, *words: str) -> str:
    assert done.returncode == code, (done.returncode, done.stderr)
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_a_good_answer_is_read(fake):
    done = run_cli("query", "SELECT ?n WHERE { ?s ?p ?n }", "--csv", "--endpoint", fake.url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["n", "7"]
    path, headers, body = fake.seen[0]
    assert headers["Accept"] == "application/sparql-results+json"
    assert "PREFIX+oscb" in body and "timeout=" in body  # prefixes declared; the server told the limit


@pytest.mark.parametrize(("behaviour", "code", "words"), [
    ("html", 3, ("an HTML page", "not SPARQL JSON results")),
    ("cut", 3, ("cut off",)),
    ("short", 3, ("incomplete answer",)),
    ("fail", 3, ("failed (500", "Internal Server Error")),
    ("refuse", 2, ("refused the request (400)", "syntax error at 'x'")),
    ("auth", 3, ("refused access (401)", "OSCB_GRAPH_USER")),
    ("redirect", 3, ("redirects (302)", "http://example.org/sparql")),
])
def test_a_misbehaving_endpoint_is_one_line_and_its_exit_code(fake, behaviour, code, words):
    fake.behaviour = behaviour
    one_line_failure(run_cli("who-owns", "--endpoint", fake.url), code, *words)


def test_a_slow_endpoint_is_stopped_at_the_time_limit(fake):
    fake.behaviour = "slow"
    started = time.monotonic()
    one_line_failure(run_cli("who-owns", "--timeout", "1", "--endpoint", fake.url), 1, "stopped after 1 s")
    assert time.monotonic() - started < 15  # the server would answer after 30 s (start-up on a busy machine takes some)


def test_an_unreachable_endpoint_is_one_line(listener):
    port = int(listener.url.split(":")[2].split("/")[0])
    listener.sock.close()  # nothing listens there now
    one_line_failure(run_cli("flows", "--endpoint", f"http://127.0.0.1:{port}/query"), 3, "cannot reach", "connection refused")


def test_credentials_come_from_the_environment_and_are_never_shown(fake):
    fake.behaviour = "auth"
    secret = "s3cret-Pa55word"
    done = run_cli("query", "SELECT ?n WHERE { ?s ?p ?n }", "--endpoint", fake.url, env={"OSCB_GRAPH_USER": "analyst", "OSCB_GRAPH_PASSWORD": secret})
    assert done.returncode == 0, done.stderr
    assert any(kind == "auth" for kind, *_ in fake.seen)
    assert secret not in done.stdout + done.stderr
    fake.behaviour = "fail"
    failed = run_cli("query", "SELECT ?n WHERE { ?s ?p ?n }", "--endpoint", fake.url, env={"OSCB_GRAPH_USER": "analyst", "OSCB_GRAPH_PASSWORD": secret})
    assert failed.returncode == 3 and secret not in failed.stderr


def test_credentials_come_from_a_netrc_file(fake, tmp_path):
    fake.behaviour = "auth"
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login analyst password from-netrc\n")
    netrc.chmod(0o600)
    done = run_cli("query", "SELECT ?n WHERE { ?s ?p ?n }", "--endpoint", fake.url, env={"NETRC": str(netrc)})
    assert done.returncode == 0, done.stderr
    assert ("auth", "Basic YW5hbHlzdDpmcm9tLW5ldHJj", "") in fake.seen  # analyst:from-netrc


def test_credentials_in_the_url_are_refused_unshown(fake):
    url = fake.url.replace("http://", "http://analyst:hunter2@")
    line = one_line_failure(run_cli("who-owns", "--endpoint", url), 2, "put no credentials in the endpoint URL")
    assert "hunter2" not in line
    assert fake.seen == []


@pytest.mark.parametrize("query", [
    "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
    "SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <https://example.org/g> WHERE { ?s ?p ?o }",
])
def test_an_unsafe_query_is_refused_before_anything_is_sent(fake, query):
    one_line_failure(run_cli("query", query, "--endpoint", fake.url), 2, "refused")
    assert fake.seen == []


def test_the_endpoint_comes_from_the_environment_too(fake):
    done = run_cli("query", "SELECT ?n WHERE { ?s ?p ?n }", "--csv", env={"OSCB_GRAPH_ENDPOINT": fake.url})
    assert done.returncode == 0, done.stderr
    assert len(fake.seen) == 1


def test_bindings_become_a_values_clause_after_the_query(fake):
    EndpointStore(fake.url).query("SELECT ?n WHERE { ?s ?p ?n }", bindings={"s": "x"})
    body = fake.seen[0][2]
    from urllib.parse import parse_qs

    assert parse_qs(body)["query"][0].endswith('\nVALUES (?s) { ("x") }')
