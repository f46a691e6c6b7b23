"""Talking to a SPARQL server over HTTP: one request, to the URL the user named and nowhere else.

Shared by the remote engine (oscb_graph.store.remote, SPARQL 1.1 Protocol) and `oscb-graph push`
(oscb_graph.push, Graph Store Protocol). Only the standard library is used. Credentials come
from $OSCB_GRAPH_USER and $OSCB_GRAPH_PASSWORD, or else from the netrc file ($NETRC or
~/.netrc) entry for the endpoint's host; they are offered to the server as Basic or Digest,
whichever it asks for, and never appear in a message. TLS certificates are verified. Proxies
from the environment are not used and redirects are not followed, so that a request reaches
the named host or fails. Every failure is one line: EndpointError (exit 3) when the server
cannot be reached or gives no usable answer, QueryError (exit 2) when it refuses the query,
QueryTimeout when the time limit passes.
"""
from __future__ import annotations

import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, NamedTuple

from ..errors import EndpointError, OscbError, QueryError, QueryTimeout
from .endpoint_url import PASSWORD_ENV, USER_ENV, shown

USER_AGENT = "oscb-graph"
SHOWN = 160  # characters of a server's error text shown to the user


class Response(NamedTuple):
    status: int
    content_type: str  # without parameters, lower case
    headers: dict[str, str]  # lower-case names
    body: bytes


def credentials(url: str) -> tuple[str, str] | None:
    """(user, password) from the environment, else from the netrc entry for the URL's host, else None."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user is not None or password is not None:
        if user is None or password is None:
            raise EndpointError(f"set both {USER_ENV} and {PASSWORD_ENV}, or neither")
        return user, password
    import netrc

    path = os.environ.get("NETRC") or os.path.expanduser("~/.netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        raise EndpointError(f"cannot read the netrc file {path} ({type(exc).__name__}); fix it or set {USER_ENV}") from None
    return (entry[0], entry[2]) if entry else None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is reported, not followed: a command talks only to the URL it was given."""

    def redirect_request(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any,
                         newurl: str) -> urllib.request.Request | None:
        raise EndpointError(f"{shown(req.full_url)} redirects ({code}) to {shown(newurl)}; give that URL as the endpoint if you trust it")


def opener(url: str, found: tuple[str, str] | None) -> urllib.request.OpenerDirector:
    """An opener that reaches only `url`'s host, verifying TLS, answering Basic or Digest challenges with `found`."""
    import ssl

    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler({}),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        NoRedirect(),
    ]
    if found:
        passwords = password_manager(url, found)
        handlers += [urllib.request.HTTPBasicAuthHandler(passwords), urllib.request.HTTPDigestAuthHandler(passwords)]
    return urllib.request.build_opener(*handlers)


def password_manager(url: str, found: tuple[str, str]) -> urllib.request.HTTPPasswordMgrWithDefaultRealm:
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, url, *found)  # None: any realm
    return passwords


def authorization(url: str, method: str, found: tuple[str, str], timeout: float | None) -> str | None:
    """The Authorization header for a request with a body, from a body-less probe's challenge.

    A server that answers 401 before reading a large body (Virtuoso's graph store does) closes
    the connection while the body is still being sent, so the usual answer-the-challenge-and-
    retry cannot work: ask first with HEAD, then send the body once, already authorised.
    """
    import base64

    probe = urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT})
    try:
        opener(url, None).open(probe, timeout=timeout).close()
        return None  # no credentials asked for
    except urllib.error.HTTPError as exc:
        challenge = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 and exc.headers else ""
    except OSError:
        return None  # the request itself will say what is wrong
    scheme, _, rest = challenge.partition(" ")
    if scheme.lower() == "digest":
        handler = urllib.request.HTTPDigestAuthHandler(password_manager(url, found))
        fields = urllib.request.parse_keqv_list([part for part in urllib.request.parse_http_list(rest) if part])
        value = handler.get_authorization(urllib.request.Request(url, method=method), fields)
        return f"Digest {value}" if value else None
    if scheme.lower() == "basic":
        return "Basic " + base64.b64encode(f"{found[0]}:{found[1]}".encode()).decode("ascii")
    return None


def send(url: str, method: str = "GET", body: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float | None = None, what: str = "the endpoint") -> Response:
    """One HTTP request; the whole answer, or one-line errors as the module docstring says.

    `timeout` bounds each wait on the socket (callers bound the whole request: see remote.py).
    """
    headers = {"User-Agent": USER_AGENT, **(headers or {})}
    found = credentials(url)
    if found and body:
        header = authorization(url, method, found, timeout)
        if header:
            headers["Authorization"] = header
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener(url, found).open(request, timeout=timeout) as answer:
            data = answer.read()
            return Response(answer.status, media_type(answer.headers.get("Content-Type")),
                            {k.lower(): v for k, v in answer.headers.items()}, data)
    except urllib.error.HTTPError as exc:
        raise http_failure(exc, url, what) from None
    except OscbError:  # NoRedirect's
        raise
    except TimeoutError:
        raise QueryTimeout(f"{what} at {shown(url)} did not answer within {timeout:g} s; raise --timeout or try again later") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            raise QueryTimeout(f"{what} at {shown(url)} did not answer within {timeout:g} s; raise --timeout or try again later") from None
        raise EndpointError(f"cannot reach {what} at {shown(url)}: {reason_text(reason)}") from None
    except (ConnectionError, OSError) as exc:
        raise EndpointError(f"{what} at {shown(url)} broke the connection ({reason_text(exc)}); try again") from None
    except Exception as exc:  # http.client.IncompleteRead and other protocol errors: the answer was cut short
        raise EndpointError(f"{what} at {shown(url)} sent an incomplete answer ({type(exc).__name__}); try again") from None


def http_failure(exc: urllib.error.HTTPError, url: str, what: str) -> OscbError:
    """The one-line error for an HTTP error status."""
    try:
        text = exc.read().decode("utf-8", "replace")
    except Exception:
        text = ""
    detail = first_line(text, media_type(exc.headers.get("Content-Type")) if exc.headers else "")
    where = f"{what} at {shown(url)}"
    if exc.code in (401, 403):
        return EndpointError(
            f"{where} refused access ({exc.code}); set {USER_ENV} and {PASSWORD_ENV}, or add its host to your netrc file"
        )
    if exc.code == 404:
        return EndpointError(f"{where} answered 404 Not Found: check the URL (Oxigraph's is .../query, Virtuoso's .../sparql)")
    if exc.code in (400, 406, 415) or (exc.code == 500 and "SPARQL" in detail and "rror" in detail):
        return QueryError(f"{where} refused the request ({exc.code}): {detail or exc.reason}")
    return EndpointError(f"{where} failed ({exc.code} {exc.reason}){': ' + detail if detail else ''}; try again later")


def first_line(text: str, content_type: str) -> str:
    """A short, single-line piece of a server's error text (tags dropped from an HTML page)."""
    import re

    if "html" in content_type or text.lstrip().startswith("<"):
        text = re.sub(r"<[^>]*>", " ", text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    line = " ".join(lines[:2])
    return line[:SHOWN] + ("..." if len(line) > SHOWN else "")


def media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def reason_text(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    return str(getattr(reason, "strerror", None) or reason)[:SHOWN]
