"""The generated coverage page (``coverage.html``): every cause, treatment and left-out item, with reasons."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import RDF, RDFS

from kb.docs.coverage import coverage_page
from kb.docs.model import read_site
from kb.knowledge_base import load_kb
from kb.namespaces import PKB


@pytest.fixture(scope="module")
def page_and_site():
    kb = load_kb()
    site = read_site(kb)
    return coverage_page(site, kb), site


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_every_cause_treatment_and_left_out_item_is_on_the_page(page_and_site) -> None:
    page, site = page_and_site
    text = _text(page)
    for cls in (PKB.Cause, PKB.Treatment, PKB.NotCovered):
        for term in site.asserted.subjects(RDF.type, cls):
            label = str(site.asserted.value(term, RDFS.label))
            assert label in text, f"{label} is missing from the coverage page"
    for item in site.asserted.subjects(RDF.type, PKB.NotCovered):
        reason = str(site.asserted.value(item, PKB.notCoveredReason))
        assert reason in text, f"the reason for {item} is missing"


def test_trial_facts_and_links_are_shown(page_and_site) -> None:
    page, site = page_and_site
    text = _text(page)
    assert "25 patients, controlled" in text  # the Nd:YAG split-face trial
    assert "10 patients, no control group" in text  # the copper chlorophyllin pilot
    pages = {t.page for t in site.terms.values()}
    for href in re.findall(r'href="([^"]+)"', page):
        assert href in pages or href == "index.html", href
