"""Browsing the KB: the class hierarchy (asserted and inferred), term pages, claims by source, disagreements,
and a term's neighbourhood as Graphviz DOT.

The term page (:func:`term_details`, model in :mod:`kb.browse.model`) is the one model of a page about a term:
the app's Explore page renders it with Streamlit and ``porekb docs`` renders it to HTML (:mod:`kb.docs`).

This is the engine side of the app's Explore and Sources pages. Every query is a ``.rq`` file in
``ontology/browse/`` loaded by name; the term a page asks about is bound as a variable, never spliced into
query text. Results are plain dataclasses (:mod:`kb.browse.model`), so the pages stay thin and the functions
are easy to test. Labels come from :mod:`kb.labels`, CURIEs from :mod:`kb.namespaces`.
"""

from __future__ import annotations

from kb.browse.claims import (
    causes_addressed,
    claim,
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
    ORIGIN_NOTE,
    Axiom,
    ClaimInfo,
    Contraindication,
    DisagreementInfo,
    Place,
    Relation,
    SourceInfo,
    TermDetails,
    TermRef,
    XRef,
)
from kb.browse.place import place
from kb.browse.term_page import every_term_details, term_details
from kb.namespaces import curie

__all__ = [
    "ORIGINS",
    "ORIGIN_NOTE",
    "Axiom",
    "ClaimInfo",
    "ClassHierarchy",
    "Contraindication",
    "DisagreementInfo",
    "Membership",
    "Place",
    "Relation",
    "SourceInfo",
    "SubclassEdge",
    "TermDetails",
    "TermRef",
    "XRef",
    "causes_addressed",
    "claim",
    "claim_info",
    "claims",
    "class_hierarchy",
    "contraindications",
    "curie",
    "disagreements",
    "every_term_details",
    "find_term",
    "load_query",
    "neighbourhood_dot",
    "place",
    "source_conflicts",
    "sources",
    "term_details",
    "terms",
]
