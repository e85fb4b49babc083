"""The typed recommendation API: profile in, ranked treatments with WHY / WHY NOT explanations out.

Each call works in its own named graphs (``urn:porekb:case:<uuid>:profile`` and ``...:derived``) on the
shared,
read-only KB store, and drops them when done, so concurrent calls do not see each other.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kb import paths
from kb.explain.tree import ExplanationNode, TreeBuilder, literal_value
from kb.kb_index import KBIndex, SourceRef, kb_index, literal_text
from kb.knowledge_base import KnowledgeBase, load_kb
from kb.namespaces import KB_GRAPHS, PKB, sparql_prologue
from kb.profile import CaseProfile, parse_profile
from kb.rules.engine import run_rules
from kb.rules.model import Derivation, Justification, Rule, Triple

DISCLAIMER = (
    "Decision support for clinicians, not a prescription: check every suggestion, caution and "
    "contraindication against the patient and the current product information."
)

RANKING_FILE = "policy/ranking.rq"


def _ranking_query(kb: KnowledgeBase) -> str:
    """The ranking policy (``ontology/policy/ranking.rq``), read once per KB.

    A KB folder without one (an older revision compared by ``porekb diff``) uses the installed policy.
    """
    text = kb.extras.get("ranking_query")
    if text is None:
        path = kb.ontology_dir / RANKING_FILE
        if not path.is_file():
            path = paths.ontology_dir() / RANKING_FILE
        text = kb.extras["ranking_query"] = sparql_prologue() + path.read_text(encoding="utf-8")
    return text  # type: ignore[return-value]


_default_kb: KnowledgeBase | None = None
_default_lock = threading.Lock()


@dataclass
class Term:
    """A KB term with its label."""

    id: str
    label: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label}


@dataclass
class Caution(Term):
    """A caution that applies to a recommended treatment for this patient, with its sources."""

    sources: list[SourceRef] = field(default_factory=list)
    why: ExplanationNode | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "sources": [s.to_json() for s in self.sources]}


@dataclass
class LikelyCause(Term):
    """A likely cause of the patient's enlarged-looking pores and why it is likely."""

    why: ExplanationNode | None = None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "why": self.why.to_json() if self.why else None}


@dataclass
class Recommendation(Term):
    """A recommended treatment: its rank, score, mechanisms, cautions and WHY tree."""

    rank: int = 0
    score: int = 0
    score_parts: dict[str, int] = field(default_factory=dict)
    mechanisms: list[Term] = field(default_factory=list)
    cautions: list[Caution] = field(default_factory=list)
    why: ExplanationNode | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "rank": self.rank,
            "score": self.score,
            "score_parts": self.score_parts,
            "mechanisms": [m.to_json() for m in self.mechanisms],
            "cautions": [c.to_json() for c in self.cautions],
            "why": self.why.to_json() if self.why else None,
        }


