"""Assembling a recommendation result from a case's derivation: causes, ranked and deferred treatments,
WHY NOT entries (their trees built on demand), advice and the HOW trace."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node

from kb.explain.tree import ExplanationNode, TreeBuilder
from kb.kb_index import KBIndex, SourceRef, literal_text
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import CASE_IRI_PREFIX, DEFINITION, PKB
from kb.profile import CaseProfile
from kb.recommend.model import (
    Advice,
    Caution,
    Deferred,
    LikelyCause,
    NoCause,
    NotRecommended,
    Recommendation,
    RecommendationResult,
    Term,
    TraceStep,
)
from kb.recommend.ranking import ranking_of
from kb.rules.model import Derivation, Justification, Layered, Rule, Triple


def assemble(
    kb: KnowledgeBase,
    index: KBIndex,
    case: CaseProfile,
    derivation: Derivation,
    ranking: list[dict[str, Node | None]],
    rules: list[Rule],
) -> RecommendationResult:
    # the case's justifications before the KB's (a view, not a copy of the KB's: ~37,000 at 1e6 triples)
    justifications: Mapping[Triple, list[Justification]] = Layered(
        derivation.justifications, kb.derivation.justifications
    )
    all_rules = {r.id: r for r in [*kb.kb_rules, *rules]}
    tree = TreeBuilder(
        index,
        case.iri,
        case.triples,
        justifications,
        all_rules,
        kb_memo=kb.explanation_memo,
        case_derived=derivation.justifications,
    )
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
                    partial(tree.node, (t, PKB.hasApplicableCaution, k)),
                )
            )
        return out

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

    def reasons(t: Node, predicates: tuple[URIRef, ...], expand: bool = True) -> list[ExplanationNode]:
        return [
            tree.justification_node(j, frozenset(), frozenset({PKB.candidateTreatment}), expand=expand)
            for pred in predicates
            for j in justifications.get((patient, pred, t), [])
        ]

    recommended: list[Recommendation] = []
    deferred: list[Deferred] = []
    for row in ranking:
        t = row["t"]
        group = str(row.get("group") or "recommended")  # an older KB revision's policy has no groups
        common = {
            "ranking": ranking_of(kb.ranking_policy.parts, row, index, cause_set, kb.addresses),
            "causes_addressed": [
                term(c)
                for c in sorted(set(kb.addresses.get(t, [])) & cause_set, key=index.label)  # type: ignore[arg-type]
            ],
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

    def why_not(t: Node, expand: bool = True) -> list[ExplanationNode]:
        """Every reason ``t`` is not recommended; ``expand=False``: each reason without the tree below it."""
        nodes = reasons(t, (PKB.excludedTreatment, PKB.deferredTreatment), expand)
        if t in not_indicated:
            triple = (patient, PKB.notIndicatedTreatment, t)
            if not expand:
                return [*nodes, tree.head(triple)]
            addressed = [
                tree.node((t, PKB.addressesCause, c))  # type: ignore[arg-type]
                for c in sorted(kb.addresses.get(t, []), key=index.label)
            ]
            nodes.append(tree.node(triple).with_reasons(addressed))
        return nodes

    others = [
        (index.label(t), t) for t in (excluded | deferrals | not_indicated) - {URIRef(i) for i in placed}
    ]
    for label, t in sorted(others, key=lambda lt: lt[0]):  # each label read once (6,172 entries at 1e6)
        not_recommended.append(NotRecommended(str(t), label, partial(why_not, t, False), partial(why_not, t)))

    no_cause = None
    if objects(PKB.noLikelyCause):
        no_cause = NoCause(
            _considered(index, case),
            _check_next(kb, index, case),
            tree.node((patient, PKB.noLikelyCause, objects(PKB.noLikelyCause)[0])),
        )

    texts: dict[Node, str] = {}

    def text(node: Node) -> str:
        value = texts.get(node)
        if value is None:
            value = texts[node] = _term_text(node, patient)
        return value

    def how() -> list[TraceStep]:
        return [
            TraceStep(
                f.step,
                f.rule_id,
                f.iteration,
                {k: text(v) for k, v in f.bindings},
                [" ".join(text(x) for x in t) for t in f.derived],
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
        how,
        sorted(derivation.rules_fired),
        derived,
        deferred,
        no_cause,
        kb.classification.reasoner,
    )


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
    tables = kb.code_tables
    out = []
    for code, (name, notation) in sorted(tables.notation_of.items(), key=lambda kv: kv[1]):
        if code in present:
            continue
        for cause in index.asserted.get((code, PKB.suggestsCause), []):
            out.append(f"{name} {notation!r} ({index.label(code)}) would point to {index.label(cause)}")
    ages = [
        ((cause, pred), index.asserted.get((cause, pred), []))
        for pred in (PKB.minAge, PKB.maxAge)
        for cause in index.asserted.subjects(pred)  # type: ignore[union-attr]
    ]
    for (cause, pred), bounds in sorted(ages, key=lambda kv: str(kv[0])):
        side = "or older" if pred == PKB.minAge else "or younger"
        for bound in bounds:
            out.append(f"age {index.label(bound)} {side} would point to {index.label(cause)}")
    return out


def _term_text(node: Node, patient: URIRef) -> str:
    if node == patient:
        return f"{CASE_IRI_PREFIX}patient"
    return literal_text(node) if isinstance(node, Literal) else str(node)
