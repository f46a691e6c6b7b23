"""What a tracker's cells say, at the precision they say it: dates, RAG ratings, statuses, numbers.

Each reader returns the value and, where the cell cannot be read, the problem in words (which
becomes a row of the errors table); none guesses. A date keeps its precision (a day, a month or
a year: xsd:date, xsd:gYearMonth, xsd:gYear) and the cell's words when they say more than the
date ("By 31/01/2017", "2016 (date TBC)"); words that are no date at all ("Ongoing") stay words.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_LEAD_IN = re.compile(r"^(?:(?:by|before|due|target|deadline|no later than|from|in|on)\s+)?(?:(?:the\s+)?end\s+of\s+)?", re.I)
_DAY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_YEAR = re.compile(rf"^{_MONTH}\.?[\s\-/']*(\d{{4}}|\d{{2}})$", re.I)
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\.?,?\s+(\d{{4}})$", re.I)
_NUMERIC_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_NOTE = re.compile(r"^(.*?)\s*[(\[](.*)[)\]]\s*$")  # "2016 (date TBC)"
# Words that say there is no single date, and mean it: kept as words, not an error.
NO_DATE = {"ongoing", "on going", "on-going", "tbc", "tbd", "to be confirmed", "n/a", "na", "-", "continuous", "as required",
           "annual", "annually", "quarterly", "monthly", "regularly", "rolling", "completed", "complete", "immediate"}
# Where several dates share a cell: one a line, or split by semicolons or bullets.
_PARTS = re.compile(r"\s*(?:\n|;|\u2022|•|\s-\s)\s*")
_FIND_DATE = re.compile(rf"\b(\d{{1,2}}[/.]\d{{1,2}}[/.](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\.?\s+\d{{4}}|(?<![\d/])(?:19|20)\d{{2}}(?![\d/]))\b", re.I)


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the cell gives: 'YYYY-MM-DD' (date), 'YYYY-MM' (gYearMonth) or 'YYYY' (gYear)."""

    iso: str

    @property
    def datatype(self) -> str:
        return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(self.iso)]


@dataclass(frozen=True)
class ReadDate:
    """What a date cell says: the date (if any), its words when they say more, and a problem if unreadable."""

    date: DateValue | None
    note: str | None
    problem: str | None = None


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def one_date(text: str) -> DateValue | None:
    """A date written one way a tracker writes it, or None; a written date that does not exist raises ValueError."""
    s = _LEAD_IN.sub("", text.strip().rstrip(".,")).strip()
    if m := _ISO.match(s):
        return DateValue(dt.date(int(m[1]), int(m[2]), int(m[3])).isoformat())
    if m := _DAY.match(s):  # UK order: day, month, year
        return DateValue(dt.date(_year(m[3]), int(m[2]), int(m[1])).isoformat())
    if m := _DAY_MONTH_YEAR.match(s):
        return DateValue(dt.date(int(m[3]), MONTHS[m[2][:3].lower()], int(m[1])).isoformat())
    if m := _MONTH_YEAR.match(s):
        return DateValue(f"{_year(m[2]):04d}-{MONTHS[m[1][:3].lower()]:02d}")
    if m := _NUMERIC_MONTH.match(s):
        if not 1 <= int(m[1]) <= 12:
            raise ValueError(f"month {m[1]}")
        return DateValue(f"{int(m[2]):04d}-{int(m[1]):02d}")
    if m := _YEAR.match(s):
        return DateValue(m[1])
    return None


def read_date(text: str, value: object = None) -> ReadDate:
    """The date a cell holds, from its typed value (an Excel date or serial number) or its words."""
    if isinstance(value, dt.datetime):
        return ReadDate(DateValue(value.date().isoformat()), None)
    if isinstance(value, dt.date):
        return ReadDate(DateValue(value.isoformat()), None)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20_000 <= value <= 80_000:  # an Excel serial day number (1954-2119) in a cell not formatted as a date
            return ReadDate(DateValue((dt.date(1899, 12, 30) + dt.timedelta(days=int(value))).isoformat()), None)
        if not (1900 <= value <= 2100 and float(value).is_integer()):
            return ReadDate(None, str(value), f"{value} is no date")
    words = " ".join(text.split())
    if not words:
        return ReadDate(None, None)
    if words.casefold() in NO_DATE:
        return ReadDate(None, words)
    try:
        date = one_date(words)
        if date is not None:
            return ReadDate(date, None if date.iso == words or _is_plain(words) else words)
        m = _NOTE.match(words)
        if m and (date := one_date(m[1])) is not None:
            return ReadDate(date, words)
    except ValueError as exc:
        return ReadDate(None, words, f"{words!r} is not a real date ({exc})")
    return ReadDate(None, words, f"cannot read {words[:40]!r} as a date (write 31/12/2016, December 2016 or 2016); kept as words, never overdue")


