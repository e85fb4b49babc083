"""Explanations on demand: WHY NOT trees and caution trees are built when read, and the JSON at both details."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.explain.json import dumps
from kb.explain.render import render
from kb.profile import read_profile_file
from kb.recommend import recommend

SCENARIOS_DIR = Path(__file__).parents[1] / "scenarios"
# scenarios with many WHY NOT entries of every kind (excluded, deferred, not indicated, unknown downtime)
NAMES = ["active-skin-infection", "avoid-downtime-ageing", "pregnant-oily-skin", "no-identifiable-cause"]


def _result(real_kb, name: str):
    scenario = SCENARIOS_DIR / name
    path = scenario / "profile.json" if (scenario / "profile.json").is_file() else scenario / "profile.ttl"
    return recommend(read_profile_file(path), kb=real_kb)


@pytest.mark.parametrize("name", NAMES)
def test_summary_output_builds_no_why_not_tree(real_kb, name: str) -> None:
    result = _result(real_kb, name)
    assert result.not_recommended
    assert "trace" not in vars(result) and not any("reasons" in vars(n) for n in result.not_recommended)
    render(result, "text", "summary")
    assert "trace" not in vars(result)  # the HOW trace is shown at full detail only
    for fmt in ("text", "markdown", "json", "html"):
        render(result, fmt, "summary")
    assert not any("why_not" in vars(n) for n in result.not_recommended)
    assert not any("why" in vars(c) for r in [*result.recommended, *result.deferred] for c in r.cautions)
    render(result, "text", "full")  # asking for the trees builds them
    assert all("why_not" in vars(n) for n in result.not_recommended)


@pytest.mark.parametrize("name", NAMES)
def test_reasons_are_the_heads_of_the_why_not_trees(real_kb, name: str) -> None:
    """The cheap top-level reasons say exactly what the built trees say at their top."""
    result = _result(real_kb, name)
    for entry in result.not_recommended:
        heads = [(n.statement, n.rule, n.kind, n.sources) for n in entry.reasons]
        trees = [(n.statement, n.rule, n.kind, n.sources) for n in entry.why_not]
        assert heads == trees, entry.label
        assert all(n.because for n in entry.why_not if n.kind == "derived")


@pytest.mark.parametrize("name", NAMES)
def test_summary_json_is_the_full_json_without_the_why_not_trees(real_kb, name: str) -> None:
    result = _result(real_kb, name)
    summary = json.loads(render(result, "json", "summary"))
    full = json.loads(render(result, "json", "full"))
    assert full == result.to_json()
    for short, long in zip(summary["not_recommended"], full["not_recommended"], strict=True):
        assert [n["because"] for n in short["why_not"]] == [None] * len(long["why_not"])
        assert [{**n, "because": None} for n in long["why_not"]] == short["why_not"]
    rest = {k: v for k, v in summary.items() if k != "not_recommended"}
    assert rest == {k: v for k, v in full.items() if k != "not_recommended"}


@pytest.mark.parametrize("name", NAMES)
def test_json_bytes_are_those_of_the_standard_library(real_kb, name: str) -> None:
    document = _result(real_kb, name).to_json()
    assert dumps(document) == json.dumps(document, indent=2, ensure_ascii=False)


def test_unknown_detail_is_refused(real_kb) -> None:
    with pytest.raises(ValueError, match="allowed: summary, full"):
        _result(real_kb, NAMES[0]).to_json("everything")
