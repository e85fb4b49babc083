"""What the recommender concludes differently: every scenario profile run against both KBs and compared.

For each profile: treatments that appear in or disappear from the recommendations, rank changes, cautions
gained or lost beside a recommendation, WHY NOT reasons (deferral reasons included) gained or lost by treatments
that are not recommended, and causes found or no longer found. The typed results are compared, never their JSON.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kb.knowledge_base import KnowledgeBase
from kb.profile import read_profile_file
from kb.recommend import RecommendationResult, recommend


@dataclass
class Scenario:
    """A scenario profile of the tests: its name (the folder) and the profile JSON."""

    name: str
    path: Path
    profile: Any  # a JSON dict or an rdflib Graph (Turtle profile)


@dataclass
class Change:
    """One change in the conclusions on a profile, about one treatment or cause, in words."""

    kind: str  # appears, disappears, rank, rank_shift, why_not_gained, why_not_lost, caution_gained, caution_lost,
    # cause_found, cause_lost
    id: str
    label: str
    text: str
    before: object = None
    after: object = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (the fields as they are)."""
        return asdict(self)


@dataclass
class ScenarioDiff:
    """The changes on one scenario profile (``error`` when one side could not be run on it)."""

    name: str
    changes: list[Change] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {"scenario": self.name, "changes": [c.to_dict() for c in self.changes], "error": self.error}


@dataclass
class ConclusionsDiff:
    """The changes on every scenario profile; ``skipped`` says why no comparison was possible at all."""

    scenarios: list[ScenarioDiff] = field(default_factory=list)
    skipped: str | None = None

    @property
    def changed(self) -> list[ScenarioDiff]:
        """Scenarios whose conclusions changed (or could not be compared)."""
        return [s for s in self.scenarios if s.changes or s.error]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "profiles": len(self.scenarios),
            "changed": len(self.changed),
            "skipped": self.skipped,
            "scenarios": [s.to_dict() for s in self.scenarios],
        }


def load_scenarios(scenarios_dir: Path) -> list[Scenario]:
    """Every ``<name>/profile.json`` or ``<name>/profile.ttl`` under ``scenarios_dir``, sorted by name."""

    paths = [*scenarios_dir.glob("*/profile.json"), *scenarios_dir.glob("*/profile.ttl")]
    return [
        Scenario(p.parent.name, p, read_profile_file(p)) for p in sorted(paths, key=lambda p: p.parent.name)
    ]


def _conclude(kb: KnowledgeBase, profile: dict[str, Any]) -> RecommendationResult:
    return recommend(profile, kb=kb)


def _reasons(result: RecommendationResult) -> dict[str, list[str]]:
    """Every treatment that is not recommended or is deferred, with its reasons in words (top-level only:
    no explanation tree is built)."""
    out = {n.id: [r.statement for r in n.reasons] for n in result.not_recommended}
    for d in result.deferred:
        out[d.id] = ["deferred: " + r.statement for r in d.why_deferred]
    return out


