"""Claims, sources and disagreements for browsing, read with the one claims query (``queries/claims.rq``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from kb.browse.lookup import browse_cache, ref, select
from kb.browse.model import ClaimInfo, Contraindication, DisagreementInfo, SourceInfo, TermRef
from kb.namespaces import curie

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def claim_info(kb: KnowledgeBase, row: dict[str, Node | None], conflicts: Sequence[str] = ()) -> ClaimInfo:
    """One row of the claims query as a :class:`ClaimInfo` (a literal object is read as the value)."""
    iri, obj, value = str(row["claim"]), row.get("object"), row.get("value")
    return ClaimInfo(
        iri=iri,
        label=_text(row.get("label")) or curie(iri),
        statement=_text(row.get("statement")) or "",
        subject=ref(kb, row.get("subject")),
        predicate=ref(kb, row.get("predicate")),
        object=ref(kb, obj) if obj is not None and not isinstance(obj, Literal) else None,
        value=_text(value) if value is not None else (str(obj) if isinstance(obj, Literal) else None),
        source=ref(kb, row.get("source")),
        quote=_text(row.get("quote")) or "",
        evidence=ref(kb, row.get("evidence")),
        note=_text(row.get("note")),
        conflicts_with=tuple(sorted(conflicts)),
    )


def _claim_index(kb: KnowledgeBase) -> dict[tuple[str, str], list[ClaimInfo]]:
    """The claims of the KB (computed once per loaded KB) by ``(role, IRI)``: ``("all", "")``, ``("claim",
    its IRI)``, ``("about", subject or object)``, ``("source", cited source)``, ``("predicate", property)``."""
    cached = browse_cache(kb)
    if "claims" not in cached:
        conflicts: dict[str, set[str]] = defaultdict(set)
        for row in select(kb, "conflicts"):
            a, b = str(row["claim"]), str(row["other"])
            conflicts[a].add(b)
            conflicts[b].add(a)
        found: dict[str, ClaimInfo] = {}
        for row in select(kb, "claims"):
            iri = str(row["claim"])
            if iri not in found:
                found[iri] = claim_info(kb, row, tuple(conflicts.get(iri, ())))
        index: dict[tuple[str, str], list[ClaimInfo]] = defaultdict(list)
        for claim in found.values():
            index[("all", "")].append(claim)
            index[("claim", claim.iri)].append(claim)
            for iri in dict.fromkeys(t.iri for t in (claim.subject, claim.object) if t is not None):
                index[("about", iri)].append(claim)
            for role, ref in (("source", claim.source), ("predicate", claim.predicate)):
                if ref is not None:
                    index[(role, ref.iri)].append(claim)
        cached["claims"] = dict(index)
    return cached["claims"]  # type: ignore[return-value]


def claims(
    kb: KnowledgeBase, *, about: str | None = None, source: str | None = None, predicate: str | None = None
) -> list[ClaimInfo]:
    """The claims of the KB (computed once per loaded KB), optionally only those about a term (as claim
    subject or object), citing a source document, or asserting a triple with a property (``predicate``)."""
    index = _claim_index(kb)
    roles = (("about", about), ("source", source), ("predicate", predicate))
    asked = [(role, iri) for role, iri in roles if iri is not None]
    if not asked:
        return list(index.get(("all", ""), ()))
    first, *rest = (index.get(key, []) for key in asked)
    keep = [{c.iri for c in found} for found in rest]
    return [c for c in first if all(c.iri in k for k in keep)]


def claim(kb: KnowledgeBase, iri: str) -> ClaimInfo | None:
    """The claim ``iri`` is, or None if it is not a claim."""
    found = _claim_index(kb).get(("claim", iri))
    return found[0] if found else None


def sources(kb: KnowledgeBase) -> list[SourceInfo]:
    """The source documents with their bibliographic details, in IRI order (``source-000`` first)."""

    def split(node: Node | None) -> tuple[str, ...]:
        text = _text(node) or ""
        return tuple(p for p in text.split(" | ") if p)

    found = []
    for row in select(kb, "sources"):
        source = ref(kb, row["source"])
        assert source is not None
        found.append(
            SourceInfo(
                source.iri,
                source.label,
                _text(row.get("title")) or source.label,
                split(row.get("publisher")),
                split(row.get("creator")),
                split(row.get("subject")),
                _text(row.get("file")),
                _text(row.get("definition")),
            )
        )
    return found


def disagreements(kb: KnowledgeBase) -> list[DisagreementInfo]:
    """Each ``pkb:Disagreement`` with the claims on its sides, then any ``pkb:conflictsWith`` pair that no
    disagreement groups (labelled "conflicting claims")."""
    by_iri = {c.iri: c for c in claims(kb)}
    grouped: dict[str, list[ClaimInfo]] = defaultdict(list)
    definitions: dict[str, str | None] = {}
    for row in select(kb, "disagreements"):
        iri = str(row["disagreement"])
        definitions.setdefault(iri, _text(row.get("definition")))
        side = row.get("claim")
        if side is not None and str(side) in by_iri and by_iri[str(side)] not in grouped[iri]:
            grouped[iri].append(by_iri[str(side)])
    result = [
        DisagreementInfo(iri, ref(kb, iri).label, definitions[iri], tuple(grouped[iri]))  # type: ignore[union-attr]
        for iri in definitions
    ]
    covered = {c.iri for d in result for c in d.sides}
    for claim in by_iri.values():
        loose = [by_iri[o] for o in claim.conflicts_with if o in by_iri]
        if claim.iri in covered or not loose:
            continue
        sides = (claim, *(o for o in loose if o.iri not in covered))
        covered |= {c.iri for c in sides}
        result.append(DisagreementInfo(None, "conflicting claims", None, sides))
    return result


def source_conflicts(kb: KnowledgeBase, source: str) -> list[tuple[ClaimInfo, ClaimInfo]]:
    """Pairs ``(claim of this source, conflicting claim of another source)``."""
    by_iri = {c.iri: c for c in claims(kb)}
    pairs = []
    for claim in claims(kb, source=source):
        for other_iri in claim.conflicts_with:
            other = by_iri.get(other_iri)
            if other is not None and (other.source is None or other.source.iri != source):
                pairs.append((claim, other))
    return pairs


def causes_addressed(kb: KnowledgeBase, treatment: str, among: Sequence[str] | None = None) -> list[TermRef]:
    """The causes a treatment addresses (through a mechanism that counteracts them), sorted by label;
    ``among`` keeps only those IRIs (e.g. a patient's likely causes)."""
    keep = None if among is None else set(among)
    found = {str(r["cause"]) for r in select(kb, "addressed_causes", {"treatment": URIRef(treatment)})}
    refs = [ref(kb, c) for c in found if keep is None or c in keep]
    return sorted((r for r in refs if r is not None), key=lambda r: r.label.lower())


def contraindications(kb: KnowledgeBase, treatment: str) -> list[Contraindication]:
    """The patient attributes a treatment must not be used for, each with the claims that back it."""
    by_iri = {c.iri: c for c in claims(kb)}
    grouped: dict[str, list[ClaimInfo]] = {}
    for row in select(kb, "contraindications", {"treatment": URIRef(treatment)}):
        backing = grouped.setdefault(str(row["attribute"]), [])
        claim = by_iri.get(str(row["claim"])) if row.get("claim") is not None else None
        if claim is not None and claim not in backing:
            backing.append(claim)
    found = [Contraindication(ref(kb, a), tuple(c)) for a, c in grouped.items()]  # type: ignore[arg-type]
    return sorted(found, key=lambda c: c.attribute.label.lower())
