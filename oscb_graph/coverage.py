"""Which sentences of a report's text no fact rests on: a curator's measure of what is not yet modelled.

The text is cut into blocks at blank lines; a block that breaks off mid-sentence (the
text's page breaks) is joined to the next; short one-line blocks without closing punctuation,
and short questions, are headings ("Progress", "B: Young people and domestic abuse", "What
difference has this made?") and are left aside; glossary lines ("MASH – Multi-Agency
Safeguarding Hub") are content. A sentence
is covered when one passage of the report (the oa:exact of any node's oscb:evidence) spans
more than half of it. A sentence the curator has decided not to model is named in the data
with oscb:notModelled (a passage with an rdfs:comment saying why), so that the reason stays
beside the data it explains.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDFS, Graph

from .errors import DataError
from .loader import parse_turtle
from .namespaces import OA, OSCB
from .sources import ReportFolder

HEADING_WORDS = 20  # a one-line block of at most this many words, without closing punctuation or ';', is a heading
MOST = 0.5  # a passage covers a sentence when it spans more than this share of it

_END = re.compile(r"[.!?:]['\")]*$")  # how a block that ends a sentence ends
# a sentence ends at . ! or ? (after any closing quote or bracket) before a space and a capital, digit or quote
_BOUNDARY = re.compile(r"(?<=[.!?])['\")]*\s+(?=[A-Z0-9'\"(<-])"
                       r"|(?<=[a-z])\s+(?=[A-Z][A-Za-z]{1,7}\s+[-–]\s+[A-Z])")  # or before a glossary entry run on


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report's text: its span (0-based code points, end exclusive) and line."""

    start: int
    end: int
    line: int
    text: str


@dataclass(frozen=True)
class Uncovered:
    """A sentence no passage covers, with the curator's reason where the data gives one."""

    sentence: Sentence
    reason: str | None  # why the curator left it out (oscb:notModelled), or None: not yet modelled


@dataclass
class Coverage:
    """The sentences of one report, and those no passage covers."""

    report: str
    sentences: list[Sentence] = field(default_factory=list)
    uncovered: list[Uncovered] = field(default_factory=list)
    has_text: bool = True  # False for a tracker imported without the review's text: its facts cite cells

    @property
    def covered(self) -> int:
        return len(self.sentences) - len(self.uncovered)

    @property
    def unexplained(self) -> list[Uncovered]:
        return [u for u in self.uncovered if u.reason is None]

    def summary(self) -> str:
        if not self.has_text:
            return f"{self.report}: no report text to cover (its facts cite a tracker's cells)"
        share = 100 * self.covered / len(self.sentences) if self.sentences else 100.0
        explained = len(self.uncovered) - len(self.unexplained)
        return (f"{self.report}: {self.covered} of {len(self.sentences)} sentences covered ({share:.1f}%); "
                f"{len(self.uncovered)} not, {explained} of them with a reason in the data")


def _blocks(text: str) -> Iterable[tuple[int, int]]:
    """Spans of the text between blank lines, trimmed."""
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        yield m.start(), m.end()


def _words(text: str) -> int:
    return len(text.split())


def sentences(text: str) -> list[Sentence]:
    """The sentences of a report's text, headings aside, in order."""
    blocks = list(_blocks(text))
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(blocks):
        start, end = blocks[i]
        # a block that stops mid-sentence runs on into the next (a page break in the source)
        while i + 1 < len(blocks) and not _END.search(text[start:end]) and _runs_on(text, blocks[i], blocks[i + 1]):
            i += 1
            end = blocks[i][1]
        joined.append((start, end))
        i += 1
    found = []
    for start, end in joined:
        block = text[start:end]
        if not _END.search(block) and _words(block) <= HEADING_WORDS and "\n" not in block and ";" not in block \
                and not _is_entry(block):
            continue  # a heading
        if block.endswith("?") and _words(block) <= HEADING_WORDS:
            continue  # "What difference has this made?"
        cut = start
        for m in _BOUNDARY.finditer(block):
            found.append(_sentence(text, cut, start + m.start()))
            cut = start + m.end()
        found.append(_sentence(text, cut, end))
    return [s for s in found if s.text.strip()]


def _runs_on(text: str, block: tuple[int, int], following: tuple[int, int]) -> bool:
    """Whether `block` (without closing punctuation) continues in `following`."""
    nxt = text[following[0]:following[1]]
    body = text[block[0]:block[1]]
    return nxt[:1].islower() or bool(re.search(r"[.!?]\s", body))  # a lower-case start, or a paragraph's last words


def _is_entry(block: str) -> bool:
    """A glossary line ("MASH – Multi-Agency Safeguarding Hub"): content, though short and unpunctuated."""
    return bool(re.match(r"^[A-Za-z]{2,8}\s+[-–]\s+\S", block))


def _sentence(text: str, start: int, end: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, text.count("\n", 0, start) + 1, text[start:end])


def passages(graph: Graph) -> list[tuple[int, int]]:
    """The spans of every passage that is some node's evidence."""
    spans = []
    for passage in set(graph.objects(None, OSCB.evidence)):
        start, end = graph.value(passage, OA.start), graph.value(passage, OA.end)
        if start is not None and end is not None:
            spans.append((int(str(start)), int(str(end))))
    return spans


def not_modelled(graph: Graph) -> list[tuple[int, int, str]]:
    """Spans the curator chose not to model, each with the reason given."""
    found = []
    for passage in graph.objects(None, OSCB.notModelled):
        start, end = graph.value(passage, OA.start), graph.value(passage, OA.end)
        if start is not None and end is not None:
            found.append((int(str(start)), int(str(end)), str(graph.value(passage, RDFS.comment) or "no reason given")))
    return found


def covers(span: tuple[int, int], sentence: Sentence, most: float = MOST) -> bool:
    overlap = min(span[1], sentence.end) - max(span[0], sentence.start)
    return overlap > most * (sentence.end - sentence.start)


def coverage(folder: ReportFolder) -> Coverage:
    """The coverage of one report folder's text by the passages of its Turtle; DataError in one line if unreadable."""
    if not folder.path.is_dir():
        raise DataError(f"{folder.path}: no such report folder")
    graph = Graph()
    for path in folder.turtle_files:
        parse_turtle(graph, path)
    name = next(graph.objects(None, OSCB.sourceText), None)
    if name is None and not any(graph.triples((None, OA.start, None))):
        return Coverage(folder.name, has_text=False)
    if name is None:
        raise DataError(f"{folder.path}: no Turtle file gives the report's oscb:sourceText; name its text file with it")
    try:
        text = folder.text(str(name))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{folder.path / str(name)}: cannot read the report's text "
                        f"({getattr(exc, 'strerror', None) or exc})") from None
    return measure(folder.name, text, passages(graph), not_modelled(graph))


def measure(report: str, text: str, spans: list[tuple[int, int]],
            reasons: list[tuple[int, int, str]] | None = None) -> Coverage:
    """Coverage of `text` by `spans`; `reasons` explain sentences left out on purpose."""
    result = Coverage(report, sentences(text))
    for sentence in result.sentences:
        if any(covers(span, sentence) for span in spans):
            continue
        why = next((r for s, e, r in reasons or [] if covers((s, e), sentence)), None)
        result.uncovered.append(Uncovered(sentence, why))
    return result
