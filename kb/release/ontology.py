"""The release ontologies as rdflib graphs: the merged KB (TBox, facts and the reasoner's inferences) and the
TBox-only base, each with a release header (versioned IRI, version, licence, creator)."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef

from kb.namespaces import GRAPH_FACTS, GRAPH_ONTOLOGY, ONTOLOGY_IRI, PREFIXES
from kb.store import Triple

BASE_IRI = URIRef("https://w3id.org/porekb/porekb-base.owl")
_DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype}
_HEADER_REPLACED = {OWL.versionIRI, OWL.versionInfo}


def new_graph() -> Graph:
    """An empty graph with the KB's prefixes bound."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


def _header(graph: Graph, source: Graph, ontology: URIRef, version_iri: str, version: str) -> None:
    """Copy the source ontology's annotations onto ``ontology`` with the release's versionIRI and version."""
    graph.add((ontology, RDF.type, OWL.Ontology))
    for _, p, o in source.triples((ONTOLOGY_IRI, None, None)):
        if p not in _HEADER_REPLACED and p != RDF.type:
            graph.add((ontology, p, o))
    graph.add((ontology, OWL.versionIRI, URIRef(version_iri)))
    graph.add((ontology, OWL.versionInfo, Literal(version)))


def merged(
    asserted: Iterable[Triple], inferred: Iterable[Triple], *, version_iri: str, version: str
) -> Graph:
    """TBox + facts + the inferred class hierarchy and individual types, under the ontology IRI."""
    source = new_graph()
    for t in asserted:
        source.add(t)
    graph = new_graph()
    for t in source:
        if t[0] != ONTOLOGY_IRI:
            graph.add(t)
    for t in inferred:
        graph.add(t)
    _header(graph, source, ONTOLOGY_IRI, version_iri, version)
    return graph


def _individuals(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, OWL.NamedIndividual) if isinstance(s, URIRef)}


def base(
    store_triples: dict[URIRef, list[Triple]],
    inferred: Iterable[Triple],
    *,
    version_iri: str,
    version: str,
) -> Graph:
    """The TBox only: classes, properties and their axioms and annotations (from the ontology and the fact files),
    the inferred subclass links, and a declaration for each individual a class axiom names. No individuals."""
    source = new_graph()
    for graph_iri in (GRAPH_ONTOLOGY, GRAPH_FACTS):
        for t in store_triples.get(graph_iri, []):
            source.add(t)
    individuals = _individuals(source)
    terms = {s for s, _, o in source.triples((None, RDF.type, None)) if o in _DECLARATIONS}
    graph = new_graph()
    for s, p, o in store_triples.get(GRAPH_ONTOLOGY, []):
        if s == ONTOLOGY_IRI or s in individuals:
            continue
        graph.add((s, p, o))
    for s, p, o in store_triples.get(GRAPH_FACTS, []):
        if (
            s in terms
        ):  # annotations of TBox terms kept in fact files (e.g. cross-references of anatomy classes)
            graph.add((s, p, o))
    for s, p, o in inferred:
        if p == RDFS.subClassOf:
            graph.add((s, p, o))
    _include_blank_nodes(graph, source)
    for node in set(graph.objects()) & individuals:
        graph.add((node, RDF.type, OWL.NamedIndividual))
    _header(graph, source, BASE_IRI, version_iri, version)
    return graph


def _include_blank_nodes(graph: Graph, source: Graph) -> None:
    """Pull in the description of every blank node the kept triples reach (class expressions, lists)."""
    pending = [o for o in graph.objects() if isinstance(o, BNode)]
    seen: set[BNode] = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        for _, p, o in source.triples((node, None, None)):
            graph.add((node, p, o))
            if isinstance(o, BNode):
                pending.append(o)
