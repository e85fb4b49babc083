"""A term's place in the ontology: its direct superclasses and subclasses and its members (from the class
hierarchy, :mod:`kb.browse.hierarchy`), and its axioms on anonymous classes in words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import OWL, RDFS, BNode, Graph, URIRef

from kb.browse.hierarchy import class_hierarchy
from kb.browse.lookup import ORIGINS, browse_cache, ref, select
from kb.browse.model import Axiom, Place, TermRef
from kb.labels import GraphLabels

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

_AXIOMS = ((RDFS.subClassOf, "subclass of"), (OWL.equivalentClass, "equivalent to"))


def _expressions(kb: KnowledgeBase) -> GraphLabels:
    """The asserted anonymous class expressions as an rdflib graph, named with the KB's labels (read once)."""
    cached = browse_cache(kb)
    if "expressions" not in cached:
        graph = Graph()
        for row in select(kb, "axioms", graphs=ORIGINS["asserted"]):
            graph.add((row["subject"], row["predicate"], row["object"]))  # type: ignore[arg-type]
        cached["expressions"] = GraphLabels([graph], kb.labels)
    return cached["expressions"]  # type: ignore[return-value]


def axioms(kb: KnowledgeBase, iri: str) -> tuple[Axiom, ...]:
    """The asserted ``subclass of`` / ``equivalent to`` axioms of a class whose other side is an anonymous
    class expression (a restriction, a union, an intersection ...), in words, sorted."""
    labels = _expressions(kb)
    graph = labels.graphs[0]
    found = {
        Axiom(word, labels.expression(node, graph))
        for predicate, word in _AXIOMS
        for node in graph.objects(URIRef(iri), predicate)
        if isinstance(node, BNode)
    }
    return tuple(sorted(found, key=lambda a: (a.relation, a.expression)))


def _sorted(kb: KnowledgeBase, found: dict[str, bool]) -> tuple[tuple[TermRef, str], ...]:
    """IRIs with their origin, asserted first, then by label."""
    refs = [(ref(kb, iri), "inferred" if inferred else "asserted") for iri, inferred in found.items()]
    placed = [(r, origin) for r, origin in refs if r is not None]
    return tuple(sorted(placed, key=lambda p: (p[1] != "asserted", p[0].label.lower(), p[0].iri)))


def place(kb: KnowledgeBase, iri: str) -> Place:
    """Where ``iri`` sits in the ontology: for a named class its direct superclasses and subclasses (links
    implied by others left out), every individual typed with it and its axioms on anonymous classes; empty for
    anything else."""
    hierarchy = class_hierarchy(kb)
    if iri not in hierarchy.classes:
        return Place()
    return Place(
        superclasses=_sorted(kb, {e.parent: e.inferred for e in hierarchy.parents(iri)}),
        subclasses=_sorted(kb, {e.child: e.inferred for e in hierarchy.children(iri)}),
        members=_sorted(kb, {m.individual: m.inferred for m in hierarchy.instances_of(iri)}),
        axioms=axioms(kb, iri),
    )
