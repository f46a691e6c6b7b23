"""The review's text: extracted once from .txt, .docx or .pdf, and the tracker's words found in it.

A tracker copies a recommendation from the review, often not quite verbatim: curly quotes
made straight, lines joined, a word changed. Each is anchored as the Hypothesis client
anchors a quote that moved: exactly first, then with whitespace and typography normalised,
then approximately (rapidfuzz's best partial alignment, kept only when close), with the
text around it as prefix and suffix. The passage's oa:exact is always the review's own
words at its offsets, so that `oscb-graph validate` checks it like any other.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError
from .workbook import optional_module

CONTEXT = 32  # characters of prefix and suffix kept with an anchor
APPROXIMATE = 85  # rapidfuzz partial-ratio (0-100) at or above which an approximate match is kept
TEXT_NAME = "review.txt"
_TYPOGRAPHY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                             "\u00a0": " ", "\u2026": "...", "\u00ad": ""})


def extract_text(path: Path) -> str:
    """The plain text of a review: a .txt file as it is, a Word document's paragraphs, a PDF's pages."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise DataError(f"{path}: no such review text")
    try:
        if suffix in (".txt", ".md", ""):
            raw = path.read_bytes()
            try:
                return raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                return raw.decode("cp1252")
        if suffix == ".docx":
            docx = optional_module("docx", "python-docx", "Word (.docx) review texts")
            document = docx.Document(str(path))
            return "\n".join(p.text for p in document.paragraphs) + "\n"
        if suffix == ".pdf":
            pypdf = optional_module("pypdf", "pypdf", "PDF review texts")
            reader = pypdf.PdfReader(str(path))
            if reader.is_encrypted:
                raise DataError(f"{path.name}: the PDF is password-protected; save a copy without a password")
            return "\n".join(page.extract_text() or "" for page in reader.pages)
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"{path.name}: cannot read the review's text ({type(exc).__name__}: {str(exc)[:80]})") from None
    raise DataError(f"{path.name}: cannot read a review text from {suffix}; give a .txt, .docx or .pdf file")


@dataclass(frozen=True)
class Anchor:
    """Where a tracker's words stand in the review's text."""

    exact: str  # the review's words at start:end
    start: int
    end: int
    prefix: str
    suffix: str
    method: str  # exact, normalised or approximate
    score: float = 100.0


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text with typography made plain and whitespace runs made one space, and each character's offset in the original."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        ch = ch.translate(_TYPOGRAPHY)
        for c in ch:
            if c.isspace():
                if out and out[-1] == " ":
                    continue
                c = " "
            out.append(c)
            where.append(i)
    return "".join(out), where


class ReviewText:
    """A review's text, normalised once, in which quotes are anchored."""

    def __init__(self, text: str):
        self.text = text
        self.plain, self.where = _normalised(text)

    def _anchor(self, start: int, end: int, method: str, score: float = 100.0) -> Anchor:
        return Anchor(self.text[start:end], start, end, self.text[max(0, start - CONTEXT):start],
                      self.text[end:end + CONTEXT], method, score)

    def anchor(self, quote: str) -> Anchor | tuple[None, float]:
        """The anchor of `quote`, or (None, the best score found) when nothing is close enough."""
        quote = quote.strip()
        if not quote:
            return None, 0.0
        start = self.text.find(quote)
        if start >= 0:
            return self._anchor(start, start + len(quote), "exact")
        plain_quote, _ = _normalised(quote)
        plain_quote = plain_quote.strip()
        i = self.plain.find(plain_quote)
        if i >= 0:
            return self._anchor(self.where[i], self.where[i + len(plain_quote) - 1] + 1, "normalised")
        from rapidfuzz import fuzz

        found = fuzz.partial_ratio_alignment(plain_quote.casefold(), self.plain.casefold())
        if found is None or found.score < APPROXIMATE or found.dest_end <= found.dest_start:
            return None, found.score if found else 0.0
        return self._anchor(self.where[found.dest_start], self.where[found.dest_end - 1] + 1, "approximate", round(found.score, 1))
