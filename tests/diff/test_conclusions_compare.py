"""How two recommendation results are compared, on real results: the real KB's recommendations for a profile and
for the same profile changed in one field. What ``compare`` reports is checked against the two results
themselves (which treatments each recommends, at which rank, with which cautions and WHY NOT reasons)."""

from __future__ import annotations

from typing import Any

import pytest

from kb.diff.conclusions import Change, compare
from kb.knowledge_base import KnowledgeBase, load_kb
from kb.recommend import RecommendationResult, recommend

BASE = {"age": 30, "sex": "female", "skin_type": "oily", "findings": ["enlarged-pores", "oily-skin"]}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="module")
def base(kb: KnowledgeBase) -> RecommendationResult:
    return recommend(BASE, kb=kb)


def run(kb: KnowledgeBase, **changed: Any) -> RecommendationResult:
    return recommend({**BASE, **changed}, kb=kb)


def changes(before: RecommendationResult, after: RecommendationResult) -> list[Change]:
    return compare(before, after)


def ranks(result: RecommendationResult) -> dict[str, int]:
    return {r.label: r.rank for r in result.recommended}


def reasons(result: RecommendationResult) -> dict[str, set[str]]:
    return {n.label: {w.statement for w in n.why_not} for n in result.not_recommended}


def of_kind(found: list[Change], kind: str) -> dict[str, Change]:
    return {c.label: c for c in found if c.kind == kind}


def test_two_runs_on_the_same_profile_have_no_changes(kb: KnowledgeBase, base: RecommendationResult) -> None:
    assert base.recommended and base.not_recommended
    assert changes(base, recommend(BASE, kb=kb)) == []


def test_avoiding_lasers_removes_them_with_the_reason_and_shifts_the_rest(
    kb: KnowledgeBase, base: RecommendationResult
) -> None:
    after = run(kb, avoid=["lasers"])
    found = changes(base, after)
    gone = ranks(base).keys() - ranks(after).keys()
    assert gone and all("laser" in label for label in gone)

    disappears = of_kind(found, "disappears")
    assert disappears.keys() == gone
    for label, change in disappears.items():
        assert (change.before, change.after) == (ranks(base)[label], None)
        assert change.text.startswith(
            f"no longer recommended (was rank {ranks(base)[label]}); now not recommended"
        )
        assert reasons(after)[label] and all(r in change.text for r in reasons(after)[label])

    # removing some keeps the others' order: each that changed rank only shifted, none moved against the rest
    kept = ranks(base).keys() & ranks(after).keys()
    shifted = {label for label in kept if ranks(base)[label] != ranks(after)[label]}
    assert shifted and of_kind(found, "rank_shift").keys() == shifted and not of_kind(found, "rank")
    assert not of_kind(found, "appears")

    # treatments not recommended on both sides: the WHY NOT reasons the change added, and no other
    gained = {(c.label, c.after) for c in found if c.kind == "why_not_gained"}
    before_reasons, after_reasons = reasons(base), reasons(after)
    assert gained == {
        (label, reason)
        for label in before_reasons.keys() & after_reasons.keys()
        for reason in after_reasons[label] - before_reasons[label]
    }
    assert gained


def test_the_reverse_comparison_says_what_appears_and_why_it_was_not_recommended(
    kb: KnowledgeBase, base: RecommendationResult
) -> None:
    avoided = run(kb, avoid=["lasers"])
    found = changes(avoided, base)
    appears = of_kind(found, "appears")
    assert appears.keys() == ranks(base).keys() - ranks(avoided).keys()
    for label, change in appears.items():
        assert change.after == ranks(base)[label]
        assert all(r in change.text for r in reasons(avoided)[label])
    lost = {c.label for c in found if c.kind == "why_not_lost"}
    assert lost == {c.label for c in changes(base, avoided) if c.kind == "why_not_gained"}


def test_a_new_finding_finds_causes_and_moves_a_treatment_past_others(
    kb: KnowledgeBase, base: RecommendationResult
) -> None:
    after = run(kb, findings=[*BASE["findings"], "acne"])
    found = changes(base, after)
    new_causes = {c.label for c in after.causes} - {c.label for c in base.causes}
    assert new_causes and {c.label for c in found if c.kind == "cause_found"} == new_causes
    assert of_kind(found, "appears").keys() == ranks(after).keys() - ranks(base).keys()

    moved, shifted = of_kind(found, "rank"), of_kind(found, "rank_shift")
    assert moved, "acne makes a treatment rank higher against the others"
    old, new = ranks(base), ranks(after)
    for label, change in moved.items():
        assert (change.before, change.after) == (old[label], new[label])
        # a move is a change of order against at least one other treatment on both lists
        assert any((old[label] < old[o]) != (new[label] < new[o]) for o in old.keys() & new.keys() - {label})
    # the shifted ones keep their order among themselves
    assert sorted(shifted, key=old.__getitem__) == sorted(shifted, key=new.__getitem__)


def test_a_move_words_the_ranking_before_and_after(kb: KnowledgeBase, base: RecommendationResult) -> None:
    """A rank move that comes with other ranking parts says both rankings in words (the policy's parts)."""
    after = run(kb, findings=[*BASE["findings"], "acne", "fine-lines"])
    moved = of_kind(changes(base, after), "rank")
    words = {
        label: (
            next(r.score_text for r in base.recommended if r.label == label),
            next(r.score_text for r in after.recommended if r.label == label),
        )
        for label in moved
    }
    assert any(a != b for a, b in words.values()), words
    for label, (a, b) in words.items():
        why = f" ({a} → {b})" if a != b else ""
        assert moved[label].text == f"moved from rank {ranks(base)[label]} to rank {ranks(after)[label]}{why}"
        assert "likely cause(s): " in a and "likely cause(s): " in b


def test_a_history_item_adds_a_caution_beside_a_recommendation(
    kb: KnowledgeBase, base: RecommendationResult
) -> None:
    after = run(kb, history=["smoking"])
    found = changes(base, after)

    def cautions(result: RecommendationResult) -> dict[str, set[str]]:
        return {r.label: {c.label for c in r.cautions} for r in result.recommended}

    old, new = cautions(base), cautions(after)
    expected = {(label, caution) for label in old.keys() & new.keys() for caution in new[label] - old[label]}
    assert expected
    assert {(c.label, c.after) for c in found if c.kind == "caution_gained"} == expected
    assert {c.label for c in found if c.kind == "cause_found"} == (
        {c.label for c in after.causes} - {c.label for c in base.causes}
    )
