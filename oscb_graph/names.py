"""Find the node a person means by a name: 'tvp', 'Thames Valley Police', 'MASH', 'rec-4'.

People name nodes by label, acronym or glossary term, in any case; commands, pictures and
network analysis all resolve names through one NameIndex so that a name means the same
node everywhere. A name that fits several nodes lists them; one that fits none suggests
the nearest names, each in one line a user can act on.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import OscbError, brief
from .prefixes import ID_BASE, OSCB_NS, PREFIXES
from .store.terms import Term

if TYPE_CHECKING:
    from .store import Store

# Names a node has, best first: its own labels, then its acronyms and alternative labels,
# then the words of a glossary entry that denotes it, then the last segment of its IRI.
PRIMARY, ALTERNATIVE, GLOSSARY, SLUG = range(4)

NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oscb: <%(oscb)s>
SELECT ?node ?name ?tier ?class ?label ?word WHERE {
  {
    VALUES (?word) { (UNDEF) }  # StoreNames puts a word here (only names or IRIs containing it), or drops the row
    {
      { ?node rdfs:label ?name } UNION { ?node skos:prefLabel ?name }
      BIND(%(primary)d AS ?tier)
    } UNION {
      { ?node skos:altLabel ?name } UNION { ?node oscb:acronym ?name }
      BIND(%(alternative)d AS ?tier)
    } UNION {
      ?entry oscb:denotes ?node .
      { ?entry skos:altLabel ?name } UNION { ?entry skos:prefLabel ?name }
      BIND(%(glossary)d AS ?tier)
    }
    FILTER(isIRI(?node) && STRSTARTS(STR(?node), "%(base)s"))
    FILTER(!BOUND(?word) || CONTAINS(LCASE(STR(?name)), ?word) || CONTAINS(LCASE(STR(?node)), ?word))
  }
  FILTER NOT EXISTS { ?node oscb:denotes ?denoted }  # a glossary entry answers for its node
  OPTIONAL { ?node a ?class . FILTER(STRSTARTS(STR(?class), "%(oscb)s")) }
  OPTIONAL { ?node rdfs:label ?label }
}
""" % {"oscb": OSCB_NS, "base": ID_BASE, "primary": PRIMARY, "alternative": ALTERNATIVE, "glossary": GLOSSARY}


class NameResolutionError(OscbError):
    """A name that fits no node or several; the message is one line for the user (exit 2)."""

    exit_code = 2


class UnknownName(NameResolutionError):
    """No node has this name."""


class AmbiguousName(NameResolutionError):
    """Several nodes have this name; `candidates` lists them."""

    def __init__(self, message: str, candidates: list[Match]):
        super().__init__(message)
        self.candidates = candidates


@dataclass(frozen=True)
class Match:
    """A node a name resolved to: its IRI, its label and its kind (oscb: class local name)."""

    iri: str
    label: str
    kind: str | None

    @property
    def short(self) -> str:
        """The IRI as a prefixed name (agency:thames-valley-police) where a prefix fits."""
        return prefixed(self.iri)