def _is_plain(words: str) -> bool:
    """A date written with nothing more to say than its value ('31/12/2016', 'March 2016')."""
    return _LEAD_IN.sub("", words) == words


def dated_parts(text: str) -> list[tuple[str, DateValue | None]]:
    """The parts of a cell that lists several steps or dates (one a line, or split by ';'), each with the date it names."""
    parts = [p.strip() for p in _PARTS.split(text) if p and p.strip()]
    found = []
    for part in parts:
        dates = []
        for m in _FIND_DATE.finditer(part):
            try:
                if (d := one_date(m.group(0))) is not None:
                    dates.append(d)
            except ValueError:
                pass
        found.append((part, dates[-1] if len(dates) == 1 else None))
    return found


def latest(dates: list[DateValue]) -> DateValue:
    """The last of several dates; dates of different precision compare by the end of the period they name."""
    def end(d: DateValue) -> str:
        return d.iso + {4: "-12-31", 7: "-31", 10: ""}[len(d.iso)]
    return max(dates, key=end)


# -- RAG ratings and statuses -----------------------------------------------------------

RAG = {
    "red": "RagRed", "r": "RagRed",
    "red amber": "RagRedAmber", "r a": "RagRedAmber", "amber red": "RagRedAmber",
    "amber": "RagAmber", "a": "RagAmber",
    "amber green": "RagAmberGreen", "a g": "RagAmberGreen", "green amber": "RagAmberGreen", "g a": "RagAmberGreen",
    "green": "RagGreen", "g": "RagGreen",
    "complete": "RagComplete", "completed": "RagComplete", "blue": "RagComplete", "b": "RagComplete", "c": "RagComplete",
    "done": "RagComplete", "closed": "RagComplete",
}
STATUS = {
    "complete": "Done", "completed": "Done", "done": "Done", "closed": "Done", "achieved": "Done", "implemented": "Done",
    "in progress": "Ongoing", "ongoing": "Ongoing", "on going": "Ongoing", "on track": "Ongoing", "started": "Ongoing",
    "underway": "Ongoing", "under way": "Ongoing", "open": "Ongoing",
    "not started": "Planned", "not yet started": "Planned", "planned": "Planned", "pending": "Planned", "to do": "Planned",
    "under consideration": "UnderConsideration", "being considered": "UnderConsideration",
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.casefold()).strip()


def read_rag(text: str) -> tuple[str | None, str | None]:
    """(oscb: local name of the RAG rating, problem)."""
    key = _key(text)
    if not key:
        return None, None
    if key in RAG:
        return RAG[key], None
    return None, f"cannot read {text.strip()[:30]!r} as a RAG rating (Red, Amber, Green, Amber/Green, Complete)"


def read_status(text: str) -> tuple[str | None, str | None]:
    """(oscb: local name of the action status, problem)."""
    key = _key(text)
    if not key:
        return None, None
    if key in STATUS:
        return STATUS[key], None
    if key in RAG:  # a tracker that puts its RAG rating under 'Status'
        return ("Done" if RAG[key] == "RagComplete" else "Ongoing"), None
    return None, f"cannot read {text.strip()[:30]!r} as a status (not started, in progress, complete)"


# -- Recommendations' numbers -----------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(?:(?:multi[- ]agency\s+)?(?:recommendation|rec)\.?\s*(?:no\.?\s*)?)?(\d{1,3})(?:\s*[:.)\-\u2013]\s*|\s+(?=\D)|\s*$)", re.I)


def split_number(text: str) -> tuple[int | None, str]:
    """('Recommendation 1: The board to ...') -> (1, 'The board to ...'); (None, text) when unnumbered."""
    m = _NUMBERED.match(text)
    if not m:
        return None, text.strip()
    return int(m.group(1)), text[m.end():].strip()