def compare(before: RecommendationResult, after: RecommendationResult) -> list[Change]:
    """The changes between two recommendation results of one profile (e.g. on two KB revisions)."""
    changes: list[Change] = []
    old_rec = {r.id: r for r in before.recommended}
    new_rec = {r.id: r for r in after.recommended}
    old_why, new_why = _reasons(before), _reasons(after)
    labels = {
        e.id: e.label for r in (before, after) for e in [*r.recommended, *r.deferred, *r.not_recommended]
    }
    for tid in sorted(new_rec.keys() - old_rec.keys(), key=lambda t: new_rec[t].rank):
        item = new_rec[tid]
        reasons = old_why.get(tid, [])
        was = ("; before, it was not recommended because: " + "; ".join(reasons)) if reasons else ""
        text = f"now recommended at rank {item.rank}{was}"
        changes.append(Change("appears", tid, item.label, text, None, item.rank))
    for tid in sorted(old_rec.keys() - new_rec.keys(), key=lambda t: old_rec[t].rank):
        item = old_rec[tid]
        reasons = new_why.get(tid, [])
        why = ("; now not recommended because: " + "; ".join(reasons)) if reasons else ""
        text = f"no longer recommended (was rank {item.rank}){why}"
        changes.append(Change("disappears", tid, item.label, text, item.rank, None))
    common = sorted(old_rec.keys() & new_rec.keys(), key=lambda t: new_rec[t].rank)
    steady = _in_order(common, {t: old_rec[t].rank for t in common})
    for tid in common:
        a, b = old_rec[tid], new_rec[tid]
        if a.rank == b.rank:
            continue
        if tid in steady:  # kept its place relative to the others: it only shifted because others moved
            changes.append(Change("rank_shift", tid, b.label, f"rank {a.rank} → {b.rank}", a.rank, b.rank))
        else:
            why = f" ({a.score_text} → {b.score_text})" if a.score_text != b.score_text else ""
            text = f"moved from rank {a.rank} to rank {b.rank}{why}"
            changes.append(Change("rank", tid, b.label, text, a.rank, b.rank))
    for tid in common:  # a caution that appears or disappears beside a recommendation (medical safety)
        old_cautions = {c.id: c.label for c in old_rec[tid].cautions}
        new_cautions = {c.id: c.label for c in new_rec[tid].cautions}
        label = new_rec[tid].label
        for cid in sorted(new_cautions.keys() - old_cautions.keys()):
            text = f"new caution: {new_cautions[cid]}"
            changes.append(Change("caution_gained", tid, label, text, None, new_cautions[cid]))
        for cid in sorted(old_cautions.keys() - new_cautions.keys()):
            text = f"caution no longer shown: {old_cautions[cid]}"
            changes.append(Change("caution_lost", tid, label, text, old_cautions[cid], None))
    for tid in sorted(old_why.keys() | new_why.keys()):
        if tid in old_rec or tid in new_rec:
            continue  # already said above: it moved into or out of the recommendations
        old_reasons, new_reasons = set(old_why.get(tid, [])), set(new_why.get(tid, []))
        label = labels[tid]
        if tid not in old_why:
            text = "new in the KB and not recommended: " + "; ".join(sorted(new_reasons))
            changes.append(Change("why_not_gained", tid, label, text, None, sorted(new_reasons)))
            continue
        if tid not in new_why:
            text = "no longer in the KB (was not recommended)"
            changes.append(Change("why_not_lost", tid, label, text, sorted(old_reasons), None))
            continue
        for reason in sorted(new_reasons - old_reasons):
            text = f"new WHY NOT reason: {reason}"
            changes.append(Change("why_not_gained", tid, label, text, None, reason))
        for reason in sorted(old_reasons - new_reasons):
            text = f"WHY NOT reason no longer given: {reason}"
            changes.append(Change("why_not_lost", tid, label, text, reason, None))
    old_causes = {c.id: c.label for c in before.causes}
    new_causes = {c.id: c.label for c in after.causes}
    for cid in sorted(new_causes.keys() - old_causes.keys()):
        changes.append(Change("cause_found", cid, new_causes[cid], "now found as a likely cause"))
    for cid in sorted(old_causes.keys() - new_causes.keys()):
        changes.append(Change("cause_lost", cid, old_causes[cid], "no longer found as a likely cause"))
    return changes


def _in_order(common: list[str], old_rank: dict[str, int]) -> set[str]:
    """The largest set of treatments (in new rank order) whose old ranks are still in order: the ones that did
    not move relative to each other (a longest increasing subsequence)."""
    ranks = [old_rank[t] for t in common]
    best: list[list[int]] = []  # best[i]: longest increasing run of indices ending at i
    for i, r in enumerate(ranks):
        prior = [best[j] for j in range(i) if ranks[j] < r]
        best.append([*max(prior, key=len, default=[]), i])
    longest = max(best, key=len, default=[])
    return {common[i] for i in longest}


def diff_conclusions(
    base: KnowledgeBase | None, head: KnowledgeBase | None, scenarios: list[Scenario]
) -> ConclusionsDiff:
    """Run every scenario on both KBs (None: that KB could not be loaded consistently) and compare."""
    if base is None or head is None:
        side = "base" if base is None else "head"
        return ConclusionsDiff(
            skipped=f"the {side} KB is inconsistent or has unsatisfiable classes, "
            "so the recommender cannot run on it"
        )
    result = ConclusionsDiff()
    for scenario in scenarios:
        entry = ScenarioDiff(scenario.name)
        try:
            before = _conclude(base, scenario.profile)
        except (
            Exception
        ) as exc:  # a profile the old KB refuses (e.g. a code it lacks) is a finding, not a crash
            before = None
            entry.error = f"base: {type(exc).__name__}: {exc}"
        try:
            after = _conclude(head, scenario.profile)
        except Exception as exc:
            after = None
            entry.error = (entry.error + "; " if entry.error else "") + f"head: {type(exc).__name__}: {exc}"
        if before is not None and after is not None:
            entry.changes = compare(before, after)
        elif before is not None or after is not None:
            ok = "head" if after is not None else "base"
            entry.error = (entry.error or "") + f" (the profile runs on the {ok} KB only)"
        result.scenarios.append(entry)
    return result
