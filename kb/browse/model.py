"""The term-page model: what a page about a term shows, as plain dataclasses.

One builder (:func:`kb.browse.term_details`) fills it; the app renders it with Streamlit (``app/views``) and
``porekb docs`` renders the same model to HTML (:mod:`kb.docs`), so a section added here appears in both.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb.labels import TermRef
from kb.namespaces import curie

__all__ = [
    "ORIGIN_NOTE",
    "Axiom",
    "ClaimInfo",
    "Contraindication",
    "DisagreementInfo",
    "Place",
    "Relation",
    "SourceInfo",
    "TermDetails",
    "TermRef",
    "XRef",
]

# Where a triple comes from, in words: what curators asserted, the OWL reasoner inferred, a KB rule derived.
ORIGIN_NOTE = {
    "asserted": "asserted",
    "inferred": "inferred by the OWL reasoner",
    "derived": "derived by a KB rule",
}


@dataclass(frozen=True)
class XRef:
    """A cross-reference to a standard ontology: the SKOS mapping relation and the target IRI."""

    relation: str
    relation_label: str
    target: str

    @property
    def target_curie(self) -> str:
        """The target as ``obo:UBERON_0002073`` style text."""
        return curie(self.target)


@dataclass(frozen=True)
class Relation:
    """One edge at a term: the property, the term at the other end (or a literal value), and its origin.

    ``direction`` is ``out`` (the term is the subject) or ``in`` (the term is the object). ``quantifier`` is
    ``some``/``only``/``value`` for an OWL restriction on a class, else empty.
    """

    direction: str
    property: TermRef
    other: TermRef | None
    value: str | None
    origin: str
    quantifier: str = ""

    @property
    def inferred(self) -> bool:
        """True when the reasoner or a KB-level rule produced this edge."""
        return self.origin != "asserted"


@dataclass(frozen=True)
class ClaimInfo:
    """A claim: what it says, the triple it backs, its source, verbatim quote and evidence."""

    iri: str
    label: str
    statement: str
    subject: TermRef | None
    predicate: TermRef | None
    object: TermRef | None
    value: str | None
    source: TermRef | None
    quote: str
    evidence: TermRef | None
    note: str | None
    conflicts_with: tuple[str, ...] = ()

    def mentions(self, iri: str) -> bool:
        """True when ``iri`` is the claim's subject or object."""
        return (self.subject is not None and self.subject.iri == iri) or (
            self.object is not None and self.object.iri == iri
        )


@dataclass(frozen=True)
class SourceInfo:
    """A source document with its title, publisher/creator, subjects, file name and definition."""

    iri: str
    label: str
    title: str
    publishers: tuple[str, ...]
    creators: tuple[str, ...]
    subjects: tuple[str, ...]
    file: str | None
    definition: str | None


@dataclass(frozen=True)
class DisagreementInfo:
    """A question on which sources disagree, with the claims on each side."""

    iri: str | None
    label: str
    definition: str | None
    sides: tuple[ClaimInfo, ...]

    def positions(self) -> list[tuple[str, list[ClaimInfo]]]:
        """The sides grouped by what they assert (``size can be reduced: false`` ...), in first-seen order."""
        grouped: dict[str, list[ClaimInfo]] = {}
        for claim in self.sides:
            predicate = claim.predicate.label if claim.predicate else "claims"
            target = claim.object.label if claim.object else (claim.value or "")
            grouped.setdefault(f"{predicate}: {target}", []).append(claim)
        return list(grouped.items())


@dataclass(frozen=True)
class Contraindication:
    """A patient attribute a treatment must not be used for, with the claims (and so sources) behind it."""

    attribute: TermRef
    claims: tuple[ClaimInfo, ...]


@dataclass(frozen=True)
class Axiom:
    """A class axiom whose other side is an anonymous class expression, in words: ``relation`` is
    ``subclass of`` or ``equivalent to``, ``expression`` e.g. ``(treatment and acts through value ...)``."""

    relation: str
    expression: str


@dataclass(frozen=True)
class Place:
    """Where a term sits in the ontology: a class's direct superclasses and subclasses, its members (each with
    its origin: asserted, inferred or derived) and its axioms on anonymous classes."""

    superclasses: tuple[tuple[TermRef, str], ...] = ()
    subclasses: tuple[tuple[TermRef, str], ...] = ()
    members: tuple[tuple[TermRef, str], ...] = ()
    axioms: tuple[Axiom, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.superclasses or self.subclasses or self.members or self.axioms)


@dataclass(frozen=True)
class TermDetails:
    """Everything a term page shows: label, definition, types, place in the ontology, cross-references,
    relations, the claim the term is (for a claim), the claims about it, the claims citing it (for a source
    document) and the claims asserting a triple with it (for a property)."""

    term: TermRef
    definition: str | None
    alt_labels: tuple[str, ...]
    types: tuple[tuple[TermRef, str], ...]
    xrefs: tuple[XRef, ...]
    outgoing: tuple[Relation, ...]
    incoming: tuple[Relation, ...]
    claims: tuple[ClaimInfo, ...]
    place: Place = Place()
    claim: ClaimInfo | None = None
    cited_by: tuple[ClaimInfo, ...] = ()
    claims_using: tuple[ClaimInfo, ...] = ()
