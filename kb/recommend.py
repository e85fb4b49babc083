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

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from kb import paths
from kb.explain.summary import (
    DisagreementIndex,
    Disputed,
    deferred_lead,
    disagreement_index,
    disputed,
    not_recommended_summary,
    strongest,
    treatment_summary,
)
from kb.explain.tree import ExplanationNode, TreeBuilder, literal_value
from kb.kb_index import KBIndex, SourceRef, kb_index, literal_text
from kb.knowledge_base import KnowledgeBase, load_kb
from kb.namespaces import DEFINITION, KB_GRAPHS, PKB, sparql_prologue
from kb.profile import CaseProfile, code_tables, parse_profile
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
    """A caution that applies to a treatment for this patient, with its action and its sources."""

    action: str = "caution"
    sources: list[SourceRef] = field(default_factory=list)
    why: ExplanationNode | None = None

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
class Ranking:
    """Why a treatment stands where it does: its step of care, the evidence on its best chain, its reach."""

    tier: Term
    tier_rank: int
    evidence_strength: int
    evidence: SourceRef | None
    causes_addressed: list[Term]
    co_benefits: int

    def text(self) -> str:
        """The ranking in words, e.g. 'step 1: skincare ...; evidence: controlled clinical trial (...) ...'."""
        parts = [self.tier.label]
        if self.evidence is not None:
            title = self.evidence.title or self.evidence.document
            parts.append(
                f"evidence: {self.evidence.kind or 'ungraded source'}, {self.evidence.evidence} ({title})"
            )
        else:
            parts.append("evidence: no graded source on its chain")
        causes = ", ".join(c.label for c in self.causes_addressed)
        parts.append(f"addresses {len(self.causes_addressed)} likely cause(s): {causes}")
        if self.co_benefits:
            parts.append(f"also improves {self.co_benefits} of the patient's other findings")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "care_tier": self.tier.to_json(),
            "care_tier_rank": self.tier_rank,
            "evidence_strength": self.evidence_strength,
            "evidence": self.evidence.to_json() if self.evidence else None,
            "causes_addressed": [c.to_json() for c in self.causes_addressed],
            "co_benefits": self.co_benefits,
        }


