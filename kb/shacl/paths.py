"""SHACL property paths (https://www.w3.org/TR/shacl/#property-paths): read from a graph, written as SPARQL
or in words.

One reading serves the compiler (SPARQL), the comparison key of a finding (SPARQL with full IRIs) and the
validation report (CURIEs), so both engines word a path the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

# unary path kinds: the SHACL predicate and the SPARQL operator (prefix for inverse, suffix otherwise)
_UNARY = {
    "inverse": (SH.inversePath, "^", ""),
    "zeroOrMore": (SH.zeroOrMorePath, "", "*"),
    "oneOrMore": (SH.oneOrMorePath, "", "+"),
    "zeroOrOne": (SH.zeroOrOnePath, "", "?"),
}


class PathError(ValueError):
    """A node is not a well-formed SHACL path."""


@dataclass(frozen=True)
class ShaclPath:
    """A SHACL path: an IRI (``kind == "iri"``), a unary path over ``parts[0]``, or a sequence/alternative."""

    kind: str
    iri: str = ""
    parts: tuple[ShaclPath, ...] = ()

    def sparql(self) -> str:
        """The SPARQL 1.1 property path with full IRIs (also the path's part of a finding's key)."""
        return self.words(lambda iri: f"<{iri}>")

    def words(self, name: Callable[[str], str]) -> str:
        """The path with each IRI written by ``name`` (e.g. a CURIE function): ``pkb:x``, ``^pkb:x``, ``(a/b)``."""
        if self.kind == "iri":
            return name(self.iri)
        if self.kind == "sequence":
            return "(" + "/".join(p.words(name) for p in self.parts) + ")"
        if self.kind == "alternative":
            return "(" + "|".join(p.words(name) for p in self.parts) + ")"
        _predicate, before, after = _UNARY[self.kind]
        return f"({before}{self.parts[0].words(name)}{after})"

    def report_words(self, name: Callable[[str], str]) -> str:
        """How a validation report shows the path: ``pkb:x``, ``^pkb:x`` for an inverse IRI, else :meth:`words`."""
        if self.kind == "inverse" and self.parts[0].kind == "iri":
            return "^" + name(self.parts[0].iri)
        return self.words(name)

    @property
    def is_iri(self) -> bool:
        """True for a plain predicate path."""
        return self.kind == "iri"

    def last_iri(self) -> str:
        """The last IRI in the path (names a blank property shape after its property)."""
        return self.iri if self.kind == "iri" else self.parts[-1].last_iri()


def read_path(graph: Graph, node: Node) -> ShaclPath:
    """The path ``node`` of ``graph`` as a :class:`ShaclPath`; :class:`PathError` if it is not one."""
    if isinstance(node, URIRef):
        return ShaclPath("iri", str(node))
    if graph.value(node, RDF.first) is not None:
        items = list(Collection(graph, node))
        return ShaclPath("sequence", parts=tuple(read_path(graph, p) for p in items))
    for kind, (predicate, _before, _after) in _UNARY.items():
        inner = graph.value(node, predicate)
        if inner is not None:
            return ShaclPath(kind, parts=(read_path(graph, inner),))
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        items = list(Collection(graph, alternatives))
        return ShaclPath("alternative", parts=tuple(read_path(graph, p) for p in items))
    raise PathError(f"{node} is not a SHACL path")
