"""Words that tables and pictures both show for the same thing, written once.

Where the report names no sender or receiver of a flow, a table's cell and a picture's node
say the same words: `NOT_STATED`. The canned queries are SPARQL files that must run as they
stand, so they spell the cell out as NOT_STATED_CELL; a test holds them to it.
"""
from __future__ import annotations

NOT_STATED = "not stated"
NOT_STATED_CELL = f"({NOT_STATED})"  # a table's cell for a party the report does not name


def not_stated(party: str) -> str:
    """'sender not stated': a picture's label for a party the report does not name."""
    return f"{party} {NOT_STATED}"
