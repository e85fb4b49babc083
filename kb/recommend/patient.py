"""What applies to this patient: the KB codes a profile names (with their ``skos:broader`` groups), and a
treatment's contraindications split into those that apply to the patient and the others.

The consult page shows both beside each recommendation; the knowledge (which codes, which groups, which
contraindications) comes from the KB, the split is done here, once per submission.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.browse.claims import contraindications
from kb.browse.model import Contraindication
from kb.namespaces import SKOS

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase
    from kb.recommend.model import RecommendationResult

__all__ = [
    "ContraindicationSplit",
    "contraindications_by_treatment",
    "patient_codes",
    "split_contraindications",
]


@dataclass(frozen=True)
class ContraindicationSplit:
    """A treatment's contraindications, split by whether they apply to this patient (each sorted by label)."""

    apply: tuple[Contraindication, ...] = ()
    other: tuple[Contraindication, ...] = ()


def _notation(value: object) -> str:
    """A profile value as the notation of its code (``true``/``false`` for a yes/no field)."""
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def patient_codes(kb: KnowledgeBase, profile: Mapping[str, object]) -> frozenset[str]:
    """The KB codes (IRIs) the profile's fields name, and the groups they belong to (``skos:broader``).

    ``profile`` is the JSON form (field name → notation, list of notations, or a boolean for a yes/no field);
    values that are not codes (age, days of downtime) and unknown notations name no code.
    """
    tables = kb.code_tables
    found: set[str] = set()
    for name, value in profile.items():
        for item in value if isinstance(value, list) else [value]:
            code = tables.codes.get(name, {}).get(_notation(item))
            if code is not None:
                found.add(str(code))
    asserted = kb.index.asserted
    groups = {str(b) for code in found for b in asserted.get((URIRef(code), SKOS.broader), [])}
    return frozenset(found | groups)


def split_contraindications(
    kb: KnowledgeBase, treatment: str, present: Iterable[str]
) -> ContraindicationSplit:
    """The contraindications of ``treatment`` (an IRI): those whose attribute is among ``present`` (the
    patient's codes, :func:`patient_codes`) apply; the rest do not."""
    codes = set(present)
    found = contraindications(kb, treatment)
    return ContraindicationSplit(
        tuple(c for c in found if c.attribute.iri in codes),
        tuple(c for c in found if c.attribute.iri not in codes),
    )


def contraindications_by_treatment(
    kb: KnowledgeBase, result: RecommendationResult, profile: Mapping[str, object]
) -> dict[str, ContraindicationSplit]:
    """For every recommended and deferred treatment of ``result`` (by id), its contraindications split by
    whether they apply to the patient of ``profile``."""
    present = patient_codes(kb, profile)
    return {r.id: split_contraindications(kb, r.id, present) for r in [*result.recommended, *result.deferred]}
