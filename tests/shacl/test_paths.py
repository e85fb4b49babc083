"""SHACL paths read once and worded the same way for the compiler (SPARQL) and for the validation report."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kb.shacl.paths import PathError, read_path
from kb.validation.context import curie

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix pkb: <https://w3id.org/porekb/> .
pkb:s1 sh:path pkb:treats .
pkb:s2 sh:path [ sh:inversePath pkb:treats ] .
pkb:s3 sh:path ( pkb:actsThrough [ sh:inversePath pkb:counteracts ] ) .
pkb:s4 sh:path [ sh:alternativePath ( pkb:a [ sh:zeroOrMorePath pkb:b ] ) ] .
pkb:s5 sh:path [ sh:oneOrMorePath [ sh:zeroOrOnePath pkb:c ] ] .
pkb:s6 sh:path [ sh:unknownPath pkb:d ] .
"""
P = "https://w3id.org/porekb/"


def _path(name: str):
    graph = Graph().parse(data=SHAPES, format="turtle")
    return read_path(graph, graph.value(URIRef(P + name), SH.path))


@pytest.mark.parametrize(
    ("shape", "sparql", "report"),
    [
        ("s1", f"<{P}treats>", "pkb:treats"),
        ("s2", f"(^<{P}treats>)", "^pkb:treats"),
        ("s3", f"(<{P}actsThrough>/(^<{P}counteracts>))", "(pkb:actsThrough/(^pkb:counteracts))"),
        ("s4", f"(<{P}a>|(<{P}b>*))", "(pkb:a|(pkb:b*))"),
        ("s5", f"((<{P}c>?)+)", "((pkb:c?)+)"),
    ],
)
def test_a_path_as_sparql_and_in_the_report(shape: str, sparql: str, report: str) -> None:
    path = _path(shape)
    assert path.sparql() == sparql
    assert path.report_words(curie) == report


def test_the_last_iri_names_a_blank_property_shape() -> None:
    assert _path("s3").last_iri() == P + "counteracts"
    assert _path("s1").is_iri and not _path("s2").is_iri


def test_a_node_that_is_not_a_path_is_refused() -> None:
    with pytest.raises(PathError, match="is not a SHACL path"):
        _path("s6")
