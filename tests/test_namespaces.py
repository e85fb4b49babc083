"""The vocabulary: one prefix map, CURIEs both ways, the SHACL namespace from rdflib."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH as RDFLIB_SH

from kb.namespaces import PREFIXES, SH, VOCAB, PrefixMap, UnknownPrefix, curie, expand

ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology" / "porekb.ttl"


@pytest.fixture(scope="module")
def ontology_iris() -> set[str]:
    graph = Graph().parse(ONTOLOGY, format="turtle")
    return {str(t) for triple in graph for t in triple if isinstance(t, URIRef)}


def test_every_iri_of_the_ontology_round_trips(ontology_iris: set[str]) -> None:
    shortened = 0
    for iri in ontology_iris:
        short = curie(iri)
        if short != iri:
            shortened += 1
            assert expand(short) == iri
            assert short.split(":", 1)[0] in PREFIXES
    assert shortened > len(ontology_iris) / 2  # most of the ontology is in known namespaces


def test_known_and_unknown_namespaces() -> None:
    assert curie("https://w3id.org/porekb/SkinPore") == "pkb:SkinPore"
    assert curie("http://purl.obolibrary.org/obo/UBERON_0002073") == "obo:UBERON_0002073"
    assert curie("http://example.org/x") == "http://example.org/x"
    assert curie("http://example.org/x", angle=True) == "<http://example.org/x>"


def test_unknown_prefix_names_the_prefix() -> None:
    with pytest.raises(UnknownPrefix, match="'nope'"):
        expand("nope:thing")
    with pytest.raises(UnknownPrefix):
        expand("no-colon-at-all")


def test_longest_namespace_wins_whatever_the_order() -> None:
    short_first = PrefixMap({"ex": "http://example.org/", "exv": "http://example.org/vocab/"})
    long_first = PrefixMap({"exv": "http://example.org/vocab/", "ex": "http://example.org/"})
    for prefixes in (short_first, long_first):
        assert prefixes.curie("http://example.org/vocab/Term") == "exv:Term"
        assert prefixes.curie("http://example.org/other") == "ex:other"


def test_sparql_form_reads_back_as_a_prefixed_name() -> None:
    graph_iri = "https://w3id.org/porekb/graph/facts"
    assert curie(graph_iri) == "pkb:graph/facts"  # pages and reports
    assert curie(graph_iri, angle=True, sparql=True) == f"<{graph_iri}>"  # result tables
    assert curie("https://w3id.org/porekb/", angle=True, sparql=True) == "pkb:"
    assert curie("https://w3id.org/porekb/") == "https://w3id.org/porekb/"


def test_prologue_declares_every_prefix() -> None:
    prologue = VOCAB.sparql_prologue()
    for prefix, namespace in PREFIXES.items():
        assert f"PREFIX {prefix}: <{namespace}>\n" in prologue


def test_shacl_namespace_is_rdflibs() -> None:
    assert SH is RDFLIB_SH
