"""The vocabulary: RDF namespaces, the one prefix map, CURIEs, and the IRIs of the dataset's named graphs.

Every module that writes an IRI short (``pkb:SkinPore``) or reads one back does it here, with :data:`VOCAB`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from rdflib import Namespace, URIRef
from rdflib.namespace import SH as SH  # rdflib ships SHACL's namespace: re-exported, never written again


class _Namespace(Namespace):
    """An rdflib ``Namespace`` that makes each term once: rdflib builds (and checks) a new ``URIRef`` on every
    attribute read, ~400 times per recommendation for ``PKB.…`` alone."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term  # found there from now on, before __getattr__ is asked
        return term


PKB = _Namespace("https://w3id.org/porekb/")
OBO = _Namespace("http://purl.obolibrary.org/obo/")
SKOS = _Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = _Namespace("http://purl.org/dc/terms/")

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
# every IRI of a consultation starts so: its patient (``...<uuid>:patient``) and its graphs (``...<uuid>:profile``,
# ``...:derived``); user SPARQL never sees such a graph (kb.sparql.snapshot)
CASE_IRI_PREFIX = "urn:porekb:case:"

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


class UnknownPrefix(ValueError):
    """A CURIE whose prefix the map does not know."""


class PrefixMap:
    """CURIEs both ways with one prefix map: the longest matching namespace wins (as in a JSON-LD context).

    >>> VOCAB.curie("https://w3id.org/porekb/SkinPore")
    'pkb:SkinPore'
    >>> VOCAB.expand("obo:UBERON_0002073")
    'http://purl.obolibrary.org/obo/UBERON_0002073'
    """

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes: Mapping[str, str] = MappingProxyType(dict(prefixes))
        self._longest_first = sorted(self.prefixes.items(), key=lambda kv: -len(kv[1]))

    def split(self, iri: str, *, empty: bool = False) -> tuple[str, str] | None:
        """``(prefix, local part)`` of an IRI under a known namespace, else None. The namespace IRI itself
        (an empty local part) is split only when ``empty`` is true."""
        for prefix, namespace in self._longest_first:
            if iri.startswith(namespace) and (empty or len(iri) > len(namespace)):
                return prefix, iri[len(namespace) :]
        return None

    def curie(self, iri: str, *, angle: bool = False, sparql: bool = False) -> str:
        """The IRI as ``prefix:local``; an IRI under no known namespace stays as it is (``<iri>`` if ``angle``).

        ``sparql`` keeps the short form only when it reads back as a SPARQL prefixed name: no ``/`` or ``#``
        in the local part, which may be empty (``obo:``); the result tables use it, pages and reports do not.
        """
        found = self.split(iri, empty=sparql)
        if found is not None and not (sparql and ("/" in found[1] or "#" in found[1])):
            return f"{found[0]}:{found[1]}"
        return f"<{iri}>" if angle else iri

    def expand(self, curie: str) -> str:
        """The full IRI of ``prefix:local``; raises :class:`UnknownPrefix` when the prefix is not in the map."""
        prefix, sep, local = curie.partition(":")
        if not sep or prefix not in self.prefixes:
            raise UnknownPrefix(f"unknown prefix {prefix!r} in {curie!r} (known: {', '.join(self.prefixes)})")
        return self.prefixes[prefix] + local

    def sparql_prologue(self) -> str:
        """``PREFIX`` lines for every namespace of the map, for queries that do not declare their own."""
        return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in self.prefixes.items())


VOCAB = PrefixMap(PREFIXES)


def curie(iri: str, *, angle: bool = False, sparql: bool = False) -> str:
    """:meth:`PrefixMap.curie` with the KB's prefix map."""
    return VOCAB.curie(iri, angle=angle, sparql=sparql)


def expand(text: str) -> str:
    """:meth:`PrefixMap.expand` with the KB's prefix map."""
    return VOCAB.expand(text)


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for queries that do not declare their own."""
    return VOCAB.sparql_prologue()