@dataclass
class Recommendation(Term):
    """A recommended treatment: its rank, the ranking in words, mechanisms, cautions and WHY tree."""

    rank: int = 0
    ranking: Ranking | None = None
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
    """A treatment that is not recommended, with one WHY NOT node per reason (every reason that applies)."""

    why_not: list[ExplanationNode] = field(default_factory=list)
    summary: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "iri": self.id,
            "label": self.label,
            "summary": self.summary,
            "why_not": [n.to_json() for n in self.why_not],
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
    trace: list[TraceStep]
    rules_fired: list[str]
    derived: list[Triple] = field(default_factory=list, repr=False)
    deferred: list[Deferred] = field(default_factory=list)
    no_cause: NoCause | None = None
    reasoner: str = ""
    # Shown in the consult note; not in the JSON, whose goldens would otherwise change with every KB edit.
    kb_version: str = ""

    def to_json(self) -> dict[str, Any]:
        """The JSON contract: causes, recommended (rank order), deferred, not_recommended, advice, trace."""
        return {
            "disclaimer": DISCLAIMER,
            "reasoner": self.reasoner,
            "profile": self.profile,
            "causes": [c.to_json() for c in self.causes],
            "no_cause": self.no_cause.to_json() if self.no_cause else None,
            "recommended": [r.to_json() for r in self.recommended],
            "deferred": [d.to_json() for d in self.deferred],
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
    result = _result(kb, index, case, derivation, ranking, rules)
    summarise(kb, result)
    return result


def kb_version(kb: KnowledgeBase) -> str:
    """The KB's version (``owl:versionInfo``) and the short content hash of its files, e.g. ``0.1.0 (3f2a…)``."""
    cached = kb.extras.get("kb_version")
    if isinstance(cached, str):
        return cached
    from kb.kb_files import content_hash

    rows = kb.select(sparql_prologue() + "SELECT ?v WHERE { ?o a owl:Ontology ; owl:versionInfo ?v }")
    version = str(rows[0]["v"]) if rows else "unversioned"
    text = f"{version} (content {content_hash(kb.files, b'kb-version')[:12]})"
    kb.extras["kb_version"] = text
    return text


def summarise(kb: KnowledgeBase, result: RecommendationResult) -> None:
    """Fill in each entry's ``summary`` and each recommendation's ``disputed`` (and the result's KB version)."""
    index = kb_index(kb)
    disagreements = disagreement_index(kb)
    causes = {URIRef(c.id) for c in result.causes}
    result.kb_version = kb_version(kb)
    for rec in [*result.recommended, *result.deferred]:
        t = URIRef(rec.id)
        chain = []
        for m in rec.mechanisms:
            acts = index.sources((t, PKB.actsThrough, URIRef(m.id)))
            chain += acts
            for c in index.asserted.get((URIRef(m.id), PKB.counteracts), []):  # type: ignore[arg-type]
                if c in causes:
                    counters = index.sources((URIRef(m.id), PKB.counteracts, c))
                    chain += counters
                    rec.chains.append((Term(str(c), index.label(c)), m, len(counters), len(acts)))
        rec.strongest_source = strongest(chain)
        rec.disputed = disputed_of(disagreements, rec)
        addressed = [c.label for c in rec.ranking.causes_addressed] if rec.ranking else []
        lead = deferred_lead(rec.why_deferred) if isinstance(rec, Deferred) else ""
        rec.summary = treatment_summary(
            addressed, [m.label for m in rec.mechanisms], rec.strongest_source, rec.disputed, lead
        )
    for nr in result.not_recommended:
        nr.summary = not_recommended_summary(nr.label, nr.why_not)


def disputed_of(disagreements: DisagreementIndex, rec: Recommendation) -> list[Disputed]:
    """The disagreements a recommendation's WHY rests on."""
    return disputed(disagreements, [rec.why])


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

    def term(node: Node) -> Term:
        return Term(str(node), index.label(node))

    causes = sorted(objects(PKB.likelyCause), key=index.label)
    cause_set = set(causes)
    likely = [
        LikelyCause(
            str(c),
            index.label(c),
            tree.node((patient, PKB.likelyCause, c)),
            [term(a) for a in sorted(objects(PKB.aggravatedBy, c), key=index.label)],
        )
        for c in causes
    ]
    advice = []
    for a in sorted(objects(PKB.receivesAdvice), key=index.label):
        cause = next((c for c in index.asserted.get((a, PKB.adviceFor), []) if c in cause_set), None)
        advice.append(
            Advice(
                str(a),
                index.label(a),
                _text(index, a, DEFINITION),
                term(cause) if cause is not None else None,
                index.sources((a, PKB.adviceFor, cause)) if cause is not None else [],
                tree.node((patient, PKB.receivesAdvice, a)),
            )
        )

    def cautions_of(t: Node) -> list[Caution]:
        out = []
        for k in sorted(objects(PKB.hasApplicableCaution, t), key=index.label):
            actions = index.asserted.get((k, PKB.safetyAction), [])  # type: ignore[arg-type]
            out.append(
                Caution(
                    str(k),
                    index.label(k),
                    index.label(actions[0]) if actions else "caution",
                    _caution_sources(index, k, t),
                    tree.node((t, PKB.hasApplicableCaution, k)),  # type: ignore[arg-type]
                )
            )
        return out

    def ranking_of(t: Node, row: dict[str, Node | None]) -> Ranking:
        tier = row.get("tier")
        return Ranking(
            term(tier) if tier is not None else Term("", "no step of care recorded"),
            _number(row.get("tierRank")),
            _number(row.get("strength")),
            _weakest_link_of_best_chain(index, t, cause_set),
            [term(c) for c in sorted(set(index_addresses(kb, t)) & cause_set, key=index.label)],
            _number(row.get("nb")),
        )

    def mechanisms_of(t: Node) -> list[Term]:
        return [
            term(m)
            for m in sorted(
                {
                    m
                    for m in index.asserted.get((t, PKB.actsThrough), [])  # type: ignore[arg-type]
                    if cause_set & set(index.asserted.get((m, PKB.counteracts), []))
                },
                key=index.label,
            )
        ]

    def reasons(t: Node, predicates: tuple[URIRef, ...]) -> list[ExplanationNode]:
        return [
            tree.justification_node(j, frozenset(), frozenset({PKB.candidateTreatment}))
            for pred in predicates
            for j in justifications.get((patient, pred, t), [])
        ]

    recommended: list[Recommendation] = []
    deferred: list[Deferred] = []
    for row in ranking:
        t = row["t"]
        group = str(row.get("group") or "recommended")  # an older KB revision's policy has no groups
        common = {
            "ranking": ranking_of(t, row),  # type: ignore[arg-type]
            "mechanisms": mechanisms_of(t),  # type: ignore[arg-type]
            "cautions": cautions_of(t),  # type: ignore[arg-type]
        }
        if group == "deferred":
            deferred.append(
                Deferred(
                    str(t),
                    index.label(t),  # type: ignore[arg-type]
                    rank=len(deferred) + 1,
                    why=tree.node((patient, PKB.pendingTreatment, t)),  # type: ignore[arg-type]
                    why_deferred=reasons(t, (PKB.deferredTreatment,)),  # type: ignore[arg-type]
                    **common,  # type: ignore[arg-type]
                )
            )
        else:
            recommended.append(
                Recommendation(
                    str(t),
                    index.label(t),  # type: ignore[arg-type]
                    rank=len(recommended) + 1,
                    why=tree.node((patient, PKB.recommendedTreatment, t)),  # type: ignore[arg-type]
                    **common,  # type: ignore[arg-type]
                )
            )

    placed = {r.id for r in recommended} | {d.id for d in deferred}
    excluded, deferrals = set(objects(PKB.excludedTreatment)), set(objects(PKB.deferredTreatment))
    not_indicated = set(objects(PKB.notIndicatedTreatment))
    not_recommended = []
    for t in sorted((excluded | deferrals | not_indicated) - {URIRef(i) for i in placed}, key=index.label):
        why_not = reasons(t, (PKB.excludedTreatment, PKB.deferredTreatment))
        if t in not_indicated:
            node = tree.node((patient, PKB.notIndicatedTreatment, t))
            addressed = [
                tree.node((t, PKB.addressesCause, c))  # type: ignore[arg-type]
                for c in sorted(index_addresses(kb, t), key=index.label)
            ]
            why_not.append(node.with_reasons(addressed))
        not_recommended.append(NotRecommended(str(t), index.label(t), why_not))

    no_cause = None
    if objects(PKB.noLikelyCause):
        no_cause = NoCause(
            _considered(index, case),
            _check_next(kb, index, case),
            tree.node((patient, PKB.noLikelyCause, objects(PKB.noLikelyCause)[0])),
        )

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
        deferred,
        no_cause,
        kb.classification.reasoner,
    )


