"""An endpoint's URL, as the user gives it: checked, and shown without credentials or query.

Kept apart from sparql_http so that every command can take --endpoint without importing
urllib.request and http.client at start-up (they cost about a third of a cold `who-owns`).
"""
from __future__ import annotations

import urllib.parse

from ..errors import OscbError

ENDPOINT_ENV = "OSCB_GRAPH_ENDPOINT"
USER_ENV = "OSCB_GRAPH_USER"
PASSWORD_ENV = "OSCB_GRAPH_PASSWORD"


class BadEndpointURL(OscbError):
    """An endpoint URL that is not an http(s) URL of a host, or carries credentials."""

    exit_code = 2


def checked_url(url: str) -> str:
    """`url` if it is an http or https URL naming a host, with no user or password in it."""
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadEndpointURL(f"the endpoint must be an http:// or https:// URL, such as http://127.0.0.1:7878/query, not {url[:80]!r}")
    if parts.username or parts.password:
        raise BadEndpointURL(
            f"put no credentials in the endpoint URL: set {USER_ENV} and {PASSWORD_ENV}, or add the host to your netrc file"
        )
    if parts.fragment:
        raise BadEndpointURL(f"the endpoint URL must not end with a #fragment: {shown(url)}")
    return url.strip()


def shown(url: str) -> str:
    """The URL as messages print it: scheme, host, port and path only."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))
