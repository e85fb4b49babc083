"""The term page of one IRI: label, definition, types, place in the ontology, cross-references, relations in
and out, claims (the one builder of the term-page model the app and ``porekb docs`` render)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from kb.browse.claims import claim, claims
from kb.browse.lookup import ORIGINS, ref, select, term_refs
from kb.browse.model import Relation, TermDetails, TermRef, XRef
from kb.browse.place import place
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
    term = URIRef(iri)
    bind = {"term": term}
    rows = select(kb, "term", bind)
    definition = next((str(r["definition"]) for r in rows if r.get("definition") is not None), None)
    alt_labels = tuple(sorted({str(r["altLabel"]) for r in rows if r.get("altLabel") is not None}))

    types: list[tuple[TermRef, str]] = []
    outgoing: list[Relation] = []
    incoming: list[Relation] = []
    seen_types: set[str] = set()
    seen_out: set[tuple[str, str]] = set()
    seen_in: set[tuple[str, str]] = set()
    declared = False  # typed at all, if only as an OWL property or class
    for origin, graphs in ORIGINS.items():
        for row in select(kb, "term_types", bind, graphs):
            declared = True
            type_ref = _sure_ref(kb, row["type"])
            if type_ref.iri not in seen_types and not type_ref.iri.startswith(PREFIXES["owl"]):
                seen_types.add(type_ref.iri)
                types.append((type_ref, origin))
        for row in select(kb, "relations_out", bind, graphs):
            prop, obj = row["property"], row["object"]
            if (str(prop), str(obj)) not in seen_out:
                seen_out.add((str(prop), str(obj)))
                outgoing.append(Relation("out", _sure_ref(kb, prop), *_other_end(kb, obj), origin))
        for row in select(kb, "relations_in", bind, graphs):
            prop, subj = row["property"], row["subject"]
            if (str(prop), str(subj)) not in seen_in:
                seen_in.add((str(prop), str(subj)))
                incoming.append(Relation("in", _sure_ref(kb, prop), ref(kb, subj), None, origin))
    for row in select(kb, "restrictions", bind, ORIGINS["asserted"]):
        other, value = _other_end(kb, row["filler"])
        prop = _sure_ref(kb, row["property"])
        outgoing.append(Relation("out", prop, other, value, "asserted", str(row["quantifier"])))
    xrefs = tuple(
        XRef(str(r["relation"]), _sure_ref(kb, r["relation"]).label, str(r["target"]))
        for r in select(kb, "term_xrefs", bind)
    )
    about = tuple(claims(kb, about=iri))
    cited_by = tuple(claims(kb, source=iri))
    using = tuple(claims(kb, predicate=iri))
    itself = claim(kb, iri)
    where = place(kb, iri)
    mentioned = (rows and (definition or alt_labels)) or types or outgoing or incoming or xrefs or where
    mentioned = mentioned or about or cited_by or using or declared
    if not mentioned and iri not in term_refs(kb):
        return None
    origins = list(ORIGINS)
    types.sort(key=lambda t: (origins.index(t[1]), t[0].label.lower(), t[0].iri))
    order = {"out": 0, "in": 1}
    outgoing.sort(
        key=lambda r: (order[r.direction], r.property.label, r.other.label if r.other else r.value or "")
    )
    incoming.sort(key=lambda r: (r.property.label, r.other.label if r.other else ""))
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
