"""Who a lead cell names: posts and organisations, several to a cell, resolved to the graph's bodies.

"Head of Safeguarding, Oxford Health NHS Foundation Trust; TVP" names a post in Oxford Health and
Thames Valley Police. Names resolve to the bodies the graph already knows by label, acronym or
alternative label (case and punctuation aside, and "NHS Foundation Trust" or "the" aside), then by
close spelling (rapidfuzz, one clear best match); a name that fits none becomes a new body, which
the import reports. Nothing is resolved to a body that two names fit equally.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..names import NAMES_QUERY, PRIMARY, normalise
from ..prefixes import ID_BASE, OSCB_NS

# the kinds of node a lead may be
BODY_KINDS = ("Agency", "Service", "Team", "Directorate", "Post", "StaffGroup", "BodyGroup", "Board", "Partnership",
              "WorkingGroup", "Hub", "Panel", "Conference", "Meeting", "Arrangement")
# words that make a name a post rather than an organisation
_POST_WORDS = re.compile(r"\b(head|director|manager|lead|officer|chair|designated|named|nurse|doctor|co-?ordinator|"
                         r"adviser|advisor|commissioner|consultant|practitioner|superintendent|inspector|chief|deputy|"
                         r"assistant|principal|clerk|secretary|administrator|worker|champion)\b", re.I)
_SUFFIXES = re.compile(r"\b(nhs foundation trust|nhs trust|foundation trust|nhs|trust|ltd|limited|plc|cic|council)$")
_SPLIT = re.compile(r"\s*(?:\n|;|\s/\s|\u2022|•)\s*")
_AND = re.compile(r"\s+(?:and|&)\s+", re.I)
CLOSE = 90  # rapidfuzz ratio (0-100) at or above which a spelling is the same name


def _key(name: str) -> str:
    text = normalise(name).replace("&", "and")
    text = re.sub(r"[^\w' ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def _bare(key: str) -> str:
    return _SUFFIXES.sub("", key).strip()


@dataclass(frozen=True)
class Body:
    """A body a lead names: a node the graph knows, or a new one the import adds (`new`)."""

    iri: str
    label: str
    kind: str  # oscb: local name
    new: bool = False
    post_in: str | None = None  # for a new post: the IRI of its organisation


@dataclass
class Resolver:
    """The graph's bodies by every name they have, and the new bodies made so far."""

    names: dict[str, set[str]] = field(default_factory=dict)  # key -> IRIs
    bodies: dict[str, Body] = field(default_factory=dict)  # IRI -> body
    taken: set[str] = field(default_factory=set)  # IRIs in use, so that a new body never takes one

    @classmethod
    def from_rows(cls, rows) -> Resolver:
        """From NAMES_QUERY's rows: (node, name, tier, class, label)."""
        resolver = cls()
        labels: dict[str, str] = {}
        kinds: dict[str, str] = {}
        for node, name, tier, cls_, label, *_ in rows:
            node = str(node)
            resolver.taken.add(node)
            kind = str(cls_)[len(OSCB_NS):] if cls_ is not None and str(cls_).startswith(OSCB_NS) else None
            if kind not in BODY_KINDS:
                continue
            kinds[node] = kind
            if label is not None:
                labels.setdefault(node, str(label))
            elif int(tier) == PRIMARY:
                labels.setdefault(node, str(name))
            resolver._index(str(name), node)
        for node, kind in kinds.items():
            resolver.bodies[node] = Body(node, labels.get(node, node.rsplit("/", 1)[-1]), kind)
        return resolver

    @classmethod
    def from_store(cls, store) -> Resolver:
        return cls.from_rows(store.query(NAMES_QUERY).terms)

    def _index(self, name: str, iri: str) -> None:
        key = _key(name)
        for k in {key, _bare(key)}:
            if k:
                self.names.setdefault(k, set()).add(iri)

    def find(self, name: str) -> tuple[Body | None, str | None]:
        """The known body `name` means, or (None, why not: '' for no match, else the ambiguity)."""
        key = _key(name)
        for k in (key, _bare(key)):
            found = self.names.get(k, set())
            if len(found) == 1:
                return self.bodies[next(iter(found))], None
            if len(found) > 1:
                labels = sorted(f"{self.bodies[i].label} ({self.bodies[i].kind}, {self.bodies[i].iri.rsplit('/', 2)[-2]}:"
                                f"{self.bodies[i].iri.rsplit('/', 1)[-1]})" for i in found)
                return None, f"{name!r} could mean {' or '.join(labels)}"
        from rapidfuzz import fuzz, process

        bare = _bare(key)
        if len(bare) < 4:
            return None, ""
        scored = process.extract(bare, list(self.names), scorer=fuzz.ratio, limit=2)
        if scored and scored[0][1] >= CLOSE and (len(scored) == 1 or scored[1][1] < scored[0][1]):
            found = self.names[scored[0][0]]
            if len(found) == 1:
                return self.bodies[next(iter(found))], None
        return None, ""

    def new_body(self, name: str, kind: str, report: str, post_in: Body | None = None) -> Body:
        """A body the graph does not know, with an IRI of its kind's namespace that no node has."""
        base = {"Post": "post/"}.get(kind, "agency/")
        slug = re.sub(r"[^a-z0-9]+", "-", _key(name).replace("'", "")).strip("-")[:60] or "body"
        if post_in is not None:
            slug = f"{slug}-{post_in.iri.rsplit('/', 1)[-1]}"[:90]
        iri = ID_BASE + base + slug
        if iri in self.taken and iri not in self.bodies:
            iri = ID_BASE + base + f"{report}-{slug}"
        existing = self.bodies.get(iri)
        if existing is not None:
            return existing
        label = f"{name.strip()}, {post_in.label}" if post_in is not None else name.strip()
        body = Body(iri, label, kind, new=True, post_in=post_in.iri if post_in else None)
        self.bodies[iri] = body
        self.taken.add(iri)
        self._index(name, iri)
        return body


@dataclass(frozen=True)
class LeadReading:
    """What a lead cell names, and what could not be settled."""

    bodies: list[Body]
    problems: list[str]


def is_post(name: str) -> bool:
    return bool(_POST_WORDS.search(name))


def read_leads(text: str, resolver: Resolver, report: str) -> LeadReading:
    """The bodies a lead cell names, known or new, in the order written."""
    bodies: list[Body] = []
    problems: list[str] = []
    for part in (p.strip(" ,.") for p in _SPLIT.split(text)):
        if not part:
            continue
        for body in _read_part(part, resolver, report, problems):
            if body not in bodies:
                bodies.append(body)
    return LeadReading(bodies, problems)


def _read_part(part: str, resolver: Resolver, report: str, problems: list[str]) -> list[Body]:
    body, why = resolver.find(part)
    if body is not None:
        return [body]
    if why:
        problems.append(why)
        return []
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    if len(pieces) == 2:
        post, organisation = pieces
        org, org_why = resolver.find(organisation)
        if is_post(post) and not is_post(organisation):
            org = org or resolver.new_body(organisation, "Agency", report)
            known_post, _ = resolver.find(post)
            if known_post is not None and known_post.kind == "Post":
                return [known_post]
            return [resolver.new_body(post, "Post", report, post_in=org)]
    if len(pieces) > 1 or _AND.search(part):
        pieces = [q.strip() for p in pieces for q in _AND.split(p) if q.strip()]
        found = [resolver.find(p)[0] for p in pieces]
        if all(found):
            return [b for b in found if b is not None]
    return [resolver.new_body(part, "Post" if is_post(part) else "Agency", report)]
