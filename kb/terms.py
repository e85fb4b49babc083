"""Conversion between rdflib terms (the engine's common currency) and pyoxigraph terms."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


_NAMED: dict[str, ox.NamedNode] = {}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        named = _NAMED.get(term)
        if named is None:
            if len(_NAMED) >= _IRIS_MAX:
                _NAMED.clear()
            named = _NAMED[term] = ox.NamedNode(str(term))
        return named
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


_IRIS: dict[str, URIRef] = {}
_IRIS_MAX = 200_000  # IRIs repeat across result rows; building a URIRef costs ~20x a dict lookup
_LITERALS: dict[
    ox.Literal, Literal
] = {}  # so do literals (counts, ranks, labels); rdflib's Literal is slower


def from_ox(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        value = term.value
        iri = _IRIS.get(value)
        if iri is None:
            if len(_IRIS) >= _IRIS_MAX:
                _IRIS.clear()
            iri = _IRIS[value] = URIRef(value)
        return iri
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        literal = _LITERALS.get(term)
        if literal is None:
            if len(_LITERALS) >= _IRIS_MAX:
                _LITERALS.clear()
            literal = _LITERALS[term] = _literal(term)
        return literal
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def _literal(term: ox.Literal) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype in (XSD_STRING, RDF_LANGSTRING):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))
