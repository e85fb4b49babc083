"""Naming terms for people: labels from either side of a diff, CURIEs as fallback, class expressions."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kb.namespaces import PREFIXES

_KINDS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "data property",
    OWL.AnnotationProperty: "annotation property",
    OWL.Ontology: "ontology",
}
_BUILT_IN = {
    RDFS.label: "label",
    RDF.type: "type",
    RDFS.subClassOf: "subclass of",
    RDFS.domain: "domain",
    RDFS.range: "range",
    OWL.equivalentClass: "equivalent to",
    OWL.disjointWith: "disjoint with",
    OWL.inverseOf: "inverse of",
    OWL.AllDisjointClasses: "disjoint classes",
    OWL.NamedIndividual: "named individual",
}
_RESTRICTIONS = {
    OWL.someValuesFrom: "some",
    OWL.allValuesFrom: "only",
    OWL.hasValue: "value",
    OWL.minCardinality: "min",
    OWL.maxCardinality: "max",
    OWL.cardinality: "exactly",
    OWL.qualifiedCardinality: "exactly",
}
_FACETS = {"minExclusive": ">", "minInclusive": "≥", "maxExclusive": "<", "maxInclusive": "≤"}


def curie(iri: str) -> str:
    """``pkb:treatment-x`` for a known namespace, else the IRI itself."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


class Labels:
    """Labels of terms, looked up in the given graphs in order (the first that has an English label wins)."""

    def __init__(self, graphs: Iterable[Graph]) -> None:
        self.graphs = list(graphs)
        self._cache: dict[Node, str] = {}

    def label(self, term: Node) -> str:
        """The English label of an IRI (CURIE if none), or a rendering of a blank node or literal."""
        if term in self._cache:
            return self._cache[term]
        text = self._compute(term)
        self._cache[term] = text
        return text

    def kind(self, term: URIRef, graph: Graph) -> str:
        """What sort of term this is in ``graph``: class, a property kind, or its asserted class's label."""
        types = set(graph.objects(term, RDF.type))
        for owl_type, name in _KINDS.items():
            if owl_type in types:
                return name
        named = sorted(self.label(t) for t in types if isinstance(t, URIRef) and t != OWL.NamedIndividual)
        return named[0] if named else "term"

    def _compute(self, term: Node) -> str:
        if isinstance(term, URIRef):
            for g in self.graphs:
                labels = [o for o in g.objects(term, RDFS.label) if isinstance(o, Literal)]
                english = [o for o in labels if o.language in (None, "en")]
                if english or labels:
                    return str(sorted(english or labels)[0])
            return _BUILT_IN.get(term) or curie(str(term))
        if isinstance(term, Literal):
            return literal_text(term)
        if isinstance(term, BNode):
            graph = next((g for g in self.graphs if (term, None, None) in g), None)
            return self.expression(term, graph) if graph is not None else "[]"
        return str(term)

    def expression(self, node: BNode, graph: Graph) -> str:
        """A blank node as a readable class expression (restriction, boolean, datatype, list, record)."""
        prop = graph.value(node, OWL.onProperty)
        if prop is not None:
            for key, word in _RESTRICTIONS.items():
                value = graph.value(node, key)
                if value is not None:
                    return f"{self.label(prop)} {word} {self._inner(value, graph)}"
        for key, word in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
            members = graph.value(node, key)
            if members is not None:
                return "(" + word.join(self._inner(m, graph) for m in Collection(graph, members)) + ")"
        one_of = graph.value(node, OWL.oneOf)
        if one_of is not None:
            return "{" + ", ".join(self._inner(m, graph) for m in Collection(graph, one_of)) + "}"
        members = graph.value(node, OWL.members)
        if members is not None:
            kind = graph.value(node, RDF.type)
            return f"{self.label(kind) if kind else 'members'}: " + ", ".join(
                sorted(self._inner(m, graph) for m in Collection(graph, members))
            )
        datatype = graph.value(node, OWL.onDatatype)
        if datatype is not None:
            facets = []
            for r in Collection(graph, graph.value(node, OWL.withRestrictions)):
                for p, o in graph.predicate_objects(r):
                    facets.append(
                        f"{_FACETS.get(str(p).rsplit('#', 1)[-1], curie(str(p)))} {literal_text(o)}"
                    )
            return f"{curie(str(datatype))}[{', '.join(facets)}]"
        if graph.value(node, RDF.first) is not None:
            return "(" + ", ".join(self._inner(m, graph) for m in Collection(graph, node)) + ")"
        pairs = sorted(f"{self.label(p)} {self._inner(o, graph)}" for p, o in graph.predicate_objects(node))
        return "[" + "; ".join(pairs) + "]"

    def _inner(self, term: Node, graph: Graph) -> str:
        return self.expression(term, graph) if isinstance(term, BNode) else self.label(term)


def literal_text(term: Node) -> str:
    """A literal as text: strings quoted, numbers and booleans bare."""
    if not isinstance(term, Literal):
        return str(term)
    if term.datatype is None or str(term.datatype).endswith("#string"):
        return f"“{term}”"
    return str(term)
