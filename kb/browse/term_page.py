"""The term page of one IRI: label, definition, types, place in the ontology, cross-references, relations in
and out, claims (the one builder of the term-page model the app and ``porekb docs`` render)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from kb.browse.claims import claim, claims
from kb.browse.lookup import ORIGINS, ref, term_refs
from kb.browse.model import Relation, TermDetails, TermRef, XRef
from kb.browse.place import place
from kb.browse.term_rows import TermRows, all_term_rows, term_rows
from kb.namespaces import PREFIXES

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase


def _sure_ref(kb: KnowledgeBase, node: Node | None) -> TermRef:
    found = ref(kb, node)
    assert found is not None, "the query binds this column"
    return found


def _other_end(kb: KnowledgeBase, node: Node | None) -> tuple[TermRef | None, str | None]:
    """A relation's other end: a term, or a literal's text."""
    if isinstance(node, Literal):
        return None, str(node)
    return ref(kb, node), None


def term_details(kb: KnowledgeBase, iri: str) -> TermDetails | None:
    """The term page of ``iri``: label, definition, types (with origin), place in the ontology (for a class),
    cross-references, relations in and out (asserted, inferred by the reasoner, or derived by rules), the claim
    it is (for a claim), the claims about it, those citing it (for a source) and those asserting a triple with
    it (for a property). None if the KB does not mention the IRI at all."""
    return build_term_details(kb, iri, term_rows(kb, iri))


def every_term_details(kb: KnowledgeBase, iris: Iterable[str]) -> dict[str, TermDetails | None]:
    """The term pages of ``iris`` (:func:`term_details` of each), the term-page queries run once for all of them
    (what ``porekb docs`` builds for the whole site)."""
    rows = all_term_rows(kb)
    return {iri: build_term_details(kb, iri, rows.get(URIRef(iri)) or TermRows()) for iri in iris}


def build_term_details(kb: KnowledgeBase, iri: str, rows: TermRows) -> TermDetails | None:
    """The term page of ``iri`` from the answers of the term-page queries about it (:mod:`kb.browse.term_rows`),
    the one builder behind :func:`term_details` and :func:`every_term_details`."""
    term = URIRef(iri)
    definitions = sorted(str(r["definition"]) for r in rows.term if r.get("definition") is not None)
    definition = definitions[0] if definitions else None
    alt_labels = tuple(sorted({str(r["altLabel"]) for r in rows.term if r.get("altLabel") is not None}))

    types: list[tuple[TermRef, str]] = []
    outgoing: list[Relation] = []
    incoming: list[Relation] = []
    seen_types: set[str] = set()
    seen_out: set[tuple[str, str]] = set()
    seen_in: set[tuple[str, str]] = set()
    declared = False  # typed at all, if only as an OWL property or class
    for origin in ORIGINS:
        for row in rows.types.get(origin, ()):
            declared = True
            type_ref = _sure_ref(kb, row["type"])
            if type_ref.iri not in seen_types and not type_ref.iri.startswith(PREFIXES["owl"]):
                seen_types.add(type_ref.iri)
                types.append((type_ref, origin))
        for row in rows.outgoing.get(origin, ()):
            prop, obj = row["property"], row["object"]
            if (str(prop), str(obj)) not in seen_out:
                seen_out.add((str(prop), str(obj)))
                outgoing.append(Relation("out", _sure_ref(kb, prop), *_other_end(kb, obj), origin))
        for row in rows.incoming.get(origin, ()):
            prop, subj = row["property"], row["subject"]
            if (str(prop), str(subj)) not in seen_in:
                seen_in.add((str(prop), str(subj)))
                incoming.append(Relation("in", _sure_ref(kb, prop), ref(kb, subj), None, origin))
    for row in rows.restrictions:
        other, value = _other_end(kb, row["filler"])
        prop = _sure_ref(kb, row["property"])
        outgoing.append(Relation("out", prop, other, value, "asserted", str(row["quantifier"])))
    xrefs = tuple(
        XRef(str(r["relation"]), _sure_ref(kb, r["relation"]).label, str(r["target"]))
        for r in sorted(rows.xrefs, key=lambda r: (str(r["relation"]), str(r["target"])))
    )
    about = tuple(claims(kb, about=iri))
    cited_by = tuple(claims(kb, source=iri))
    using = tuple(claims(kb, predicate=iri))
    itself = claim(kb, iri)
    where = place(kb, iri)
    mentioned = definition or alt_labels or types or outgoing or incoming or xrefs or where
    mentioned = mentioned or about or cited_by or using or declared
    if not mentioned and iri not in term_refs(kb):
        return None
    origins = list(ORIGINS)
    types.sort(key=lambda t: (origins.index(t[1]), t[0].label.lower(), t[0].iri))
    outgoing.sort(key=_relation_order)
    incoming.sort(key=_relation_order)
    return TermDetails(
        _sure_ref(kb, term),
        definition,
        alt_labels,
        tuple(types),
        xrefs,
        tuple(outgoing),
        tuple(incoming),
        about,
        where,
        itself,
        cited_by,
        using,
    )


def _relation_order(r: Relation) -> tuple[str, ...]:
    """Outgoing before incoming, then by property label and the other end's label or value; ties (one label
    on two terms) by IRI, value, quantifier and origin, so the order does not depend on how rows were read."""
    other = r.other.label if r.other else r.value or ""
    tie = (r.property.iri, r.other.iri if r.other else "", r.value or "", r.quantifier, r.origin)
    return ("0" if r.direction == "out" else "1", r.property.label, other, *tie)
