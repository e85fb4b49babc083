"""RDF namespaces and the IRIs of the named graphs that make up the PoreKB dataset."""

from __future__ import annotations

from rdflib import Namespace, URIRef

PKB = Namespace("https://w3id.org/porekb/")
OBO = Namespace("http://purl.obolibrary.org/obo/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

ONTOLOGY_IRI = URIRef("https://w3id.org/porekb")
DEFINITION = OBO.IAO_0000115

# Named graphs: a researcher can ask for asserted (ontology + facts), inferred (OWL + rules) or both (the union).
GRAPH_ONTOLOGY = URIRef("https://w3id.org/porekb/graph/ontology")
GRAPH_FACTS = URIRef("https://w3id.org/porekb/graph/facts")
GRAPH_INFERRED = URIRef("https://w3id.org/porekb/graph/inferred")
GRAPH_DERIVED = URIRef("https://w3id.org/porekb/graph/derived")
GRAPH_JUSTIFICATIONS = URIRef("https://w3id.org/porekb/graph/justifications")

ASSERTED_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_FACTS)
KB_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_FACTS, GRAPH_INFERRED, GRAPH_DERIVED)

PREFIXES = {
    "pkb": str(PKB),
    "obo": str(OBO),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for queries that do not declare their own."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
