"""kb.browse.place: a class's place in the ontology, checked against the Turtle read independently with rdflib."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef

from kb import browse
from kb.browse.model import Axiom, Place
from kb.knowledge_base import KnowledgeBase

PKB = "https://w3id.org/porekb/"


def _classes(graph: Graph) -> list[URIRef]:
    return sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))


def _ancestors(kb: KnowledgeBase, iri: str) -> set[str]:
    """Every superclass of ``iri`` reached through the place model's direct links."""
    found: set[str] = set()
    todo = [iri]
    while todo:
        for ref, _origin in browse.place(kb, todo.pop()).superclasses:
            if ref.iri not in found:
                found.add(ref.iri)
                todo.append(ref.iri)
    return found


def test_every_asserted_superclass_is_direct_or_implied(real_kb: KnowledgeBase, turtle: Graph) -> None:
    checked = 0
    for cls in _classes(turtle):
        parents = {str(p) for p in turtle.objects(cls, RDFS.subClassOf) if isinstance(p, URIRef) and p != cls}
        parents &= {str(c) for c in _classes(turtle)}
        place = browse.place(real_kb, str(cls))
        direct = {ref.iri for ref, _ in place.superclasses}
        assert {ref.iri for ref, origin in place.superclasses if origin == "asserted"} <= parents, cls
        assert parents <= _ancestors(real_kb, str(cls)), f"{cls}: an asserted superclass is lost"
        for ref, _ in place.superclasses:  # each subclass link is the inverse of a superclass link
            assert (str(cls), "asserted" if ref.iri in parents else "inferred") in {
                (r.iri, o) for r, o in browse.place(real_kb, ref.iri).subclasses
            }
        checked += bool(direct)
    assert checked > 30


def test_direct_superclasses_imply_none_of_each_other(real_kb: KnowledgeBase, turtle: Graph) -> None:
    for cls in _classes(turtle):
        direct = [ref.iri for ref, _ in browse.place(real_kb, str(cls)).superclasses]
        for a in direct:
            assert not set(direct) - {a} & _ancestors(real_kb, a), f"{cls}: {a} implies another direct link"


def test_members_include_every_asserted_individual(real_kb: KnowledgeBase, turtle: Graph) -> None:
    treatment = browse.place(real_kb, PKB + "Treatment")
    assert treatment.members and all(origin == "inferred" for _, origin in treatment.members)
    for cls in _classes(turtle):
        asserted = {
            str(s)
            for s in turtle.subjects(RDF.type, cls)
            if (s, RDF.type, OWL.NamedIndividual) in turtle and isinstance(s, URIRef)
        }
        members = {ref.iri: origin for ref, origin in browse.place(real_kb, str(cls)).members}
        assert all(members.get(s) == "asserted" for s in asserted), cls


def test_axioms_on_anonymous_classes_are_in_words(real_kb: KnowledgeBase, turtle: Graph) -> None:
    total = 0
    for cls in _classes(turtle):
        expected = sorted(
            word
            for predicate, word in ((RDFS.subClassOf, "subclass of"), (OWL.equivalentClass, "equivalent to"))
            for o in turtle.objects(cls, predicate)
            if isinstance(o, BNode)
        )
        axioms = browse.place(real_kb, str(cls)).axioms
        assert sorted(a.relation for a in axioms) == expected, cls
        assert all(a.expression and "[]" not in a.expression for a in axioms)
        total += len(axioms)
    assert total > 10
    follicular = browse.place(real_kb, PKB + "FollicularPore").axioms
    assert Axiom("subclass of", "releases some sebum") in follicular


def test_an_individual_has_no_place(real_kb: KnowledgeBase) -> None:
    assert browse.place(real_kb, PKB + "treatment-isotretinoin") == Place()
    assert not Place()
