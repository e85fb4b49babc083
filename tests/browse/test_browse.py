"""Browsing the real KB: term lookup, term pages, the one claims reader shared with the docs, and the DOT."""

from __future__ import annotations

import re

import pytest

from kb import browse
from kb.browse.dot import Edge, Neighbourhood, to_dot
from kb.docs.model import read_site
from kb.knowledge_base import KnowledgeBase

SKIN_PORE = "https://w3id.org/porekb/SkinPore"
_NODE = re.compile(r"^  (n\d+) \[label=", re.MULTILINE)
_EDGE = re.compile(r"^  (n\d+) -> (n\d+) ", re.MULTILINE)


def test_find_term_by_iri_curie_and_label(real_kb: KnowledgeBase) -> None:
    by_iri = browse.find_term(real_kb, SKIN_PORE)
    assert by_iri is not None and by_iri.kind == "class"
    assert browse.find_term(real_kb, "pkb:SkinPore") == by_iri
    assert browse.find_term(real_kb, f"  {by_iri.label.upper()} ") == by_iri
    assert browse.find_term(real_kb, "nope:SkinPore") is None
    assert browse.find_term(real_kb, "no such term at all") is None


def test_term_page_claims_name_the_term(real_kb: KnowledgeBase) -> None:
    details = browse.term_details(real_kb, SKIN_PORE)
    assert details is not None and details.term.curie == "pkb:SkinPore"
    assert details.claims, "the KB has claims about skin pores"
    for claim in details.claims:
        assert SKIN_PORE in {t.iri for t in (claim.subject, claim.object) if t is not None}
        assert claim.evidence is None or claim.evidence.curie.startswith("obo:ECO_")
    assert browse.term_details(real_kb, "https://w3id.org/porekb/no-such-term") is None


def test_docs_and_browse_read_the_same_claims(real_kb: KnowledgeBase) -> None:
    site = read_site(real_kb)
    assert [c.iri for c in site.claims] == [c.iri for c in browse.claims(real_kb)]
    cited = {c.source.iri for c in site.claims if c.source is not None}
    source = sorted(cited)[0]
    details = browse.term_details(real_kb, source)
    assert details is not None and details.cited_by
    assert list(details.cited_by) == browse.claims(real_kb, source=source)


def _nodes_and_edges(dot: str) -> tuple[list[str], list[tuple[str, str]]]:
    return _NODE.findall(dot), _EDGE.findall(dot)


@pytest.mark.parametrize("max_edges", [1, 3, 40])
def test_neighbourhood_draws_only_nodes_its_edges_use(real_kb: KnowledgeBase, max_edges: int) -> None:
    details = browse.term_details(real_kb, SKIN_PORE)
    assert details is not None
    total = len(details.types) + len(details.outgoing) + sum(1 for r in details.incoming if r.other)
    dot = browse.neighbourhood_dot(real_kb, SKIN_PORE, max_edges=max_edges)
    nodes, edges = _nodes_and_edges(dot)
    assert len(nodes) == len(set(nodes)), "each node is declared once"
    assert {n for edge in edges for n in edge} == set(nodes), "no node stands alone, no edge to nowhere"
    assert nodes == [f"n{i}" for i in range(len(nodes))]
    if total > max_edges:
        assert f"... {total - max_edges} more edges" in dot
        assert len(edges) == max_edges + 1  # the kept edges and the dotted one to the note
    else:
        assert "more edges" not in dot and len(edges) == total


def test_unknown_term_draws_one_note(real_kb: KnowledgeBase) -> None:
    dot = browse.neighbourhood_dot(real_kb, "https://w3id.org/porekb/no-such-term")
    assert 'unknown [label="unknown term"];' in dot and "->" not in dot


def test_to_dot_writes_the_set_it_is_given() -> None:
    graph = Neighbourhood("a")
    graph.add("a", 'centre "quoted"')
    graph.add("b", "a long label that the drawing wraps onto two lines")
    graph.edges.append(Edge("a", "b", "relates to", inferred=True))
    dot = to_dot(graph)
    assert '  n0 [label="centre \\"quoted\\""];' in dot
    assert '  n1 [label="a long label that the\\ndrawing wraps onto two lines"];' in dot
    assert '  n0 -> n1 [label="relates to", style=dashed' in dot
    trimmed = graph.trimmed(0)
    assert list(trimmed.nodes) == ["a", "more"] and trimmed.edges == []
