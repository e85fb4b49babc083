"""The KB index's lookups read from the store's own terms give what reading every triple as rdflib terms gives:
the asserted facts by subject and predicate (same objects, same order) and the claims by the triple they back."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from kb.kb_index import _CLAIMS, AssertedFacts, _claims, _key, _value_key
from kb.knowledge_base import KnowledgeBase, load_kb
from kb.namespaces import GRAPH_FACTS, GRAPH_ONTOLOGY, PKB
from kb.store import QueryResult, RdflibStore
from kb.terms import from_ox


@pytest.fixture(scope="module")
def real_kb() -> KnowledgeBase:
    return load_kb()


def _scanned(kb: KnowledgeBase) -> dict[tuple, list]:
    """Every asserted (subject, predicate) -> objects, by reading both graphs whole (ontology first)."""
    out: dict[tuple, list] = defaultdict(list)
    for g in (GRAPH_ONTOLOGY, GRAPH_FACTS):
        for s, p, o in kb.store.triples(g):
            if isinstance(s, URIRef):
                out[(s, p)].append(o)
    return dict(out)


def test_asserted_lookups_equal_a_whole_scan(real_kb: KnowledgeBase) -> None:
    scanned = _scanned(real_kb)
    lazy = AssertedFacts(real_kb.store)
    assert any(len(objects) > 1 for objects in scanned.values()), "the KB has keys with several objects"
    for key, objects in scanned.items():
        assert lazy.get(key) == objects, key
    assert lazy.get((PKB["no-such-term"], PKB.actsThrough), []) == []
    assert lazy.get((PKB["no-such-term"], PKB.actsThrough)) is None
    for pred in (PKB.minAge, PKB.maxAge, PKB.actsThrough):
        assert sorted(lazy.subjects(pred)) == sorted(s for s, p in scanned if p == pred), pred


def test_asserted_on_another_store_reads_it_whole(real_kb: KnowledgeBase) -> None:
    other = RdflibStore()
    for g in (GRAPH_ONTOLOGY, GRAPH_FACTS):
        other.add(g, real_kb.store.triples(g))
    lazy, whole = AssertedFacts(real_kb.store), AssertedFacts(other)
    for key in _scanned(real_kb):
        assert sorted(whole.get(key, [])) == sorted(lazy.get(key, [])), key
    assert sorted(whole.subjects(PKB.actsThrough)) == sorted(lazy.subjects(PKB.actsThrough))


def test_claims_from_native_terms_equal_claims_from_rdflib_terms(real_kb: KnowledgeBase) -> None:
    result = real_kb.query(_CLAIMS.read_text(encoding="utf-8"))
    assert result.native_rows is not None, "the embedded store hands over its own terms"
    converted = QueryResult("SELECT", result.variables, rows=result.rows)
    native, rdflib_terms = _claims(result), _claims(converted)
    assert native == rdflib_terms
    assert list(native) == list(rdflib_terms)
    assert sum(len(refs) for refs in native.values()) > 400


def test_sources_match_literal_values_by_value(real_kb: KnowledgeBase) -> None:
    index = real_kb.index
    literal_keys = [key for key in index.claims if isinstance(key[2], tuple)]
    assert literal_keys, "the KB has claims about literal values"
    assert (
        ("num", 1.0) == _value_key(Literal(1)) == _value_key(Literal("1.0", datatype=Literal(1.0).datatype))
    )
    for s, p, value in literal_keys[:20]:
        _kind, v = value
        assert index.sources((URIRef(s), URIRef(p), Literal(v))) == index.claims[(s, p, value)]


XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    "literal",
    [
        ox.Literal("3"),
        ox.Literal("abc"),
        ox.Literal("true"),
        ox.Literal("1.50", language="en"),
        ox.Literal("nan"),
        *[
            ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
            for datatype in ("integer", "decimal", "double", "float", "boolean", "date", "string")
            for text in ("0", "1", "-0", "1.5", "1e3", "INF", "abc", "true", "false", "2026-12-02", " 7")
        ],
    ],
)
@pytest.mark.filterwarnings("ignore:Parsing weird boolean")
def test_a_native_literal_has_the_key_of_its_rdflib_literal(literal: ox.Literal) -> None:
    ours, reference = _key(literal), _value_key(from_ox(literal))  # type: ignore[arg-type]
    # the same dictionary key (NaN is not equal to itself, and is the same only in words)
    assert (ours == reference and hash(ours) == hash(reference)) or repr(ours) == repr(reference)
