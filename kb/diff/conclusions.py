"""What the recommender concludes differently: every scenario profile run against both KBs and compared.

For each profile: treatments that appear in or disappear from the recommendations, rank changes,
WHY NOT reasons gained or lost by treatments that are not recommended, and causes found or no longer found.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kb.knowledge_base import KnowledgeBase
from kb.profile import read_profile_file
from kb.recommend import recommend


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


def reason_text(node: object) -> str:
    """A WHY NOT reason (or any explanation node) as one line of text."""
    if isinstance(node, dict):
        for key in ("text", "statement", "message", "label", "reason"):
            if node.get(key):
                return str(node[key])
        return json.dumps(node, sort_keys=True, ensure_ascii=False)
    return str(node)


def _conclude(kb: KnowledgeBase, profile: dict[str, Any]) -> dict[str, Any]:

    return recommend(profile, kb=kb).to_json()


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(i["id"]): i for i in items}


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """The changes between two recommendation results (``to_json()`` of each)."""
    changes: list[Change] = []
    old_rec, new_rec = _by_id(before.get("recommended", [])), _by_id(after.get("recommended", []))
    old_not, new_not = _by_id(before.get("not_recommended", [])), _by_id(after.get("not_recommended", []))
    for tid in sorted(new_rec.keys() - old_rec.keys(), key=lambda t: new_rec[t].get("rank", 0)):
        item = new_rec[tid]
        reasons = [reason_text(r) for r in old_not.get(tid, {}).get("why_not", [])]
        was = ("; before, it was not recommended because: " + "; ".join(reasons)) if reasons else ""
        changes.append(
            Change(
                "appears",
                tid,
                item["label"],
                f"now recommended at rank {item.get('rank')}{was}",
                None,
                item.get("rank"),
            )
        )
    for tid in sorted(old_rec.keys() - new_rec.keys(), key=lambda t: old_rec[t].get("rank", 0)):
        item = old_rec[tid]
        reasons = [reason_text(r) for r in new_not.get(tid, {}).get("why_not", [])]
        why = ("; now not recommended because: " + "; ".join(reasons)) if reasons else ""
        changes.append(
            Change(
                "disappears",
                tid,
                item["label"],
                f"no longer recommended (was rank {item.get('rank')}){why}",
                item.get("rank"),
                None,
            )
        )
    common = sorted(old_rec.keys() & new_rec.keys(), key=lambda t: new_rec[t].get("rank", 0))
    steady = _in_order(common, old_rec)
    for tid in common:
        a, b = old_rec[tid], new_rec[tid]
        if a.get("rank") == b.get("rank"):
            continue
        if tid in steady:  # kept its place relative to the others: it only shifted because others moved
            changes.append(
                Change(
                    "rank_shift",
                    tid,
                    b["label"],
                    f"rank {a.get('rank')} → {b.get('rank')}",
                    a.get("rank"),
                    b.get("rank"),
                )
            )
        else:
            score = (
                f" (score {a.get('score')} → {b.get('score')})" if a.get("score") != b.get("score") else ""
            )
            changes.append(
                Change(
                    "rank",
                    tid,
                    b["label"],
                    f"moved from rank {a.get('rank')} to rank {b.get('rank')}{score}",
                    a.get("rank"),
                    b.get("rank"),
                )
            )
    for tid in common:  # a caution that appears or disappears beside a recommendation (medical safety)
        old_cautions, new_cautions = _cautions(old_rec[tid]), _cautions(new_rec[tid])
        label = new_rec[tid]["label"]
        for cid in sorted(new_cautions.keys() - old_cautions.keys()):
            text = f"new caution: {new_cautions[cid]}"
            changes.append(Change("caution_gained", tid, label, text, None, new_cautions[cid]))
        for cid in sorted(old_cautions.keys() - new_cautions.keys()):
            text = f"caution no longer shown: {old_cautions[cid]}"
            changes.append(Change("caution_lost", tid, label, text, old_cautions[cid], None))
    for tid in sorted(old_not.keys() | new_not.keys()):
        old_reasons = {reason_text(r) for r in old_not.get(tid, {}).get("why_not", [])}
        new_reasons = {reason_text(r) for r in new_not.get(tid, {}).get("why_not", [])}
        label = (new_not.get(tid) or old_not[tid])["label"]
        if tid in old_rec or tid in new_rec:
            continue  # already said above: it moved into or out of the recommendations
        if tid not in old_not:
            changes.append(
                Change(
                    "why_not_gained",
                    tid,
                    label,
                    "new in the KB and not recommended: " + "; ".join(sorted(new_reasons)),
                    None,
                    sorted(new_reasons),
                )
            )
            continue
        if tid not in new_not:
            changes.append(
                Change(
                    "why_not_lost",
                    tid,
                    label,
                    "no longer in the KB (was not recommended)",
                    sorted(old_reasons),
                    None,
                )
            )
            continue
        for reason in sorted(new_reasons - old_reasons):
            changes.append(
                Change("why_not_gained", tid, label, f"new WHY NOT reason: {reason}", None, reason)
            )
        for reason in sorted(old_reasons - new_reasons):
            changes.append(
                Change("why_not_lost", tid, label, f"WHY NOT reason no longer given: {reason}", reason, None)
            )
    old_causes, new_causes = _causes(before), _causes(after)
    for cid in sorted(new_causes.keys() - old_causes.keys()):
        changes.append(Change("cause_found", cid, new_causes[cid], "now found as a likely cause"))
    for cid in sorted(old_causes.keys() - new_causes.keys()):
        changes.append(Change("cause_lost", cid, old_causes[cid], "no longer found as a likely cause"))
    return changes


def _in_order(common: list[str], old_rec: dict[str, dict[str, Any]]) -> set[str]:
    """The largest set of treatments (in new rank order) whose old ranks are still in order: the ones that did
    not move relative to each other (a longest increasing subsequence)."""
    ranks = [old_rec[t].get("rank", 0) for t in common]
    best: list[list[int]] = []  # best[i]: longest increasing run of indices ending at i
    for i, r in enumerate(ranks):
        prior = [best[j] for j in range(i) if ranks[j] < r]
        best.append([*max(prior, key=len, default=[]), i])
    longest = max(best, key=len, default=[])
    return {common[i] for i in longest}


def _cautions(entry: dict[str, Any]) -> dict[str, str]:
    """A recommended entry's cautions by id, with their labels."""
    return {str(c.get("id")): str(c.get("label", c.get("id"))) for c in entry.get("cautions", [])}


def _causes(result: dict[str, Any]) -> dict[str, str]:
    out = {}
    for c in result.get("causes", []):
        if isinstance(c, dict):
            out[str(c.get("id", c.get("label")))] = str(c.get("label", c.get("id")))
        else:
            out[str(c)] = str(c)
    return out


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
