"""What the documentation shows: every class, property and individual of the KB, grouped, with its claims."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, Graph, Literal, URIRef
from rdflib.term import Node

from kb.diff.labels import Labels, curie
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import GRAPH_FACTS, GRAPH_INFERRED, GRAPH_ONTOLOGY, PKB

QUERIES = Path(__file__).resolve().parent / "queries"
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
class Claim:
    """One claim row: what it says, about what, from which source, with its quote and evidence."""

    iri: URIRef
    label: str | None
    statement: str | None
    subject: URIRef | None
    predicate: URIRef | None
    object: Node | None
    source: URIRef | None
    quote: str | None
    evidence: URIRef | None
    note: str | None


@dataclass
class Term:
    """A documented term: its IRI, label, kind, index group and page file name."""

    iri: URIRef
    label: str
    kind: str
    group: str
    page: str


@dataclass
class Site:
    """The KB read for documentation: asserted and inferred graphs, labels, terms and claims."""

    asserted: Graph
    inferred: Graph
    labels: Labels
    terms: dict[URIRef, Term] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    title: str = "PoreKB"

    def claims_about(self, iri: URIRef) -> list[Claim]:
        """Claims whose subject or object is ``iri``, or that cite it as source."""
        return [c for c in self.claims if iri in (c.subject, c.object, c.source)]


def _page_name(iri: URIRef, taken: set[str]) -> str:
    text = str(iri)
    name = text[len(str(PKB)) :] if text.startswith(str(PKB)) else curie(text).replace(":", "_")
    name = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "term"
    base, n = name, 2
    while name.lower() in taken or name.lower() == "index":
        name, n = f"{base}-{n}", n + 1
    taken.add(name.lower())
    return name + ".html"


def _group(iri: URIRef, both: Graph, kind: str) -> str:
    if kind in _KIND_GROUPS:
        return _KIND_GROUPS[kind]
    types = set(both.objects(iri, RDF.type))
    for name in INDIVIDUAL_GROUPS:
        if PKB[name] in types:
            return name
    return "Other individuals"


def _kind(iri: URIRef, asserted: Graph, labels: Labels) -> str | None:
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
    labels = Labels([asserted])
    site = Site(asserted, inferred, labels)
    title = next(asserted.objects(None, URIRef("http://purl.org/dc/terms/title")), None)
    site.title = str(title) if title else "PoreKB"
    both = asserted + inferred
    taken: set[str] = set()
    for iri in sorted({s for s in asserted.subjects(RDF.type) if isinstance(s, URIRef)}):
        kind = _kind(iri, asserted, labels)
        if kind is None:
            continue
        site.terms[iri] = Term(iri, labels.label(iri), kind, _group(iri, both, kind), _page_name(iri, taken))
    site.claims = _claims(asserted)
    return site


def _claims(graph: Graph) -> list[Claim]:
    rows = graph.query((QUERIES / "claims.rq").read_text(encoding="utf-8"))
    found: dict[URIRef, Claim] = {}
    for row in rows:
        iri = row.claim
        if iri in found:
            continue
        obj = row.object if row.object is not None else row.value
        found[iri] = Claim(
            iri,
            _text(row.label),
            _text(row.statement),
            row.subject,
            row.predicate,
            obj,
            row.source,
            _text(row.quote),
            row.evidence,
            _text(row.note),
        )
    return list(found.values())


def _text(node: Node | None) -> str | None:
    return str(node) if isinstance(node, Literal) else None


def grouped(site: Site) -> dict[str, list[Term]]:
    """The terms by index group, each sorted by label; groups in a fixed order."""
    groups: dict[str, list[Term]] = defaultdict(list)
    for term in site.terms.values():
        groups[term.group].append(term)
    order = [*_KIND_GROUPS.values(), *INDIVIDUAL_GROUPS, "Other individuals"]
    return {g: sorted(groups[g], key=lambda t: t.label.lower()) for g in order if groups.get(g)}
