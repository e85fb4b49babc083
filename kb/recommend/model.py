"""The result model of a recommendation: likely causes, ranked treatments, deferred and not-recommended ones,
advice, and the HOW trace, each with its JSON form.

Explanations are built on demand: a caution's tree and a not-recommended treatment's WHY NOT trees are built the
first time they are read (``why`` / ``why_not``), so a profile's cost does not grow with the treatments it does not
get. Their top-level reasons (one node per reason, without the nodes below it) are always there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kb.explain.summary import Disputed, not_recommended_summary
from kb.explain.tree import ExplanationNode
from kb.kb_index import SourceRef
from kb.rules.model import Triple

DETAILS = ("summary", "full")


DISCLAIMER = (
    "Decision support for clinicians, not a prescription: check every suggestion, caution and "
    "contraindication against the patient and the current product information."
)


@dataclass
class Term:
    """A KB term with its label."""

    id: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label}


@dataclass
class Caution(Term):
    """A caution that applies to a treatment for this patient, with its action and its sources."""

    action: str = "caution"
    sources: list[SourceRef] = field(default_factory=list)
    explain: Callable[[], ExplanationNode | None] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def why(self) -> ExplanationNode | None:
        """Why the caution applies to this patient (built on first access)."""
        return self.explain() if self.explain else None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "action": self.action,
            "sources": [s.to_json() for s in self.sources],
        }


@dataclass
class LikelyCause(Term):
    """A likely cause of the patient's enlarged-looking pores, why it is likely, and what aggravates it."""

    why: ExplanationNode | None = None
    aggravated_by: list[Term] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "aggravated_by": [a.to_json() for a in self.aggravated_by],
            "why": self.why.to_json() if self.why else None,
        }


@dataclass
class Advice(Term):
    """What the patient can do about a likely, modifiable cause, with its sources."""

    text: str = ""
    cause: Term | None = None
    sources: list[SourceRef] = field(default_factory=list)
    why: ExplanationNode | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "text": self.text,
            "cause": self.cause.to_json() if self.cause else None,
            "sources": [s.to_json() for s in self.sources],
            "why": self.why.to_json() if self.why else None,
        }


@dataclass
class RankingPart:
    """One part of a treatment's ranking, as the policy declares it: its JSON key and value, and its words."""

    key: str
    value: Any
    text: str = ""  # "" when the policy shows this part in the JSON only (or not when it is empty)


@dataclass
class Ranking:
    """Why a treatment stands where it does: the parts the ranking policy (``ontology/policy/ranking.rq``)
    declares, in its order (e.g. the step of care, the evidence on the best chain, the causes addressed)."""

    parts: list[RankingPart] = field(default_factory=list)

    def text(self) -> str:
        """The ranking in words: the parts' words joined by '; '."""
        return "; ".join(p.text for p in self.parts if p.text)

    @property
    def headline(self) -> str:
        """The first part in words (e.g. the step of care), for a node label."""
        return next((p.text for p in self.parts if p.text), "")

    def to_json(self) -> dict[str, Any]:
        return {p.key: p.value for p in self.parts}


@dataclass
class Recommendation(Term):
    """A recommended treatment: its rank, the ranking in words, mechanisms, cautions and WHY tree."""

    rank: int = 0
    ranking: Ranking | None = None
    causes_addressed: list[Term] = field(default_factory=list)  # the patient's likely causes it addresses
    mechanisms: list[Term] = field(default_factory=list)
    cautions: list[Caution] = field(default_factory=list)
    why: ExplanationNode | None = None
    summary: str = ""
    disputed: list[Disputed] = field(default_factory=list)
    strongest_source: SourceRef | None = None
    # (likely cause, mechanism, sources of "mechanism counteracts cause", sources of "acts through mechanism")
    chains: list[tuple[Term, Term, int, int]] = field(default_factory=list)

    @property
    def score_text(self) -> str:
        """The ranking in words (what a clinician reads instead of a number)."""
        return self.ranking.text() if self.ranking else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "iri": self.id,
            "label": self.label,
            "rank": self.rank,
            "summary": self.summary,
            "score_text": self.score_text,
            "ranking": self.ranking.to_json() if self.ranking else None,
            "mechanisms": [m.to_json() for m in self.mechanisms],
            "cautions": [c.to_json() for c in self.cautions],
            "disputed": [d.to_json() for d in self.disputed],
            "why": self.why.to_json() if self.why else None,
        }


