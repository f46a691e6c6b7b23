"""Passages: find a quote in a report's text, and keep the offsets in the data true.

Offsets typed by hand go stale, so authors write the quote with placeholder offsets and
`anchor_file` computes them (`python -m oscb_graph.provenance FOLDER`); `check_passage` is the
guard that `oscb-graph validate` runs over every passage in the graph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .sources import ReportFolder

# A passage as authors write it in Turtle: the quote, then its start and end offsets.
_PASSAGE = re.compile(
    r'(oa:exact\s+)"((?:[^"\\\n]|\\.)*)"(\s*;\s*oa:start\s+)(\d+)(\s*;\s*oa:end\s+)(\d+)'
)
_SOURCE_TEXT = re.compile(r'oscb:sourceText\s+"((?:[^"\\\n]|\\.)*)"')
_TURTLE_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


class QuoteError(ValueError):
    """A quote that is not in the text, or is in it more than once."""


def unescape(turtle_string: str) -> str:
    return re.sub(r"\\(.)", lambda m: _TURTLE_ESCAPES.get(m.group(1), m.group(0)), turtle_string)


def locate(text: str, quote: str) -> tuple[int, int]:
    """Start and end (end exclusive, in code points) of the one place `quote` occurs."""
    start = text.find(quote)
    if start < 0:
        raise QuoteError(f"quote not found in the text: {quote[:70]!r}")
    if text.find(quote, start + 1) >= 0:
        raise QuoteError(f"quote occurs more than once; lengthen it: {quote[:70]!r}")
    return start, start + len(quote)


def anchor_file(path: Path, text: str) -> int:
    """Rewrite the offsets of every passage in a Turtle file from its quote; returns how many changed."""
    source = path.read_text(encoding="utf-8")
    changed = 0

    def fix(m: re.Match) -> str:
        nonlocal changed
        start, end = locate(text, unescape(m.group(2)))
        if (int(m.group(4)), int(m.group(6))) != (start, end):
            changed += 1
        return f'{m.group(1)}"{m.group(2)}"{m.group(3)}{start}{m.group(5)}{end}'

    updated = _PASSAGE.sub(fix, source)
    if changed:
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(updated, encoding="utf-8")
        tmp.replace(path)
    return changed


@dataclass(frozen=True)
class PassageProblem:
    node: str
    message: str


def check_passage(text: str, quote: str, start: int, end: int) -> str | None:
    """Why a passage is wrong, or None when its quote stands at its offsets."""
    if not 0 <= start < end <= len(text):
        return f"offsets {start}-{end} lie outside the text ({len(text)} characters)"
    found = text[start:end]
    if found != quote:
        return f"text at {start}-{end} is {found[:50]!r}, not the quote {quote[:50]!r}"
    return None


def source_text_name(turtle_files: list[Path]) -> str | None:
    """The file name a report's Turtle gives as its oscb:sourceText, the text its passages quote."""
    for path in turtle_files:
        found = _SOURCE_TEXT.search(path.read_text(encoding="utf-8"))
        if found:
            return unescape(found.group(1))
    return None


def main() -> None:
    """`python -m oscb_graph.provenance FOLDER...`: recompute every passage's offsets in its report's text."""
    import sys

    for folder in sys.argv[1:] or ["data/child-j"]:
        root = Path(folder)
        if not root.is_dir():
            sys.exit(f"{root}: no such report folder")
        turtle_files = ReportFolder(root).turtle_files
        name = source_text_name(turtle_files)
        if name is None:
            sys.exit(f"{root}: no Turtle file gives the report's oscb:sourceText; name its text file with it")
        try:
            text = (root / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            sys.exit(f"{root / name}: cannot read the report's text ({getattr(exc, 'strerror', None) or exc})")
        for path in turtle_files:
            try:
                print(f"{path}: {anchor_file(path, text)} passages re-anchored")
            except QuoteError as exc:
                sys.exit(f"{path}: {exc}")


if __name__ == "__main__":
    main()
