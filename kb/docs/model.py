"""What the documentation shows: every class, property and individual of the KB, grouped, with its claims."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import OWL, RDF, Graph, URIRef

from kb.browse.claims import claims
from kb.browse.model import ClaimInfo
from kb.knowledge_base import KnowledgeBase
from kb.labels import GraphLabels, TermRef
from kb.namespaces import GRAPH_FACTS, GRAPH_INFERRED, GRAPH_ONTOLOGY, PKB, curie

_PROPERTY_KINDS = {
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "data property",
    OWL.AnnotationProperty: "annotation property",
}
_KIND_GROUPS = {
    "class": "Classes",
    "object property": "Object properties",
    "data property": "Data properties",
    "annotation property": "Annotation properties",
}
# Index sections for individuals, by the top-level class they belong to (asserted or inferred), in this order.
INDIVIDUAL_GROUPS = (
    "Treatment",
    "Mechanism",
    "Cause",
    "Finding",
    "HistoryItem",
    "PatientAttribute",
    "TreatmentFeature",
    "InvasivenessLevel",
    "Caution",
    "SourceDocument",
    "Claim",
    "Disagreement",
    "Rule",
)


@dataclass
class Term:
    """A documented term: the shared :class:`~kb.labels.TermRef` (IRI, label, kind), its index group and page."""

    ref: TermRef
    group: str
    page: str

    @property
    def iri(self) -> URIRef:
        """The term's IRI."""
        return URIRef(self.ref.iri)

    @property
    def label(self) -> str:
        """The term's label."""
        return self.ref.label

    @property
    def kind(self) -> str:
        """Class, a property kind, or the label of its asserted class."""
        return self.ref.kind


@dataclass
class Site:
    """The KB read for documentation: asserted and inferred graphs, labels, the terms with their pages and index
    groups, and the claims (each term page's content is the browse term-page model, :mod:`kb.docs.term_html`)."""

    asserted: Graph
    inferred: Graph
    labels: GraphLabels
    terms: dict[URIRef, Term] = field(default_factory=dict)
    claims: list[ClaimInfo] = field(default_factory=list)
    title: str = "PoreKB"


def _page_name(iri: URIRef, taken: set[str]) -> str:
    text = str(iri)
    name = text[len(str(PKB)) :] if text.startswith(str(PKB)) else curie(text).replace(":", "_")
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "term"
    base, n = name, 2
    while name.lower() in taken or name.lower() == "index":
        name, n = f"{base}-{n}", n + 1
    taken.add(name.lower())
    return name + ".html"


def _group(iri: URIRef, graphs: Sequence[Graph], kind: str) -> str:
    if kind in _KIND_GROUPS:
        return _KIND_GROUPS[kind]
    types = {t for graph in graphs for t in graph.objects(iri, RDF.type)}
    for name in INDIVIDUAL_GROUPS:
        if PKB[name] in types:
            return name
    return "Other individuals"


def _kind(iri: URIRef, asserted: Graph, labels: GraphLabels) -> str | None:
    types = set(asserted.objects(iri, RDF.type))
    if OWL.Class in types:
        return "class"
    for t, name in _PROPERTY_KINDS.items():
        if t in types:
            return name
    named = sorted(labels.label(t) for t in types if isinstance(t, URIRef) and t != OWL.NamedIndividual)
    if OWL.NamedIndividual in types or any(str(t).startswith(str(PKB)) for t in types):
        return named[0] if named else "individual"
    return None


def read_site(kb: KnowledgeBase) -> Site:
    """Collect the terms (every declared class, property and individual) and the claims of a loaded KB."""
    asserted, inferred = Graph(), Graph()
    for g in (GRAPH_ONTOLOGY, GRAPH_FACTS):
        for t in kb.store.triples(g):
            asserted.add(t)
    for t in kb.store.triples(GRAPH_INFERRED):
        inferred.add(t)
    labels = GraphLabels([asserted])
    site = Site(asserted, inferred, labels)
    title = next(asserted.objects(None, URIRef("http://purl.org/dc/terms/title")), None)
    site.title = str(title) if title else "PoreKB"
    taken: set[str] = set()
    for iri in sorted({s for s in asserted.subjects(RDF.type) if isinstance(s, URIRef)}):
        kind = _kind(iri, asserted, labels)
        if kind is None:
            continue
        ref = TermRef(str(iri), labels.label(iri), kind)
        site.terms[iri] = Term(ref, _group(iri, (asserted, inferred), kind), _page_name(iri, taken))
    site.claims = claims(kb)
    return site


def grouped(site: Site) -> dict[str, list[Term]]:
    """The terms by index group, each sorted by label; groups in a fixed order."""
    groups: dict[str, list[Term]] = defaultdict(list)
    for term in site.terms.values():
        groups[term.group].append(term)
    order = [*_KIND_GROUPS.values(), *INDIVIDUAL_GROUPS, "Other individuals"]
    return {g: sorted(groups[g], key=lambda t: t.label.lower()) for g in order if groups.get(g)}
