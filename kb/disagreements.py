"""The KB's recorded disagreements (``pkb:Disagreement``): each side's claims and sources, and which sides a
claim takes (it is a side, or it quotes the same passage of the same document as a side)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Literal

from kb.kb_index import KBIndex, SourceRef
from kb.namespaces import sparql_prologue

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

_SIDES = """
SELECT ?d ?label ?claim ?p ?o ?v WHERE {
  ?d a pkb:Disagreement ; pkb:hasSide ?claim .
  OPTIONAL { ?d rdfs:label ?label }
  ?claim pkb:claimPredicate ?p .
  OPTIONAL { ?claim pkb:claimObject ?o }
  OPTIONAL { ?claim pkb:claimValue ?v }
} ORDER BY ?d ?claim
"""


@dataclass
class _Disagreement:
    iri: str
    question: str
    sides: dict[str, list[SourceRef]] = field(default_factory=dict)  # position -> its claims' sources


@dataclass
class DisagreementIndex:
    """The KB's disagreements: each side's claims, by claim IRI and by (document, quote)."""

    disagreements: list[_Disagreement]
    side_of: dict[str, tuple[_Disagreement, str]]  # claim IRI -> (disagreement, position)
    _taken: dict[SourceRef, list[tuple[_Disagreement, str]]] = field(default_factory=dict, repr=False)

    def sides_taken(self, ref: SourceRef) -> list[tuple[_Disagreement, str]]:
        """The sides a claim takes: it is a side, or it quotes the same passage of the same document."""
        found = self._taken.get(ref)
        if found is None:
            found = self._taken[ref] = self._sides_taken(ref)
        return found

    def _sides_taken(self, ref: SourceRef) -> list[tuple[_Disagreement, str]]:
        if ref.claim in self.side_of:
            return [self.side_of[ref.claim]]
        quote = _normal(ref.quote)
        found = []
        for d in self.disagreements:
            for position, refs in d.sides.items():
                if any(
                    s.document == ref.document
                    and quote
                    and (_normal(s.quote) in quote or quote in _normal(s.quote))
                    for s in refs
                ):
                    found.append((d, position))
        return found


def _normal(text: str) -> str:
    text = (
        text.lower()
        .replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
    )
    return " ".join(re.sub(r"[^\w' ]+", " ", text).split())


def _position(index: KBIndex, obj: Any, value: Any) -> str:
    if isinstance(value, Literal):
        py = value.toPython()
        if isinstance(py, bool):
            return "yes" if py else "no"
        return str(value)
    return index.label(obj) if obj is not None else "?"


def build_disagreement_index(kb: KnowledgeBase) -> DisagreementIndex:
    """The disagreements of a KB with their sides' sources (read by :attr:`KnowledgeBase.disagreements`)."""
    index = kb.index
    by_claim = {ref.claim: ref for refs in index.claims.values() for ref in refs}
    found: dict[str, _Disagreement] = {}
    side_of: dict[str, tuple[_Disagreement, str]] = {}
    for row in kb.select(sparql_prologue() + _SIDES):
        iri = str(row["d"])
        label = str(row.get("label") or index.label(row["d"]))
        question = label.split(":", 1)[1].strip() if label.lower().startswith("disagreement:") else label
        d = found.setdefault(iri, _Disagreement(iri, question))
        position = _position(index, row.get("o"), row.get("v"))
        ref = by_claim.get(str(row["claim"]))
        refs = d.sides.setdefault(position, [])
        if ref is not None and ref not in refs:
            refs.append(ref)
        side_of[str(row["claim"])] = (d, position)
    return DisagreementIndex(list(found.values()), side_of)
