"""``porekb docs``: offline HTML documentation of the ontology, one page per class, property and individual.

>>> from kb.docs import build_docs        # doctest: +SKIP
>>> pages = build_docs("site/")           # doctest: +SKIP
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kb.browse.term_page import every_term_details
from kb.docs.coverage import PAGE as COVERAGE_PAGE
from kb.docs.coverage import coverage_page
from kb.docs.html import index_page
from kb.docs.model import Site, read_site
from kb.docs.term_html import term_pages
from kb.knowledge_base import KnowledgeBase, load_kb

__all__ = ["Site", "build_docs", "read_site"]


def build_docs(
    outdir: Path | str, *, kb: KnowledgeBase | None = None, ontology_dir: Path | str | None = None
) -> list[Path]:
    """Write ``index.html``, ``coverage.html`` and one page per term into ``outdir``; return the files written.

    A term's page renders its term-page model (:func:`kb.browse.term_details`), the one the app's Explore page
    shows; the models of all terms are built together (:func:`kb.browse.every_term_details`, each term-page
    query run once). The KB is read before anything is created; if writing fails, a folder this call created is removed.
    """
    target = Path(outdir)
    kb = kb or load_kb(ontology_dir)
    site = read_site(kb)
    details = every_term_details(kb, [str(iri) for iri in site.terms])
    pages = term_pages(site, details)
    created = not target.exists()
    try:
        target.mkdir(parents=True, exist_ok=True)
        written = [target / "index.html", target / COVERAGE_PAGE]
        written[0].write_text(index_page(site), encoding="utf-8")
        written[1].write_text(coverage_page(site, kb), encoding="utf-8")
        for iri, term in site.terms.items():
            path = target / term.page
            path.write_text(pages[iri], encoding="utf-8")
            written.append(path)
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return written
