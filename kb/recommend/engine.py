"""Recommend: validate a profile, run the case rules in the case's own place, rank, and assemble the result.

Each call reasons in a place of its own (:mod:`kb.case_workspace`: a private copy of the KB, or named graphs of
its own beside the read-only KB) and leaves nothing behind, so concurrent calls do not see each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import Graph, URIRef

from kb.disagreements import DisagreementIndex
from kb.explain.summary import (
    Disputed,
    deferred_lead,
    disputed,
    strongest,
    treatment_summary,
)
from kb.knowledge_base import KnowledgeBase, default_kb
from kb.namespaces import PKB
from kb.profile import CaseProfile, parse_profile
from kb.recommend.assemble import assemble
from kb.recommend.model import Deferred, Recommendation, RecommendationResult, Term
from kb.rules.engine import run_rules


def recommend(
    profile: Mapping[str, Any] | Graph | CaseProfile, *, kb: KnowledgeBase | None = None
) -> RecommendationResult:
    """Validate the profile, run the case rules, and explain every treatment (recommended or not).

    Raises :class:`~kb.errors.ProfileError` (naming the JSON fields) for a bad profile, before any reasoning.
    """
    kb = kb or default_kb()
    case = parse_profile(kb, profile)
    rules = kb.case_rules
    index = kb.index
    with kb.case_workspace.open(case.triples) as space:
        derivation = run_rules(
            space.store,
            rules,
            read_graphs=space.read_graphs,
            target=space.target,
            count_target=not space.target_holds_kb,
            groups=kb.case_strata,
            present={*kb.case_predicates, *(p for _, p, _ in case.triples)},
            read_after=kb.ranking_policy.reads,
        )
        ranking = space.store.select(kb.ranking_policy.query, graphs=space.ranking_graphs)
    result = assemble(kb, index, case, derivation, ranking, rules)
    summarise(kb, result)
    return result


def summarise(kb: KnowledgeBase, result: RecommendationResult) -> None:
    """Fill in each entry's ``summary`` and each recommendation's ``disputed`` (and the result's KB version)."""
    index = kb.index
    disagreements = kb.disagreements
    causes = {URIRef(c.id) for c in result.causes}
    result.kb_version = kb.version
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
        addressed = [c.label for c in rec.causes_addressed]
        lead = deferred_lead(rec.why_deferred) if isinstance(rec, Deferred) else ""
        rec.summary = treatment_summary(
            addressed, [m.label for m in rec.mechanisms], rec.strongest_source, rec.disputed, lead
        )


def disputed_of(disagreements: DisagreementIndex, rec: Recommendation) -> list[Disputed]:
    """The disagreements a recommendation's WHY rests on."""
    return disputed(disagreements, [rec.why])