def _number(value: Node | None) -> int:
    """A ranking column as a number; 0 where a policy (e.g. an older KB revision's, in ``porekb diff``) lacks it."""
    return literal_value(value) if value is not None else 0  # type: ignore[return-value]


def _text(index: KBIndex, node: Node, predicate: URIRef) -> str:
    values = index.asserted.get((node, predicate), [])  # type: ignore[arg-type]
    return str(values[0]) if values else ""


def _caution_sources(index: KBIndex, caution: Node, treatment: Node) -> list[SourceRef]:
    """The sources of a caution: those behind its link to the treatment and behind its conditions and action."""
    out: list[SourceRef] = list(index.sources((treatment, PKB.hasCaution, caution)))  # type: ignore[arg-type]
    for pred in (PKB.cautionAppliesWith, PKB.safetyAction, PKB.appliesFromAge, PKB.appliesBelowAge):
        for value in index.asserted.get((caution, pred), []):  # type: ignore[arg-type]
            out += [s for s in index.sources((caution, pred, value)) if s not in out]  # type: ignore[arg-type]
    return out


def _weakest_link_of_best_chain(index: KBIndex, t: Node, causes: set[Node]) -> SourceRef | None:
    """The claim that limits the treatment's best chain to a likely cause (what rule R60's strength reflects).

    Ties are broken by the claim's IRI, so every store gives the same answer.
    """
    best: SourceRef | None = None
    for m in sorted(index.asserted.get((t, PKB.actsThrough), []), key=str):  # type: ignore[arg-type]
        for c in sorted(index.asserted.get((m, PKB.counteracts), []), key=str):  # type: ignore[arg-type]
            if c not in causes:
                continue
            links = [
                max(index.sources(triple), key=lambda s: (s.strength, s.claim), default=None)
                for triple in ((t, PKB.actsThrough, m), (m, PKB.counteracts, c))
            ]
            if None in links:
                continue
            weakest = min(links, key=lambda s: (s.strength, s.claim))  # type: ignore[union-attr]
            if best is None or (weakest.strength, weakest.claim) > (best.strength, best.claim):  # type: ignore[union-attr]
                best = weakest
    return best


def _considered(index: KBIndex, case: CaseProfile) -> list[str]:
    """The profile facts the rules looked at, in words."""
    out = []
    for _, p, o in case.triples:
        if p in (RDF.type,):
            continue
        out.append(f"{index.label(p)}: {index.label(o)}")
    return out


def _check_next(kb: KnowledgeBase, index: KBIndex, case: CaseProfile) -> list[str]:
    """Codes the profile lacks that would point to a cause in the KB (what the clinician could check next)."""
    present = {o for _, _, o in case.triples}
    tables = code_tables(kb)
    out = []
    for code, (name, notation) in sorted(tables.notation_of.items(), key=lambda kv: kv[1]):
        if code in present:
            continue
        for cause in index.asserted.get((code, PKB.suggestsCause), []):
            out.append(f"{name} {notation!r} ({index.label(code)}) would point to {index.label(cause)}")
    for (cause, pred), bounds in sorted(index.asserted.items(), key=lambda kv: str(kv[0])):
        if pred in (PKB.minAge, PKB.maxAge):
            side = "or older" if pred == PKB.minAge else "or younger"
            for bound in bounds:
                out.append(f"age {index.label(bound)} {side} would point to {index.label(cause)}")
    return out


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
