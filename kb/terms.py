"""Conversion between rdflib terms (the engine's common currency) and pyoxigraph terms.

IRIs and literals repeat across result rows, and building an rdflib term costs ~20x a dict lookup, so the
conversions of both are memoised (bounded: a memo that grows past its limit starts again).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
MEMO_LIMIT = 200_000


class _Memo(dict):
    """``memo[key]`` is ``make(key)``, made once (``__missing__`` runs only on a miss, so a hit is a dict read)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: Hashable) -> Any:
        if len(self) >= MEMO_LIMIT:
            self.clear()
        value = self[key] = self.make(key)
        return value


def _rdflib_literal(term: ox.Literal) -> Literal:
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype in (XSD_STRING, RDF_LANGSTRING):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def _ox_literal(term: Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


_NAMED_NODES = _Memo(lambda iri: ox.NamedNode(str(iri)))
_OX_LITERALS = _Memo(_ox_literal)
_IRIS = _Memo(URIRef)
_LITERALS = _Memo(_rdflib_literal)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return _NAMED_NODES[term]
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return _OX_LITERALS[term]
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def from_ox(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return _IRIS[term.value]
    if isinstance(term, ox.Literal):
        return _LITERALS[term]
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"cannot convert {term!r} to an rdflib term")
