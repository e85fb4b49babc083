"""One answer to "what is this term called?" for every backend (the KB's store, rdflib graphs, rows of a query).

Like the Ontology Access Kit's ``label(curie)``: build a :class:`LabelIndex` from whatever holds the labels,
then ask it. The choice among several labels is the same everywhere: English first, then untagged, then any
other language; among equals the smallest text. Unlabelled terms fall back to a built-in word for the RDF/OWL/SKOS
terms people meet (``subclass of``), else to the CURIE (or, for the explanations, the local name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Literal as Choice

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kb.namespaces import SKOS, curie

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

LABEL_QUERY = f"SELECT ?s ?label WHERE {{ ?s <{RDFS.label}> ?label }}"

# Words for the RDF/OWL terms a page or report shows (they carry no rdfs:label in the KB).
BUILT_IN_LABELS: Mapping[str, str] = {
    str(RDFS.label): "label",
    str(RDF.type): "type",
    str(RDFS.subClassOf): "subclass of",
    str(RDFS.domain): "domain",
    str(RDFS.range): "range",
    str(OWL.equivalentClass): "equivalent to",
    str(OWL.disjointWith): "disjoint with",
    str(OWL.inverseOf): "inverse of",
    str(OWL.AllDisjointClasses): "disjoint classes",
    str(OWL.NamedIndividual): "named individual",
}
# Words for SKOS terms: the app's term pages say them in words; docs and diff keep the CURIE (skos:notation).
SKOS_LABELS: Mapping[str, str] = {
    str(SKOS.notation): "code",
    str(SKOS.inScheme): "in scheme",
    str(SKOS.exactMatch): "exact match",
    str(SKOS.closeMatch): "close match",
    str(SKOS.relatedMatch): "related match",
    str(SKOS.broadMatch): "broad match",
    str(SKOS.narrowMatch): "narrow match",
}
PAGE_LABELS: Mapping[str, str] = {**BUILT_IN_LABELS, **SKOS_LABELS}

# The SKOS mapping relations of a cross-reference to a standard ontology.
XREF_RELATIONS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch)


@dataclass(frozen=True)
class TermRef:
    """A term named for people: its IRI, label and kind (class, property, individual, its class's label ...)."""

    iri: str
    label: str
    kind: str = "other"

    @property
    def curie(self) -> str:
        """The IRI written with a known prefix (``pkb:SkinPore``), or the IRI itself."""
        return curie(self.iri)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: iri, curie, label and kind."""
        return {"iri": self.iri, "curie": self.curie, "label": self.label, "kind": self.kind}


def _rank(label: Node | ox.Literal) -> tuple[int, str]:
    if type(label) is ox.Literal:  # a store's own term: the same rank without building an rdflib term
        language, text = label.language, label.value
    else:
        language, text = (label.language if isinstance(label, Literal) else None), str(label)
    return (0 if language == "en" else 1 if not language else 2), text


def local_name(iri: str) -> str:
    """The last non-empty part of an IRI after ``#`` or ``/`` (the IRI itself if there is none)."""
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


class LabelIndex:
    """The label of every labelled IRI (blank nodes are left out), chosen by one rule whatever the backend."""

    def __init__(self, rows: Iterable[tuple[Node | str | ox.NamedNode, Node | ox.Literal]] = ()) -> None:
        """``rows`` of (subject, label) as rdflib terms or as pyoxigraph terms."""
        best: dict[str, tuple[int, str]] = {}
        for subject, label in rows:
            if isinstance(subject, BNode | ox.BlankNode):
                continue
            key = subject.value if type(subject) is ox.NamedNode else str(subject)
            rank = _rank(label)
            if key not in best or rank < best[key]:
                best[key] = rank
        self._labels = {iri: rank[1] for iri, rank in best.items()}

    @classmethod
    def from_graphs(cls, graphs: Iterable[Graph]) -> LabelIndex:
        """Labels from rdflib graphs; a term labelled in an earlier graph keeps that graph's label."""
        index = cls()
        for graph in graphs:
            found = cls((s, o) for s, o in graph.subject_objects(RDFS.label) if isinstance(s, URIRef))
            for iri, label in found.items():
                index._labels.setdefault(iri, label)
        return index

    def __contains__(self, iri: object) -> bool:
        return str(iri) in self._labels

    def __len__(self) -> int:
        return len(self._labels)

    def items(self) -> Iterable[tuple[str, str]]:
        """``(IRI, label)`` of every labelled term."""
        return self._labels.items()

    def get(self, iri: Node | str | None) -> str | None:
        """The label of an IRI, or None when it has none."""
        return None if iri is None else self._labels.get(str(iri))

    def label(
        self,
        iri: Node | str,
        fallback: Choice["curie", "local"] = "curie",
        words: Mapping[str, str] = BUILT_IN_LABELS,
    ) -> str:
        """The label; else a word from ``words``, else the CURIE (``fallback="local"``: the local name, which
        the explanations have always shown, instead of both)."""
        text = str(iri)
        found = self._labels.get(text)
        if found is not None:
            return found
        if fallback == "local":
            return local_name(text)
        return words.get(text) or curie(text)


def literal_text(value: Literal) -> str:
    """A literal for display, the same on every store (``7.0`` and ``7`` both read ``7``)."""
    py = value.toPython()
    if isinstance(py, bool) or (not isinstance(py, int | float) and not hasattr(py, "as_integer_ratio")):
        return str(value)
    number = float(py)
    return str(int(number)) if number.is_integer() else str(number)


def quoted_literal(term: Node) -> str:
    """A literal as a value in a sentence: strings in curly quotes, numbers and booleans bare."""
    if not isinstance(term, Literal):
        return str(term)
    if term.datatype is None or str(term.datatype).endswith("#string"):
        return f"“{term}”"
    return str(term)


def build_label_index(kb: KnowledgeBase) -> LabelIndex:
    """Read every label of a KB into a :class:`LabelIndex`."""
    result = kb.query(LABEL_QUERY)
    if result.native_rows is not None:  # the store's own terms: ~100,000 labels at 1e6, none converted
        return LabelIndex((row[0], row[1]) for row in result.native_rows)  # type: ignore[misc]
    return LabelIndex((row["s"], row["label"]) for row in result.dicts())  # type: ignore[misc]


_KINDS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "data property",
    OWL.AnnotationProperty: "annotation property",
    OWL.Ontology: "ontology",
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


class GraphLabels:
    """Names for terms of rdflib graphs (a KB revision, the docs' asserted graph): labels looked up in the
    graphs in order (the first that labels a term wins), literals as values, blank nodes as class expressions."""

    def __init__(self, graphs: Iterable[Graph], index: LabelIndex | None = None) -> None:
        """``index`` names the IRIs (a KB's :attr:`labels`); by default the labels found in ``graphs``."""
        self.graphs = list(graphs)
        self.index = index if index is not None else LabelIndex.from_graphs(self.graphs)

    def label(self, term: Node) -> str:
        """The English label of an IRI (CURIE if none), or a rendering of a blank node or literal."""
        if isinstance(term, URIRef):
            return self.index.label(term)
        if isinstance(term, Literal):
            return quoted_literal(term)
        if isinstance(term, BNode):
            graph = next((g for g in self.graphs if (term, None, None) in g), None)
            return self.expression(term, graph) if graph is not None else "[]"
        return str(term)

    def kind(self, term: URIRef, graph: Graph) -> str:
        """What sort of term this is in ``graph``: class, a property kind, or its asserted class's label."""
        types = set(graph.objects(term, RDF.type))
        for owl_type, name in _KINDS.items():
            if owl_type in types:
                return name
        named = sorted(self.label(t) for t in types if isinstance(t, URIRef) and t != OWL.NamedIndividual)
        return named[0] if named else "term"

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
                        f"{_FACETS.get(str(p).rsplit('#', 1)[-1], curie(str(p)))} {quoted_literal(o)}"
                    )
            return f"{curie(str(datatype))}[{', '.join(facets)}]"
        if graph.value(node, RDF.first) is not None:
            return "(" + ", ".join(self._inner(m, graph) for m in Collection(graph, node)) + ")"
        pairs = sorted(f"{self.label(p)} {self._inner(o, graph)}" for p, o in graph.predicate_objects(node))
        return "[" + "; ".join(pairs) + "]"

    def _inner(self, term: Node, graph: Graph) -> str:
        return self.expression(term, graph) if isinstance(term, BNode) else self.label(term)
