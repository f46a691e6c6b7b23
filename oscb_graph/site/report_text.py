"""A report's text cut at every passage's ends, so that a page can mark each quoted passage.

Passages nest and overlap (a recommendation's passage holds the passages of the bodies it
names), so the text is cut at every start and end: each piece knows the passages that cover
it, and each passage has an anchor at its start. A link to `#q-START-END` lands on the anchor
and the page's script highlights the pieces inside that span.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>")  # stray tags the report text keeps (</u>)


def anchor(start: int | str, end: int | str) -> str:
    return f"q-{start}-{end}"


def readable(text: str) -> str:
    """A quote as a reader should see it: without the stray markup the source text keeps."""
    return MARKUP.sub("", text)


@dataclass
class Piece:
    """A stretch of the text between two passage ends; `about` names what the passages over it are evidence for."""

    start: int
    end: int
    text: str
    anchors: list[str] = field(default_factory=list)
    about: list[str] = field(default_factory=list)

    @property
    def marked(self) -> bool:
        return bool(self.about)


def pieces(text: str, passages: dict[tuple[int, int], list[str]]) -> list[Piece]:
    """The text as pieces; `passages` maps each (start, end) to the names of what it is evidence for."""
    cuts = sorted({0, len(text), *(min(max(p, 0), len(text)) for span in passages for p in span)})
    starts: dict[int, list[tuple[int, int]]] = {}
    for span in passages:
        starts.setdefault(span[0], []).append(span)
    open_spans: list[tuple[int, int]] = []
    found = []
    for a, b in zip(cuts, cuts[1:]):
        opening = sorted(starts.get(a, []))
        open_spans = [s for s in open_spans if s[1] > a] + opening
        names: list[str] = []
        for span in open_spans:
            for name in passages[span]:
                if name not in names:
                    names.append(name)
        found.append(Piece(a, b, readable(text[a:b]), [anchor(*s) for s in opening], names[:4]))
    return found


def fragment_link(address: str, quote_text: str) -> str:
    """A text-fragment link (#:~:text=) to the quote in the original at `address`, for browsers that follow them.

    Long quotes are given by their first and last words, as the text-fragment syntax allows.
    """
    words = readable(quote_text).split()
    if not words:
        return address
    if len(words) <= 8:
        directive = quote(" ".join(words), safe="")
    else:
        directive = quote(" ".join(words[:4]), safe="") + "," + quote(" ".join(words[-4:]), safe="")
    return f"{address.split('#', 1)[0]}#:~:text={directive.replace('-', '%2D')}"
