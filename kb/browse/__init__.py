"""Browsing the KB: the class hierarchy (asserted and inferred), term pages, claims by source, disagreements,
and a term's neighbourhood as Graphviz DOT.

This is the engine side of the app's Explore and Sources pages. Every query is a ``.rq`` file in
``ontology/browse/`` loaded by name; the term a page asks about is bound as a variable, never spliced into
query text. Results are plain dataclasses (:mod:`kb.browse.model`), so the pages stay thin and the functions
are easy to test. Labels come from :mod:`kb.labels`, CURIEs from :mod:`kb.namespaces`.
"""

from __future__ import annotations

from kb.browse.claims import (
    causes_addressed,
    claim_info,
    claims,
    contraindications,
    disagreements,
    source_conflicts,
    sources,
)
from kb.browse.dot import neighbourhood_dot
from kb.browse.hierarchy import ClassHierarchy, Membership, SubclassEdge, class_hierarchy
from kb.browse.lookup import ORIGINS, find_term, load_query, terms
from kb.browse.model import (
    ClaimInfo,
    Contraindication,
    DisagreementInfo,
    Relation,
    SourceInfo,
    TermDetails,
    TermRef,
    XRef,
)
from kb.browse.term_page import term_details
from kb.namespaces import curie

__all__ = [
    "ORIGINS",
    "ClaimInfo",
    "ClassHierarchy",
    "Contraindication",
    "DisagreementInfo",
    "Membership",
    "Relation",
    "SourceInfo",
    "SubclassEdge",
    "TermDetails",
    "TermRef",
    "XRef",
    "causes_addressed",
    "claim_info",
    "claims",
    "class_hierarchy",
    "contraindications",
    "curie",
    "disagreements",
    "find_term",
    "load_query",
    "neighbourhood_dot",
    "source_conflicts",
    "sources",
    "term_details",
    "terms",
]
