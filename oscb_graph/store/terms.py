"""RDF terms as plain values, so that printing a query's answer needs no rdflib.

Engines give their answers as Terms (oscb_graph.store.results); writers print
Terms; `Term.to_rdflib()` gives the rdflib term for callers that want one (QueryResult.rows
does it on first use). A Term carries what SPARQL JSON carries: a type ("uri", "bnode" or
"literal"), the lexical value, and a literal's datatype or language.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rdflib.term import Identifier

XSD = "http://www.w3.org/2001/XMLSchema#"
_PYTHON_TYPES = ((bool, XSD + "boolean"), (int, XSD + "integer"), (float, XSD + "double"))
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


class Term(NamedTuple):
    """One RDF term: type "uri", "bnode" or "literal", its value, and a literal's datatype or language."""

    type: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: Any) -> Term:
        """A literal from a Python value: str stays plain; bool, int and float get their XSD type."""
        if isinstance(value, str):
            return cls("literal", value)
        for python_type, datatype in _PYTHON_TYPES:
            if isinstance(value, python_type):
                return cls("literal", str(value).lower() if python_type is bool else str(value), datatype)
        from rdflib import Literal  # dates and the rest: rdflib knows their lexical forms

        return cls.of(Literal(value))

    @classmethod
    def of(cls, value: Any) -> Term:
        """A Term from a Term, an rdflib term (URIRef, BNode, Literal) or a plain Python value."""
        if isinstance(value, Term):
            return value
        if "rdflib" in sys.modules:  # an rdflib term can exist only once rdflib is imported
            from rdflib import BNode, Literal, URIRef

            if isinstance(value, URIRef):
                return cls("uri", str(value))
            if isinstance(value, BNode):
                return cls("bnode", str(value))
            if isinstance(value, Literal):
                datatype = str(value.datatype) if value.datatype and not value.language else None
                return cls("literal", str(value), datatype, value.language)
        return cls.literal(value)

    @classmethod
    def from_json(cls, value: dict[str, str]) -> Term:
        """A term of SPARQL 1.1 Query Results JSON ("typed-literal" is the older spelling)."""
        kind = value["type"]
        if kind not in ("uri", "bnode", "literal", "typed-literal"):
            raise ValueError(f"unsupported SPARQL JSON term type {kind!r}")
        return cls("literal" if kind == "typed-literal" else kind, value["value"], value.get("datatype"), value.get("xml:lang"))

    def to_json(self) -> dict[str, str]:
        out = {"type": self.type, "value": self.value}
        if self.lang:
            out["xml:lang"] = self.lang
        elif self.datatype:
            out["datatype"] = self.datatype
        return out

    def n3(self) -> str:
        """The term as SPARQL and Turtle write it, escaped, for a VALUES row."""
        if self.type == "uri":
            if any(c in self.value for c in '<>"{}|^`\\ \n'):
                raise ValueError(f"not an IRI: {self.value!r}")
            return f"<{self.value}>"
        if self.type == "bnode":
            return f"_:{self.value}"
        text = f'"{self.value.translate(_ESCAPES)}"'
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text

    def to_rdflib(self) -> Identifier:
        from rdflib import BNode, Literal, URIRef

        if self.type == "uri":
            return URIRef(self.value)
        if self.type == "bnode":
            return BNode(self.value)
        return Literal(self.value, lang=self.lang, datatype=URIRef(self.datatype) if self.datatype else None)