def read_number(text: str, value: object = None) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    number, rest = split_number(text)
    return number if number is not None and not rest else None


# -- The review: its type, stage and publication ------------------------------------------

REVIEW_TYPES = {
    "child safeguarding practice review": "ChildSafeguardingPracticeReview", "cspr": "ChildSafeguardingPracticeReview",
    "local child safeguarding practice review": "ChildSafeguardingPracticeReview", "lcspr": "ChildSafeguardingPracticeReview",
    "serious case review": "SeriousCaseReview", "scr": "SeriousCaseReview",
    "domestic homicide review": "DomesticHomicideReview", "dhr": "DomesticHomicideReview",
    "domestic abuse related death review": "DomesticHomicideReview", "dardr": "DomesticHomicideReview",
    "safeguarding adults review": "SafeguardingAdultsReview", "safeguarding adult review": "SafeguardingAdultsReview",
    "sar": "SafeguardingAdultsReview",
    "rapid review": "RapidReview", "rr": "RapidReview",
}
REVIEW_STAGES = {
    "scoping": "StageScoping", "referral": "StageScoping", "notification": "StageScoping", "commissioned": "StageScoping",
    "in progress": "StageInProgress", "ongoing": "StageInProgress", "underway": "StageInProgress", "drafting": "StageInProgress",
    "published": "StagePublished", "publication": "StagePublished",
    "action plan": "StageActionPlan", "action planning": "StageActionPlan", "monitoring": "StageActionPlan",
    "implementation": "StageActionPlan",
    "closed": "StageClosed", "complete": "StageClosed", "completed": "StageClosed",
}
_PUBLISHED = {"published": True, "yes": True, "y": True, "not published": False, "unpublished": False, "no": False, "n": False,
              "not yet published": False, "not for publication": False}
_LINK = re.compile(r"https?://[^\s<>\"{}|\\^`]+", re.I)


def read_review_type(text: str) -> tuple[str | None, str | None]:
    """(oscb: local name of the review type, problem)."""
    m = _NOTE.match(text)  # "Child Safeguarding Practice Review (CSPR)": the name and its acronym must agree
    found = {REVIEW_TYPES.get(_key(part)) for part in ([m[1], m[2]] if m else [text])}
    if len(found) == 1 and None not in found:
        return found.pop(), None
    return None, f"cannot read {text.strip()[:40]!r} as a review type (Child Safeguarding Practice Review, Serious Case Review, " \
                 "Domestic Homicide Review, Safeguarding Adults Review, Rapid Review)"


def read_review_stage(text: str) -> tuple[str | None, str | None]:
    """(oscb: local name of the review stage, problem)."""
    key = _key(text)
    if key in REVIEW_STAGES:
        return REVIEW_STAGES[key], None
    return None, f"cannot read {text.strip()[:40]!r} as a review stage (scoping, in progress, published, action plan, closed)"


@dataclass(frozen=True)
class Publication:
    """What a publication cell says: a date at its precision, a published flag, a link (any of them)."""

    date: DateValue | None = None
    published: bool | None = None
    link: str | None = None


def read_publication(text: str, value: object = None) -> tuple[Publication | None, str | None]:
    """A publication cell ('Published 12/03/2019', 'No', a link, an Excel date) read, or the problem in words."""
    if value is not None and not isinstance(value, str):
        reading = read_date(text, value)
        return (Publication(reading.date, True), None) if reading.date else (None, reading.problem or f"{text!r} is no date")
    links = _LINK.findall(text)
    rest = " ".join(_LINK.sub(" ", text).split()).strip(" ,;:-")
    key = _key(rest)
    flag = _PUBLISHED.get(key)
    date = None
    if rest and flag is None:
        words = rest
        for word in ("published on", "published"):
            if key.startswith(word):
                words, flag = rest[len(word):].strip(" ,;:-"), True
                break
        try:
            date = one_date(words)
        except ValueError as exc:
            return None, f"{words!r} is not a real date ({exc})"
        if date is None:
            return None, f"cannot read {rest[:40]!r} as a publication (a date, published or unpublished, a link)"
        flag = True
    if len(links) > 1:
        return None, "several links in one publication cell; keep one"
    return Publication(date, flag, links[0] if links else None), None