@dataclass
class Deferred(Recommendation):
    """A candidate treatment that waits for the clinician's check, with every reason it is deferred."""

    why_deferred: list[ExplanationNode] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["why_deferred"] = [n.to_json() for n in self.why_deferred]
        return out


@dataclass
class NotRecommended(Term):
    """A treatment that is not recommended, with one WHY NOT node per reason (every reason that applies).

    ``reasons`` are the top-level nodes (statement, rule, sources; ``because`` left empty) and ``summary`` says
    them in one sentence; ``why_not`` builds the full trees. Each is built on first access.
    """

    heads: Callable[[], list[ExplanationNode]] | None = field(default=None, repr=False, compare=False)
    explain: Callable[[], list[ExplanationNode]] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def reasons(self) -> list[ExplanationNode]:
        """Every reason, without the tree below it."""
        return self.heads() if self.heads else []

    @cached_property
    def summary(self) -> str:
        """The reasons in one sentence."""
        return not_recommended_summary(self.label, self.reasons)

    @cached_property
    def why_not(self) -> list[ExplanationNode]:
        """Every reason with its full tree."""
        return self.explain() if self.explain else list(self.reasons)

    def to_json(self, detail: str = "full") -> dict[str, Any]:
        """The entry; at ``summary`` detail each reason's ``because`` is null (not expanded: ask ``full``)."""
        if detail == "full":
            why_not = [n.to_json() for n in self.why_not]
        else:
            why_not = [{**n.to_json(), "because": None} for n in self.reasons]
        return {
            "id": self.id,
            "iri": self.id,
            "label": self.label,
            "summary": self.summary,
            "why_not": why_not,
        }


@dataclass
class NoCause:
    """Said when no likely cause was found: what was considered, and what the clinician could check next."""

    considered: list[str]
    check_next: list[str]
    why: ExplanationNode | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "message": "No likely cause of enlarged pores was found in the knowledge base for this profile.",
            "considered": self.considered,
            "check_next": self.check_next,
        }


@dataclass
class TraceStep:
    """One rule firing in order (the HOW trace)."""

    step: int
    rule: str
    iteration: int
    bindings: dict[str, str]
    derived: list[str]
    new: bool = True  # False when every triple it derived was already known (an alternative justification)

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "rule": self.rule,
            "iteration": self.iteration,
            "bindings": self.bindings,
            "derived": self.derived,
            "new": self.new,
        }


@dataclass
class RecommendationResult:
    """What :func:`recommend` returns."""

    profile: dict[str, Any]
    causes: list[LikelyCause]
    recommended: list[Recommendation]
    not_recommended: list[NotRecommended]
    advice: list[Advice]
    how: Callable[[], list[TraceStep]] | None = field(repr=False, compare=False)
    rules_fired: list[str]
    derived: list[Triple] = field(default_factory=list, repr=False)
    deferred: list[Deferred] = field(default_factory=list)
    no_cause: NoCause | None = None
    reasoner: str = ""
    # Shown in the consult note; not in the JSON, whose goldens would otherwise change with every KB edit.
    kb_version: str = ""

    @cached_property
    def trace(self) -> list[TraceStep]:
        """The HOW trace: every rule firing in order (built on first access)."""
        return self.how() if self.how else []

    @property
    def classified_by_hermit(self) -> bool:
        """Whether HermiT classified the KB (alone, or the TBox with the SPARQL realiser, which equals it)."""
        return self.reasoner.startswith("HermiT")

    def to_json(self, detail: str = "full") -> dict[str, Any]:
        """The JSON contract: causes, recommended (rank order), deferred, not_recommended, advice, trace.

        ``full`` (the default here) expands every WHY NOT tree; ``summary`` gives each WHY NOT reason without
        the tree below it (``"because": null``), which is what a first look needs and costs far less.
        """
        if detail not in DETAILS:
            raise ValueError(f"unknown detail {detail!r} (allowed: {', '.join(DETAILS)})")
        return {
            "disclaimer": DISCLAIMER,
            "reasoner": self.reasoner,
            "profile": self.profile,
            "causes": [c.to_json() for c in self.causes],
            "no_cause": self.no_cause.to_json() if self.no_cause else None,
            "recommended": [r.to_json() for r in self.recommended],
            "deferred": [d.to_json() for d in self.deferred],
            "not_recommended": [n.to_json(detail) for n in self.not_recommended],
            "advice": [a.to_json() for a in self.advice],
            "rules_fired": self.rules_fired,
            "trace": [t.to_json() for t in self.trace],
        }
