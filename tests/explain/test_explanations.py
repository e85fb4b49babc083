"""WHY trees end in profile facts or sourced KB facts; premises are real; all four formats render."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.explain.render import FORMATS, render
from kb.explain.tree import ExplanationNode
from kb.namespaces import KB_GRAPHS
from kb.profile import read_profile_file
from kb.recommend import recommend

SCENARIOS = sorted(p for p in (Path(__file__).parents[1] / "scenarios").iterdir() if p.is_dir())


def _profile(scenario: Path):
    name = "profile.json" if (scenario / "profile.json").is_file() else "profile.ttl"
    return read_profile_file(scenario / name)


def _bad_leaves(node: ExplanationNode) -> list[str]:
    """Leaves that are neither a profile fact, a KB fact with a source quote, nor a checked negation."""
    return [
        leaf.statement
        for leaf in node.leaves()
        if not (leaf.kind in ("profile", "condition") or (leaf.kind == "kb-fact" and leaf.sources))
    ]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_why_trees_end_in_profile_facts_and_quotes(real_kb, scenario: Path) -> None:
    result = recommend(_profile(scenario), kb=real_kb)
    for rec in result.recommended:
        assert rec.why is not None
        assert _bad_leaves(rec.why) == [], rec.label
        kinds = {leaf.kind for leaf in rec.why.leaves()}
        assert "profile" in kinds and "kb-fact" in kinds
        assert all(s.document and s.quote for leaf in rec.why.leaves() for s in leaf.sources)
    for cause in result.causes:
        assert cause.why is not None and _bad_leaves(cause.why) == [], cause.label


def test_justification_premises_are_in_the_store(real_kb) -> None:
    """Run the rules by hand, keep the case graphs, and check every premise of every justification exists."""
    import uuid

    from kb.profile import parse_profile
    from kb.rules.engine import run_rules

    case = parse_profile(real_kb, _profile(Path(__file__).parents[1] / "scenarios" / "issue-example"))
    stem = f"urn:porekb:test:{uuid.uuid4()}"
    from rdflib import URIRef

    pg, dg = URIRef(stem + ":p"), URIRef(stem + ":d")
    try:
        real_kb.store.add(pg, case.triples)
        derivation = run_rules(real_kb.store, real_kb.case_rules, read_graphs=(*KB_GRAPHS, pg), target=dg)
        present = set(case.triples) | set(real_kb.store.triples(dg))
        for g in KB_GRAPHS:
            present |= set(real_kb.store.triples(g))
        premises = {p for js in derivation.justifications.values() for j in js for p in j.premises}
        assert premises and premises <= present
        assert set(derivation.justifications) <= present
    finally:
        real_kb.store.drop(pg)
        real_kb.store.drop(dg)
    assert pg not in real_kb.store.graph_names()


def test_case_graphs_are_dropped_after_recommend(real_kb) -> None:
    before = set(real_kb.store.graph_names())
    recommend(_profile(SCENARIOS[0]), kb=real_kb)
    assert set(real_kb.store.graph_names()) == before


def test_not_indicated_why_not_lists_what_the_treatment_does_address(real_kb) -> None:
    result = recommend(_profile(Path(__file__).parents[1] / "scenarios" / "genetics-only"), kb=real_kb)
    hydrafacial = next(n for n in result.not_recommended if n.id.endswith("treatment-hydrafacial"))
    (node,) = hydrafacial.why_not
    assert node.rule == "R39-not-indicated"
    assert "none of this patient's likely causes" in node.statement
    assert any(child.rule == "K00-addresses-cause" for child in node.because)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders(real_kb, fmt: str) -> None:
    result = recommend(_profile(Path(__file__).parents[1] / "scenarios" / "pregnant-acne"), kb=real_kb)
    text = render(result, fmt)
    assert "isotretinoin" in (render(result, fmt, "full") if fmt == "dot" else text).lower()
    if fmt == "json":
        data = json.loads(text)
        assert set(data) >= {"causes", "recommended", "not_recommended"}
        rec = data["recommended"][0]
        assert set(rec) >= {"id", "label", "rank", "score_text", "ranking", "mechanisms", "cautions", "why"}
        assert set(rec["why"]) >= {"statement", "rule", "sources", "because"}
        assert all(set(n) >= {"id", "label", "why_not"} for n in data["not_recommended"])
    elif fmt == "dot":
        assert text.startswith("digraph porekb {") and text.rstrip().endswith("}")
    elif fmt == "text":
        assert text.splitlines()[0].startswith("Decision support for clinicians, not a prescription")
        assert "CAUTION:" in text and "NOT RECOMMENDED" in text and "WHY NOT:" not in text
        full = render(result, fmt, "full")
        assert "CAUTION:" in full and "WHY NOT:" in full and "HOW (rule firings" in full
    elif fmt == "html":
        assert text.startswith("<!DOCTYPE html>") and "<script" not in text
    else:
        assert text.startswith("# ") and "## Not recommended" in text
        assert "**Why not:**" in render(result, fmt, "full")


def test_render_refuses_unknown_format(real_kb) -> None:
    result = recommend(_profile(SCENARIOS[0]), kb=real_kb)
    with pytest.raises(ValueError, match="allowed"):
        render(result, "pdf")
    with pytest.raises(ValueError, match="allowed"):
        render(result, "text", "everything")
