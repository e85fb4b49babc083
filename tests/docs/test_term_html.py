"""kb.docs.term_html: every documentation page renders its term's browse model, section by section, so a
section of the model appears in the docs as it does in the app."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kb import browse
from kb.browse.model import TermDetails
from kb.docs import build_docs, read_site
from kb.docs.model import Site
from kb.docs.term_html import term_page
from kb.knowledge_base import KnowledgeBase, load_kb

_HEADING = re.compile(r"<h2>([^<]*?)(?: \(\d+\))?</h2>")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def site(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path]:
    out = tmp_path_factory.mktemp("docs") / "site"
    build_docs(out, kb=kb)
    return read_site(kb), out


def _expected_sections(details: TermDetails) -> list[str]:
    """The headings a page shows for its model, in page order."""
    sections = [
        ("Place in the ontology", bool(details.place or details.types)),
        ("Cross-references", bool(details.xrefs)),
        ("Relations and values", bool(details.outgoing)),
        ("Incoming relations", bool(details.incoming)),
        ("The claim", details.claim is not None),
        ("Sources", any(c.source for c in (*details.claims, *details.cited_by))),
        ("Claims", bool(details.claims or details.cited_by)),
        ("Claims asserting a triple with it", bool(details.claims_using)),
    ]
    return [name for name, shown in sections if shown]


def test_every_page_shows_the_sections_of_its_model(kb: KnowledgeBase, site: tuple[Site, Path]) -> None:
    docs, out = site
    assert len(docs.terms) > 500
    for iri, term in docs.terms.items():
        details = browse.term_details(kb, str(iri))
        assert details is not None, iri
        text = (out / term.page).read_text(encoding="utf-8")
        headings = [h.strip() for h in _HEADING.findall(text)]
        headings = ["Incoming relations" if h.startswith("Incoming relations") else h for h in headings]
        assert headings == _expected_sections(details), term.page


def test_pages_show_what_the_model_holds(kb: KnowledgeBase, site: tuple[Site, Path]) -> None:
    docs, out = site
    for iri, term in docs.terms.items():
        details = browse.term_details(kb, str(iri))
        assert details is not None
        text = (out / term.page).read_text(encoding="utf-8")
        if details.definition:
            assert html.escape(details.definition) in text, term.page
        for alt in details.alt_labels:
            assert html.escape(alt) in text, term.page
        for axiom in details.place.axioms:
            assert f"{axiom.relation} {html.escape(axiom.expression)}" in text, term.page
        for ref, _origin in (*details.place.superclasses, *details.place.members, *details.types):
            assert html.escape(ref.label) in text, term.page
        for relation in details.outgoing:
            assert html.escape(relation.property.label) in text, term.page
            assert (relation.other is None and html.escape(relation.value or "") in text) or (
                relation.other is not None and html.escape(relation.other.label) in text
            ), (term.page, relation)
        if details.claim is not None and details.claim.quote:
            assert f"<blockquote>{html.escape(details.claim.quote)}</blockquote>" in text, term.page
        boxes = text.count('<div class="claim">')
        assert boxes == (details.claim is not None) + len({*details.claims, *details.cited_by}), term.page


def test_inferred_and_derived_links_are_marked(site: tuple[Site, Path]) -> None:
    _, out = site
    text = (out / "treatment-isotretinoin.html").read_text(encoding="utf-8")
    assert '<span class="inferred" title="inferred by the OWL reasoner">inferred</span>' in text
    assert '<span class="inferred" title="derived by a KB rule">derived</span>' in text


def test_a_page_is_the_same_alone_and_in_the_whole_site(kb: KnowledgeBase, site: tuple[Site, Path]) -> None:
    """The site's pages share each claim's box and build every model at once; a page alone gives the same HTML."""
    docs, out = site
    shared = 0
    for iri, term in docs.terms.items():
        alone = term_page(docs, term, browse.term_details(kb, str(iri)))
        assert (out / term.page).read_text(encoding="utf-8") == alone, term.page
        shared += alone.count('<div class="claim">') > 1
    assert shared > 50