@dataclass
class NotRecommended(Term):
    """A treatment that is not recommended, with one WHY NOT node per reason."""

    why_not: list[ExplanationNode] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "why_not": [n.to_json() for n in self.why_not]}


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
    advice: list[LikelyCause]
    trace: list[TraceStep]
    rules_fired: list[str]
    derived: list[Triple] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract: causes, recommended (rank order), not_recommended, advice, trace."""
        return {
            "disclaimer": DISCLAIMER,
            "profile": self.profile,
            "causes": [c.to_json() for c in self.causes],
            "recommended": [r.to_json() for r in self.recommended],
            "not_recommended": [n.to_json() for n in self.not_recommended],
            "advice": [a.to_json() for a in self.advice],
            "rules_fired": self.rules_fired,
            "trace": [t.to_json() for t in self.trace],
        }


def default_kb() -> KnowledgeBase:
    """The default KB, loaded once per process (thread-safe)."""
    global _default_kb
    with _default_lock:
        if _default_kb is None:
            _default_kb = load_kb()
        return _default_kb


def case_rules(kb: KnowledgeBase) -> list[Rule]:
    """The per-profile rules loaded with the KB."""
    rules = kb.extras.get("case_rules")
    if rules is None:
        from kb.rules.engine import derive_kb_level

        derive_kb_level(kb)
        rules = kb.extras["case_rules"]
    return rules  # type: ignore[return-value]


def recommend(
    profile: Mapping[str, Any] | Graph | CaseProfile, *, kb: KnowledgeBase | None = None
) -> RecommendationResult:
    """Validate the profile, run the case rules, and explain every treatment (recommended or not).

    Raises :class:`~kb.errors.ProfileError` (naming the JSON fields) for a bad profile, before any reasoning.
    """
    kb = kb or default_kb()
    case = parse_profile(kb, profile)
    rules = case_rules(kb)
    index = kb_index(kb)
    stem = f"urn:porekb:case:{uuid.uuid4()}"
    profile_graph, derived_graph = URIRef(stem + ":profile"), URIRef(stem + ":derived")
    try:
        kb.store.add(profile_graph, case.triples)
        derivation = run_rules(kb.store, rules, read_graphs=(*KB_GRAPHS, profile_graph), target=derived_graph)
        ranking = kb.store.select(_ranking_query(kb), graphs=(*KB_GRAPHS, derived_graph))
    finally:
        kb.store.drop(profile_graph)
        kb.store.drop(derived_graph)
    return _result(kb, index, case, derivation, ranking, rules)


def _result(
    kb: KnowledgeBase,
    index: KBIndex,
    case: CaseProfile,
    derivation: Derivation,
    ranking: list[dict[str, Node | None]],
    rules: list[Rule],
) -> RecommendationResult:
    kb_derivation: Derivation = kb.extras["kb_derivation"]  # type: ignore[assignment]
    justifications: dict[Triple, list[Justification]] = {
        **kb_derivation.justifications,
        **derivation.justifications,
    }
    all_rules = {r.id: r for r in [*kb.extras.get("kb_rules", []), *rules]}  # type: ignore[misc]
    tree = TreeBuilder(index, case.iri, case.triples, justifications, all_rules)
    patient = case.iri
    derived = derivation.triples

    by_subject_predicate: dict[tuple[Node, Node], list[Node]] = {}
    for s, p, o in derived:
        by_subject_predicate.setdefault((s, p), []).append(o)

    def objects(pred: URIRef, subject: Node = patient) -> list[Node]:
        return by_subject_predicate.get((subject, pred), [])

    causes = sorted(objects(PKB.likelyCause), key=index.label)
    cause_set = set(causes)
    likely = [LikelyCause(str(c), index.label(c), tree.node((patient, PKB.likelyCause, c))) for c in causes]
    advice = [
        LikelyCause(str(c), index.label(c), tree.node((patient, PKB.adviceOn, c)))
        for c in sorted(objects(PKB.adviceOn), key=index.label)
    ]

    recommended = []
    for rank, row in enumerate(ranking, start=1):
        t = row["t"]
        mechanisms = sorted(
            {
                m
                for m in index.asserted.get((t, PKB.actsThrough), [])  # type: ignore[arg-type]
                if cause_set & set(index.asserted.get((m, PKB.counteracts), []))
            },
            key=index.label,
        )
        cautions = [
            Caution(
                str(k),
                index.label(k),
                index.sources((t, PKB.hasCaution, k)),
                tree.node((t, PKB.hasApplicableCaution, k)),
            )  # type: ignore[arg-type]
            for k in sorted(objects(PKB.hasApplicableCaution, t), key=index.label)
        ]  # type: ignore[arg-type]
        parts = {
            "causes_addressed": row["nc"],
            "claims": row["ncl"],
            "co_benefits": row["nb"],
            "systemic_step_up": row["systemic"],
        }
        recommended.append(
            Recommendation(
                str(t),
                index.label(t),
                rank=rank,
                score=literal_value(row["score"]),  # type: ignore[arg-type]
                score_parts={k: literal_value(v) for k, v in parts.items()},  # type: ignore[arg-type]
                mechanisms=[Term(str(m), index.label(m)) for m in mechanisms],
                cautions=cautions,
                why=tree.node((patient, PKB.recommendedTreatment, t)),  # type: ignore[arg-type]
            )
        )

    not_recommended = []
    excluded = set(objects(PKB.excludedTreatment))
    not_indicated = set(objects(PKB.notIndicatedTreatment))
    for t in sorted(excluded | not_indicated, key=index.label):
        reasons = []
        if t in excluded:
            reasons += [
                tree.justification_node(j, frozenset(), frozenset({PKB.candidateTreatment}))
                for j in justifications.get((patient, PKB.excludedTreatment, t), [])
            ]
        if t in not_indicated:
            node = tree.node((patient, PKB.notIndicatedTreatment, t))
            addressed = [
                tree.node((t, PKB.addressesCause, c))  # type: ignore[arg-type]
                for c in sorted(index_addresses(kb, t), key=index.label)
            ]
            reasons.append(node.with_reasons(addressed))
        not_recommended.append(NotRecommended(str(t), index.label(t), reasons))

    trace = [
        TraceStep(
            f.step,
            f.rule_id,
            f.iteration,
            {k: _term_text(v, patient) for k, v in f.bindings},
            [" ".join(_term_text(x, patient) for x in t) for t in f.derived],
            bool(f.new),
        )
        for f in derivation.firings
    ]
    return RecommendationResult(
        dict(case.data),
        likely,
        recommended,
        not_recommended,
        advice,
        trace,
        sorted(derivation.rules_fired),
        derived,
    )


def index_addresses(kb: KnowledgeBase, treatment: Node) -> list[Node]:
    """The causes a treatment addresses (KB-level rule output), indexed once per KB."""
    addresses = kb.extras.get("addresses_by_treatment")
    if addresses is None:
        kb_derivation: Derivation = kb.extras["kb_derivation"]  # type: ignore[assignment]
        addresses = {}
        for s, p, o in kb_derivation.triples:
            if p == PKB.addressesCause:
                addresses.setdefault(s, []).append(o)
        kb.extras["addresses_by_treatment"] = addresses
    return addresses.get(treatment, [])  # type: ignore[union-attr]


def _term_text(node: Node, patient: URIRef) -> str:
    if node == patient:
        return "urn:porekb:case:patient"
    return literal_text(node) if isinstance(node, Literal) else str(node)
