"""The rows a term page is built from (:mod:`kb.browse.term_page`), read with the term-page queries either for
one term (``?term`` bound) or for every term at once (the same queries with ``?term`` free, rows grouped by
term, read once per loaded KB; what ``porekb docs`` uses for the whole site). Both give the same rows for a
term, so the one builder makes the same page from either."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from kb.browse.lookup import ORIGINS, browse_cache, load_query, select

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

Row = dict[str, Node | None]
_PER_ORIGIN = (("term_types", "types"), ("relations_out", "outgoing"), ("relations_in", "incoming"))
_ORIGIN_OF = {graph: origin for origin, graphs in ORIGINS.items() for graph in graphs}


@dataclass
class TermRows:
    """The answers of the term-page queries about one term, in query order: ``term`` (definitions and
    alternative labels), ``term_types``, ``relations_out`` and ``relations_in`` by origin (asserted, inferred,
    derived: the graph that holds the triple), the asserted ``restrictions`` and the ``term_xrefs``."""

    term: list[Row] = field(default_factory=list)
    types: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    outgoing: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[str, list[Row]] = field(default_factory=lambda: defaultdict(list))
    restrictions: list[Row] = field(default_factory=list)
    xrefs: list[Row] = field(default_factory=list)


def _read(kb: KnowledgeBase, bindings: dict[str, Node] | None) -> dict[Node | None, TermRows]:
    """Every term-page query once, with ``bindings`` (or none: every term), rows grouped by ``?term``."""
    found: dict[Node | None, TermRows] = defaultdict(TermRows)
    for row in select(kb, "term", bindings):
        found[row["term"]].term.append(row)
    for name, attribute in _PER_ORIGIN:  # GRAPH ?g over every graph; those outside the KB's origins left out
        for row in kb.select(load_query(name), bindings, graphs=None):
            origin = _ORIGIN_OF.get(row["g"])  # type: ignore[arg-type]
            if origin is not None:
                getattr(found[row["term"]], attribute)[origin].append(row)
    for row in select(kb, "restrictions", bindings, ORIGINS["asserted"]):
        found[row["term"]].restrictions.append(row)
    for row in select(kb, "term_xrefs", bindings):
        found[row["term"]].xrefs.append(row)
    return found


def bound_term_rows(kb: KnowledgeBase, iri: str) -> TermRows:
    """The rows about ``iri``, read with the term-page queries with ``?term`` bound to it."""
    term = URIRef(iri)
    return _read(kb, {"term": term}).get(term) or TermRows()


def all_term_rows(kb: KnowledgeBase) -> dict[Node | None, TermRows]:
    """The rows about every term, each term-page query run once with ``?term`` free (read once per loaded KB)."""
    cached = browse_cache(kb)
    if "term rows" not in cached:
        cached["term rows"] = dict(_read(kb, None))
    return cached["term rows"]  # type: ignore[return-value]


def term_rows(kb: KnowledgeBase, iri: str) -> TermRows:
    """The rows about ``iri``: a dictionary read when every term's rows are read already (:func:`all_term_rows`),
    else :func:`bound_term_rows`."""
    every = browse_cache(kb).get("term rows")
    if every is None:
        return bound_term_rows(kb, iri)
    return every.get(URIRef(iri)) or TermRows()  # type: ignore[attr-defined]
