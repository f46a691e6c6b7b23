"""Canned queries: the .rq files in oscb_graph/queries, with their titles and parameters.

Each file starts with a header comment that says what it answers and what it takes:

    # title: Who owns each recommendation
    # description: One row per recommendation and body ...
    #   (indented lines continue the description)
    # param number: integer, optional. Only the recommendation with this number.
    # param body: node Agency Service, optional. Only this body (any kind when no kinds follow 'node').

and one `VALUES (?number ?body) { (UNDEF UNDEF) }` line in its WHERE clause, so that the
file runs as it stands with every parameter free. A query may repeat that line in subqueries
(so that an engine filters by a parameter before it joins), listing there only the parameters
that the subquery uses (in the header's order); each copy is filled with those of its own. A user's values replace the UNDEFs as
validated, escaped RDF terms (never pasted text); node names are resolved through
oscb_graph.names first. Parameters that are not given are left out of the row (and a row
with none given is left out), and the query's own FILTERs treat an unbound parameter as
"any": Virtuoso drops from a group the variables that a BIND sets after a VALUES row holding
UNDEF, so an UNDEF is never sent (and it never answers a UNION branch of a grouped subquery
whose VALUES row binds a variable the branch does not use, hence the copies' own lists).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import QueryError, brief
from .store.interface import DEFAULT_TIMEOUT
from .store.terms import Term

if TYPE_CHECKING:
    from .names import NameIndex, StoreNames
    from .store import QueryResult, Store

TYPES = ("node", "integer", "date", "text")
_PARAM = re.compile(r"param\s+(\w+)\s*:\s*(node(?:\s+[A-Za-z ]+?)?|%s)\s*,\s*(required|optional|default\s+[^.]+)\.\s*(.*)"
                    % "|".join(t for t in TYPES if t != "node"))
_VALUES = re.compile(r"VALUES\s*\(([^)]*)\)\s*\{\s*\(((?:\s*UNDEF)+)\s*\)\s*\}")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class Parameter(NamedTuple):
    """One parameter of a canned query: a variable of the query that a user may bind."""

    name: str
    type: str  # one of TYPES
    kinds: tuple[str, ...]  # for nodes: the oscb: kinds a name may resolve to; empty = any
    required: bool
    default: str | None
    description: str

    def describe(self) -> str:
        kinds = f" ({' or '.join(self.kinds)})" if self.kinds else ""
        need = "required" if self.required else (f"default {self.default}" if self.default else "optional")
        return f"{self.name}: {self.type}{kinds}, {need}. {self.description}"


class CannedQuery(NamedTuple):
    """A parsed .rq file."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"query {self.name!r} has no parameter {brief(name)}; its parameters: {known}")

    def sparql(self, values: dict[str, str], names: NameIndex | StoreNames | None = None) -> str:
        """The query text with `values` (parameter name -> the user's text) bound in its VALUES row.

        `names` resolves node parameters; it is needed only when one is given.
        """
        given = dict(values)
        for p in self.parameters:
            if p.name not in given and p.default is not None:
                given[p.name] = p.default
        bound = {}
        for p in self.parameters:
            if p.name in given:
                bound[f"?{p.name}"] = _term(self, p, given.pop(p.name), names)
            elif p.required:
                raise QueryError(f"query {self.name!r} needs --param {p.name}=VALUE ({p.describe()})")
        for unknown in given:
            self.parameter(unknown)
        return self._filled(bound)

    def bound(self, terms: dict[str, Term]) -> str:
        """The query text with parameters bound to terms already known (an IRI from an answer), no names resolved."""
        for name in terms:
            self.parameter(name)
        return self._filled({f"?{p.name}": terms[p.name].n3() for p in self.parameters if p.name in terms})

    def _filled(self, bound: dict[str, str]) -> str:
        """Each VALUES row with the bound parameters it lists (variable -> SPARQL term); a row with none is left out."""
        if not self.parameters:
            return self.text

        def row(match: re.Match) -> str:
            names = [name for name in match.group(1).split() if name in bound]
            return f"VALUES ({' '.join(names)}) {{ ({' '.join(bound[name] for name in names)}) }}" if names else ""

        return _VALUES.sub(row, self.text)


