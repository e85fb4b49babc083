"""Browsing the KB: the class hierarchy (asserted and inferred), term pages, claims by source, disagreements,
and a term's neighbourhood as Graphviz DOT.

This is the engine side of the app's Explore and Sources pages. Every query is a ``.rq`` file in
``kb/browse/queries/`` loaded by name; the term a page asks about is bound as a variable, never spliced into
query text. Results are plain dataclasses, so the pages stay thin and the functions are easy to test.
"""

from __future__ import annotations

from kb.browse.api import (
    ORIGINS,
    ClaimInfo,
    ClassHierarchy,
    Contraindication,
    DisagreementInfo,
    Membership,
    Relation,
    SourceInfo,
    SubclassEdge,
    TermDetails,
    TermRef,
    XRef,
    causes_addressed,
    claims,
    class_hierarchy,
    contraindications,
    curie,
    disagreements,
    find_term,
    load_query,
    neighbourhood_dot,
    source_conflicts,
    sources,
    term_details,
    terms,
)

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