def prefixed(iri: str) -> str:
    best = max(((p, ns) for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda pn: len(pn[1]), default=None)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else iri


SPACES = re.compile(r"\s+")


def normalise(name: str) -> str:
    """Case- and punctuation-blind form: 'The  Children’s Services' -> "children's services"."""
    text = name.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = SPACES.sub(" ", text).strip().strip(".,;:").casefold()
    return text[4:] if text.startswith("the ") else text


def slug(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


class NameIndex:
    """Every name of every node of the graph, for case-insensitive lookup."""

    def __init__(self, rows: Iterable[tuple[str, str, int, str | None, str | None]]):
        """rows: (node IRI, name, tier, oscb: class IRI or None, label or None)."""
        self._names: dict[str, dict[int, set[str]]] = {}  # normalised name -> tier -> IRIs
        self._display: dict[str, str] = {}  # normalised name -> the name as written
        self._nodes: dict[str, Match] = {}
        kinds: dict[str, set[str]] = {}
        labels: dict[str, str] = {}
        labelled: set[str] = set()  # nodes whose label is an rdfs:label
        for iri, name, tier, cls, label in rows:
            self._add(name, tier, iri)
            self._add(slug(iri), SLUG, iri)
            if cls:
                kinds.setdefault(iri, set()).add(cls[len(OSCB_NS):])
            if label:  # the least rdfs:label, else the least primary name: the same whatever order rows come in
                labels[iri] = min(label, labels[iri]) if iri in labelled else label
                labelled.add(iri)
            elif tier == PRIMARY and iri not in labelled:
                labels[iri] = min(name, labels.get(iri, name))
        for iri in {i for tiers in self._names.values() for ids in tiers.values() for i in ids}:
            kind = sorted(kinds[iri])[0] if iri in kinds else None
            self._nodes[iri] = Match(iri, labels.get(iri, slug(iri)), kind)

    def _add(self, name: str, tier: int, iri: str) -> None:
        key = normalise(name)
        if key:
            self._names.setdefault(key, {}).setdefault(tier, set()).add(iri)
            self._display.setdefault(key, name.strip())

    @classmethod
    def from_graph(cls, graph) -> NameIndex:
        """Index an rdflib Graph or Dataset."""
        return cls(_plain(row) for row in graph.query(NAMES_QUERY))

    @classmethod
    def from_store(cls, store: Store, word: str | None = None) -> NameIndex:
        """Index a store from oscb_graph.store.open_store; with `word`, only names or IRIs containing it."""
        row = "VALUES (?word) { (UNDEF) }"
        text = NAMES_QUERY.replace(row, "" if word is None else f"VALUES (?word) {{ ({Term.literal(word).n3()}) }}", 1)
        return cls(_plain(row) for row in store.query(text, checked_as=NAMES_QUERY).terms)

    def __len__(self) -> int:
        return len(self._nodes)

    def node(self, iri: str) -> Match | None:
        return self._nodes.get(iri)

    def resolve(self, name: str, kinds: Iterable[str] | None = None) -> Match:
        """The one node `name` means, among nodes of `kinds` (oscb: local names) if given.

        A name may also be an IRI or a prefixed name (agency:thames-valley-police).
        Raises UnknownName or AmbiguousName with a one-line message.
        """
        wanted = set(kinds) if kinds else None

        def fits(iri: str) -> bool:
            return wanted is None or self._nodes[iri].kind in wanted

        iri = _expand(name.strip())
        if iri in self._nodes and fits(iri):
            return self._nodes[iri]
        tiers = self._names.get(normalise(name), {})
        for tier in sorted(tiers):
            found = sorted((i for i in tiers[tier] if fits(i)), key=lambda i: (self._nodes[i].label.casefold(), i))
            if len(found) == 1:
                return self._nodes[found[0]]
            if found:
                candidates = [self._nodes[i] for i in found]
                listed = "; ".join(f"{m.label} ({m.kind or 'term'}, {m.short})" for m in candidates)
                raise AmbiguousName(f"{brief(name)} could mean {len(found)} things: {listed}. Give the full name or the prefixed name.", candidates)
        raise UnknownName(self._unknown_message(name, wanted))

    def _unknown_message(self, name: str, wanted: set[str] | None) -> str:
        kinds = sorted(wanted or ())
        what = ("nothing" if not kinds else "no " + " or ".join(kinds) if len(kinds) <= 3
                else f"no {', '.join(kinds[:3])} or any of {len(kinds) - 3} other kinds")
        keys = [
            k for k, tiers in self._names.items()
            if any(wanted is None or self._nodes[i].kind in wanted for t, ids in tiers.items() if t != SLUG for i in ids)
        ]
        near = difflib.get_close_matches(normalise(name), keys, n=3, cutoff=0.6)
        key = normalise(name)
        if not near and len(key) >= 3:
            near = sorted((k for k in keys if key in k), key=len)[:3]
        hint = "; did you mean " + " or ".join(repr(self._display[k]) for k in near) + "?" if near else "; `oscb-graph search TEXT` finds names by any word in them."
        return f"{what} in the graph is named {brief(name)}{hint}"


class StoreNames:
    """Resolve names against a store one at a time, reading only the nodes that could bear each.

    Indexing every name of a thousand reports takes seconds. A compiled store of all its
    reports has a name index (Store.name_rows) that gives a name's nodes at once. Otherwise (rdflib,
    or --source), a name's nodes all contain its longest plain word (a-z, 0-9) in a name or
    their IRI, so only those are read. When none fits, the whole index is read after all, to
    resolve what the word missed or suggest names.
    """

    def __init__(self, store: Store):
        self.store = store

    def resolve(self, name: str, kinds: Iterable[str] | None = None) -> Match:
        found = self._from_index(name)
        words = re.findall(r"[a-z0-9]+", normalise(_expand(name.strip())))
        if found is None and words:
            found = NameIndex.from_store(self.store, max(words, key=len))
        if found is not None:
            try:
                return found.resolve(name, kinds)
            except UnknownName:
                pass
        return NameIndex.from_store(self.store).resolve(name, kinds)

    def _from_index(self, name: str) -> NameIndex | None:
        """The nodes named `name` (or with it as IRI) from the store's name index; None if it has none."""
        rows = self.store.name_rows(normalise(name), _expand(name.strip()))
        return None if rows is None else NameIndex(rows)


def _expand(name: str) -> str:
    """An IRI from '<iri>', 'prefix:local' or a full IRI; else the name unchanged."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name


def _plain(row) -> tuple[str, str, int, str | None, str | None]:
    node, name, tier, cls, label = row[:5]  # NAMES_QUERY's ?word follows
    return str(node), str(name), int(str(tier)), (str(cls) if cls is not None else None), (str(label) if label is not None else None)