def _term(query: CannedQuery, p: Parameter, value: str, names: NameIndex | StoreNames | None) -> str:
    """The user's text for one parameter as a SPARQL term, or a one-line QueryError."""
    if p.type == "integer":
        try:
            return Term.literal(int(value.strip())).n3()
        except ValueError:
            raise QueryError(f"{p.name} must be a whole number, not {brief(value)}") from None
    if p.type == "date":
        return Term.literal(parse_date(p.name, value)).n3()
    if p.type == "text":
        if not value.strip():
            raise QueryError(f"{p.name} must not be empty")
        return Term.literal(value.strip()).n3()
    if names is None:
        raise QueryError(f"query {query.name!r} needs the graph's names to resolve {p.name}={brief(value)}")
    return Term.iri(names.resolve(value, p.kinds or None).iri).n3()


def parse_date(name: str, value: str) -> str:
    """A date as ISO text at the precision given (2015, 2015-09, 2015-09-01), checked."""
    import datetime as dt

    text = value.strip()
    if _DATE.fullmatch(text):
        parts = [int(x) for x in text.split("-")] + [1, 1]
        try:
            dt.date(parts[0], parts[1], parts[2])
            return text
        except ValueError:
            pass
    raise QueryError(f"{name} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {brief(value)}")


def parse(name: str, source: str) -> CannedQuery:
    """A CannedQuery from the text of its .rq file; a malformed header is a QueryError."""
    fields: dict[str, list[str]] = {"title": [], "description": []}
    params: list[Parameter] = []
    last = None
    for line in source.splitlines():
        if not line.startswith("#"):
            break
        body = line[1:]
        content = body.strip()
        if body.startswith(("   ", "\t")) and last == "description":
            fields["description"].append(content)
        elif content.startswith("param "):
            params.append(_parameter(name, content))
            last = "param"
        elif ":" in content and content.split(":", 1)[0] in fields:
            last, _, rest = content.partition(":")
            fields[last].append(rest.strip())
        elif content:
            last = None
    if not fields["title"]:
        raise QueryError(f"canned query {name!r} has no '# title:' line")
    query = CannedQuery(name, " ".join(fields["title"]), " ".join(fields["description"]), tuple(params), source)
    _check_values_row(query)
    return query


def _parameter(query: str, line: str) -> Parameter:
    m = _PARAM.fullmatch(line)
    if not m:
        raise QueryError(f"canned query {query!r}: cannot read {line!r}; write 'param NAME: TYPE, required|optional|default X. What it is.'")
    name, type_, need, description = m.groups()
    kinds = tuple(type_.split()[1:])
    default = need[len("default"):].strip() if need.startswith("default") else None
    return Parameter(name, type_.split()[0], kinds, need == "required", default, description.strip())


def _check_values_row(query: CannedQuery) -> None:
    """The first VALUES row of UNDEFs must list exactly the declared parameters, in order; its copies, some of them, in order."""
    declared = [f"?{p.name}" for p in query.parameters]
    if not declared:
        return
    rows = list(_VALUES.finditer(query.text))

    def fits(names: list[str], undefs: int) -> bool:
        return len(names) == undefs and names == [name for name in declared if name in names]

    if not rows or rows[0].group(1).split() != declared or not all(fits(m.group(1).split(), len(m.group(2).split())) for m in rows):
        raise QueryError(f"canned query {query.name!r} must have the row VALUES ({' '.join(declared)}) {{ ({' '.join(['UNDEF'] * len(declared))}) }}")


QUERIES = Path(__file__).resolve().parent / "queries"


