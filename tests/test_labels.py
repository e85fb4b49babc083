"""One label lookup for every backend: the choice among labels, the fallbacks, graphs and literals."""

from __future__ import annotations

import itertools

from rdflib import RDFS, BNode, Graph, Literal, URIRef

from kb.labels import PAGE_LABELS, GraphLabels, LabelIndex, TermRef, literal_text, local_name, quoted_literal

XSD = "http://www.w3.org/2001/XMLSchema#"
TERM = URIRef("https://w3id.org/porekb/SkinPore")
ROWS = [
    (TERM, Literal("Hautpore", lang="de")),
    (TERM, Literal("pore")),
    (TERM, Literal("skin pore", lang="en")),
    (TERM, Literal("a skin pore", lang="en")),
]


def test_english_first_then_untagged_then_others_smallest_text_among_equals() -> None:
    for rows in itertools.permutations(ROWS):
        assert LabelIndex(rows).get(TERM) == "a skin pore"
    assert LabelIndex(ROWS[:2]).get(TERM) == "pore"
    assert LabelIndex(ROWS[:1]).get(TERM) == "Hautpore"


def test_fallbacks_for_unlabelled_terms() -> None:
    index = LabelIndex(ROWS)
    unlabelled = "https://w3id.org/porekb/NoLabel"
    assert index.get(unlabelled) is None
    assert index.label(unlabelled) == "pkb:NoLabel"
    assert index.label(unlabelled, fallback="local") == "NoLabel"
    assert index.label(str(RDFS.subClassOf)) == "subclass of"
    skos_notation = "http://www.w3.org/2004/02/skos/core#notation"
    assert index.label(skos_notation) == "skos:notation"
    assert index.label(skos_notation, words=PAGE_LABELS) == "code"
    assert index.label("http://example.org/a/b") == "http://example.org/a/b"


def test_blank_nodes_are_not_indexed() -> None:
    node = BNode()
    index = LabelIndex([(node, Literal("anonymous"))])
    assert len(index) == 0 and node not in index


def test_graph_labels_first_graph_wins_and_literals_read_as_values() -> None:
    head, base = Graph(), Graph()
    head.add((TERM, RDFS.label, Literal("skin pore", lang="en")))
    base.add((TERM, RDFS.label, Literal("old name", lang="en")))
    other = URIRef("https://w3id.org/porekb/Other")
    base.add((other, RDFS.label, Literal("only in base", lang="en")))
    labels = GraphLabels([head, base])
    assert labels.label(TERM) == "skin pore"
    assert labels.label(other) == "only in base"
    assert labels.label(Literal("text")) == "“text”"
    assert labels.label(Literal(7)) == "7"


def test_literal_texts() -> None:
    assert literal_text(Literal("7.0", datatype=URIRef(XSD + "decimal"))) == "7"
    assert literal_text(Literal(2.5)) == "2.5"
    assert literal_text(Literal(True)) == "true"
    assert quoted_literal(Literal("oily", datatype=URIRef(XSD + "string"))) == "“oily”"
    assert quoted_literal(Literal("false", datatype=URIRef(XSD + "boolean"))) == "false"


def test_local_name_and_term_ref() -> None:
    assert local_name("http://purl.obolibrary.org/obo/ECO_0000303") == "ECO_0000303"
    assert local_name("http://www.w3.org/2002/07/owl#Class") == "Class"
    ref = TermRef(str(TERM), "skin pore", "class")
    assert ref.curie == "pkb:SkinPore"
    assert ref.to_dict() == {"iri": str(TERM), "curie": "pkb:SkinPore", "label": "skin pore", "kind": "class"}


def test_rows_of_pyoxigraph_terms_give_the_same_labels() -> None:
    import pyoxigraph as ox

    from kb.knowledge_base import load_kb
    from kb.labels import LABEL_QUERY
    from kb.terms import to_ox

    native = [(to_ox(s), to_ox(label)) for s, label in ROWS]
    for rows in itertools.permutations(native):
        assert LabelIndex(rows).get(TERM) == "a skin pore"
    assert LabelIndex([(ox.BlankNode("b0"), ox.Literal("x"))]).get(BNode("b0")) is None
    kb = load_kb()
    result = kb.query(LABEL_QUERY)
    assert result.native_rows is not None
    assert len(kb.labels) > 1000
    assert dict(kb.labels.items()) == dict(LabelIndex(map(tuple, result.rows)).items())  # type: ignore[arg-type]
