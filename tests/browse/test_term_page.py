"""kb.browse.term_page: the one term-page model, checked against the Turtle read independently with rdflib."""

from __future__ import annotations

from rdflib import OWL, RDF, Graph, URIRef

from kb import browse
from kb.browse.lookup import term_refs
from kb.browse.term_page import build_term_details, every_term_details
from kb.browse.term_rows import bound_term_rows
from kb.knowledge_base import KnowledgeBase

PKB = "https://w3id.org/porekb/"


def _pkb(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(PKB)
    )


def test_the_claim_a_term_is(real_kb: KnowledgeBase, turtle: Graph) -> None:
    claims = _pkb(turtle, URIRef(PKB + "Claim"))
    assert len(claims) > 100
    for iri in claims:
        details = browse.term_details(real_kb, str(iri))
        assert details is not None and details.claim is not None, iri
        assert details.claim.iri == str(iri)
        assert details.claim.quote == str(turtle.value(iri, URIRef(PKB + "quote")) or "")
    treatment = browse.term_details(real_kb, PKB + "treatment-isotretinoin")
    assert treatment is not None and treatment.claim is None


def test_claims_citing_a_source(real_kb: KnowledgeBase, turtle: Graph) -> None:
    sources = _pkb(turtle, URIRef(PKB + "SourceDocument"))
    assert sources
    for iri in sources:
        details = browse.term_details(real_kb, str(iri))
        assert details is not None
        expected = {str(c) for c in turtle.subjects(URIRef(PKB + "citesSource"), iri)}
        assert {c.iri for c in details.cited_by} == expected, iri


def test_claims_asserting_with_a_property(real_kb: KnowledgeBase, turtle: Graph) -> None:
    properties = _pkb(turtle, OWL.ObjectProperty) + _pkb(turtle, OWL.DatatypeProperty)
    used = 0
    for iri in properties:
        details = browse.term_details(real_kb, str(iri))
        assert details is not None
        expected = {str(c) for c in turtle.subjects(URIRef(PKB + "claimPredicate"), iri)}
        assert {c.iri for c in details.claims_using} == expected, iri
        used += bool(expected)
    assert used > 10


def _every_iri(kb: KnowledgeBase, turtle: Graph) -> list[str]:
    """Every labelled IRI of the KB and every IRI the asserted Turtle mentions (unlabelled ones too)."""
    mentioned = {str(n) for triple in turtle for n in triple if isinstance(n, URIRef)}
    return sorted(mentioned | {t.iri for t in browse.terms(kb)} | set(term_refs(kb)))


def test_the_whole_site_path_builds_the_single_page_model_of_every_term(
    real_kb: KnowledgeBase, turtle: Graph
) -> None:
    """``porekb docs`` reads the term-page queries once for all terms; a page alone binds the term. Same model."""
    iris = _every_iri(real_kb, turtle)
    assert len(iris) > 1000
    every = browse.every_term_details(real_kb, iris)
    assert list(every) == iris
    for iri in iris:
        alone = build_term_details(real_kb, iri, bound_term_rows(real_kb, iri))
        assert every[iri] == alone, iri
    assert sum(d is not None and bool(d.outgoing) and bool(d.incoming) for d in every.values()) > 150
    missing = PKB + "no-such-term"
    assert every_term_details(real_kb, [missing]) == {missing: None}
    assert browse.term_details(real_kb, missing) is None
