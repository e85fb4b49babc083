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


def _make_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        made = ox.NamedNode(str(term))
        FROM_OX.setdefault(made, term)  # the way back gives this very object (see below)
        return made
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        return _ox_literal(term)
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def _make_rdflib(term: object) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        made = URIRef(term.value)
        TO_OX.setdefault(made, term)
        return made
    if isinstance(term, ox.Literal):
        return _rdflib_literal(term)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


# One memo each way, keyed by the term itself (rdflib's URIRef and Literal of the same text hash alike but are
# not equal, so they do not collide): a hit is one dict read, with no Python call when read through
# ``TO_OX.__getitem__`` / ``FROM_OX.__getitem__`` (what the stores' bulk conversions do). An IRI made one way is
# entered the other way too, so both memos hold the same objects: a lookup then matches by identity, not by
# rdflib's ``__eq__`` (a Python call; ~12,000 per profile at 1e6 before). Literals are not (rdflib normalises
# their lexical form, so the way back need not give the same Oxigraph term).
TO_OX = _Memo(_make_ox)
FROM_OX = _Memo(_make_rdflib)


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    return TO_OX[term]


def from_ox(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (None stays None)."""
    return FROM_OX[term]