def canned_queries() -> dict[str, CannedQuery]:
    """Every canned query shipped in the package, by name (the file name without .rq)."""
    return {path.stem: parse(path.stem, path.read_text(encoding="utf-8")) for path in sorted(QUERIES.glob("*.rq"))}


def get(name: str) -> CannedQuery:
    """The canned query called `name` (only its file is read), or a QueryError naming the nearest."""
    path = QUERIES / f"{name}.rq"
    if re.fullmatch(r"[\w-]{1,100}", name) and path.is_file():
        return parse(name, path.read_text(encoding="utf-8"))
    names = [p.stem for p in QUERIES.glob("*.rq")]
    import difflib

    near = difflib.get_close_matches(name[:100], names, n=1)
    hint = f"did you mean {near[0]!r}? " if near else ""
    raise QueryError(f"no canned query is called {brief(name)}; {hint}`oscb-graph queries` lists them")


def needs_names(query: CannedQuery, values: dict[str, str]) -> bool:
    return any(p.type == "node" and p.name in values for p in query.parameters)


def run(store: Store, query: CannedQuery, values: dict[str, str] | None = None, timeout: float | None = DEFAULT_TIMEOUT,
        names: NameIndex | StoreNames | None = None) -> QueryResult:
    """Run a canned query on a store (oscb_graph.store.Store), with the user's parameter values.

    The store's names are indexed only when a node parameter is given and `names` is None.
    The query is checked for safety as its template: the values are escaped terms.
    """
    values = values or {}
    if names is None and needs_names(query, values):
        from .names import StoreNames

        names = StoreNames(store)
    result = store.query(query.sparql(values, names), timeout=timeout, checked_as=query.text)
    if result.is_empty:
        check_known_values(store, query, values, timeout)
    return result


REPORT_OF_GRAPH = 'BIND(STRAFTER(STR(?g), "https://w3id.org/oscb-graph/id/") AS ?report)'
# Parameters whose value must name something the graph holds, what each is called, and the query
# listing those there are (by report). They are asked only when an answer is empty, so that a typo
# or a number out of range is told apart from a question whose answer is none.
KNOWN_VALUES = {
    "number": ("recommendation", "SELECT DISTINCT ?report ?value WHERE { GRAPH ?g { ?r oscb:number ?value } "
                                 "?r a oscb:Recommendation . %s }" % REPORT_OF_GRAPH),
    "kind": ("flow kind", "SELECT DISTINCT ?report ?value WHERE { GRAPH ?g { ?f oscb:flowKind ?k } "
                          "?k skos:prefLabel ?value . %s }" % REPORT_OF_GRAPH),
}


def check_known_values(store, query: CannedQuery, values: dict[str, str], timeout: float | None) -> None:
    """UsageMistake when a value given for one of KNOWN_VALUES names nothing in the loaded reports."""
    from .errors import UsageMistake, choose

    declared = {p.name for p in query.parameters}
    for name, (what, listing) in KNOWN_VALUES.items():
        if name not in values or name not in declared:
            continue
        found = [(str(report), str(value)) for report, value in store.query(listing, timeout=timeout).terms]
        if name == "kind":
            choose(values[name], sorted({value for _, value in found}), what)
            continue
        wanted = int(values[name].strip())
        by_report: dict[str, set[int]] = {}
        for report, value in found:
            by_report.setdefault(report, set()).add(int(value))
        if any(wanted in numbers for numbers in by_report.values()):
            continue
        listed = [f"{report} has {spans(numbers)}" for report, numbers in sorted(by_report.items())]
        more = f", and {len(listed) - 3} more reports (narrow with --source)" if len(listed) > 3 else ""
        where = "; ".join(listed[:3]) + more if listed else "no report has any"
        raise UsageMistake(f"there is no {what} {wanted}: {where}")


def spans(numbers: set[int]) -> str:
    """1-7, 9, 11-12: whole numbers written as runs."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
