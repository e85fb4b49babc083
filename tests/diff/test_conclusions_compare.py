"""How two recommendation results are compared: what counts as appearing, disappearing, moving or shifting."""

from __future__ import annotations

from kb.diff.conclusions import compare


def _rec(*labels: str) -> list[dict]:
    return [{"id": f"t:{x}", "label": x, "rank": i, "score": 100 - i} for i, x in enumerate(labels, start=1)]


def _why_not(label: str, *reasons: str) -> dict:
    return {"id": f"t:{label}", "label": label, "why_not": [{"statement": r, "because": []} for r in reasons]}


def test_a_treatment_that_leaves_the_list_says_why_and_is_not_repeated_as_a_why_not_change() -> None:
    before = {"recommended": _rec("a", "b", "c"), "not_recommended": []}
    after = {"recommended": _rec("a", "c"), "not_recommended": [_why_not("b", "B is excluded: pregnant")]}
    changes = compare(before, after)
    assert [(c.kind, c.label) for c in changes] == [("disappears", "b"), ("rank_shift", "c")]
    assert (
        changes[0].text
        == "no longer recommended (was rank 2); now not recommended because: B is excluded: pregnant"
    )


def test_one_treatment_moving_down_is_the_only_move_the_others_shift() -> None:
    before = {"recommended": _rec("a", "b", "c", "d"), "not_recommended": []}
    after = {"recommended": _rec("b", "c", "d", "a"), "not_recommended": []}
    moved = [(c.kind, c.label, c.before, c.after) for c in compare(before, after)]
    assert ("rank", "a", 1, 4) in moved
    assert {m[1] for m in moved if m[0] == "rank_shift"} == {"b", "c", "d"}


def test_why_not_reasons_gained_and_lost() -> None:
    before = {"recommended": [], "not_recommended": [_why_not("x", "old reason")]}
    after = {"recommended": [], "not_recommended": [_why_not("x", "new reason")]}
    assert [(c.kind, c.after or c.before) for c in compare(before, after)] == [
        ("why_not_gained", "new reason"),
        ("why_not_lost", "old reason"),
    ]


def test_identical_results_have_no_changes() -> None:
    result = {
        "recommended": _rec("a", "b"),
        "not_recommended": [_why_not("c", "r")],
        "causes": [{"id": "k", "label": "k"}],
    }
    assert compare(result, result) == []


def test_cautions_gained_and_lost_beside_a_recommendation() -> None:
    def with_cautions(*cautions: str) -> dict:
        (entry,) = _rec("iso")
        entry["cautions"] = [{"id": f"c:{c}", "label": c} for c in cautions]
        return {"recommended": [entry], "not_recommended": []}

    changes = compare(
        with_cautions("birth defects", "prescription"), with_cautions("prescription", "dry skin")
    )
    assert [(c.kind, c.label, c.text) for c in changes] == [
        ("caution_gained", "iso", "new caution: dry skin"),
        ("caution_lost", "iso", "caution no longer shown: birth defects"),
    ]
