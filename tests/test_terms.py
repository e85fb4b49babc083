"""Conversion between rdflib and pyoxigraph terms: round trips, and the memoised conversions stay exact."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from kb.terms import from_ox, to_ox

INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
BOOLEAN = URIRef("http://www.w3.org/2001/XMLSchema#boolean")

TERMS = [
    URIRef("https://w3id.org/porekb/treatment-isotretinoin"),
    Literal("plain"),
    Literal("mot", lang="fr"),
    Literal("12", datatype=INTEGER),
    Literal("2.5", datatype=DECIMAL),
    Literal("true", datatype=BOOLEAN),
]


@pytest.mark.parametrize("term", TERMS, ids=repr)
def test_round_trip(term) -> None:
    assert from_ox(to_ox(term)) == term
    assert from_ox(to_ox(term)) == term  # the second time from the memo, still the same term


def test_literals_that_differ_only_in_datatype_or_language_stay_apart() -> None:
    one = from_ox(ox.Literal("1", datatype=ox.NamedNode(str(INTEGER))))
    text = from_ox(ox.Literal("1"))
    french = from_ox(ox.Literal("1", language="fr"))
    assert one.datatype == INTEGER and text.datatype is None and french.language == "fr"
    assert len({one, text, french}) == 3


def test_blank_nodes_and_none() -> None:
    assert isinstance(from_ox(ox.BlankNode("b1")), BNode)
    assert from_ox(None) is None
    with pytest.raises(TypeError):
        to_ox("not a term")  # type: ignore[arg-type]
