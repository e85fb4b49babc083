"""Summaries, evidence in words, disagreements beside recommendations, and the two levels of detail."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kb.explain.render import render
from kb.explain.repeat import Numbering
from kb.explain.summary import SUMMARY_LIMIT
from kb.explain.text import numbered_tree_lines, tree_lines
from kb.profile import read_profile_file
from kb.recommend import recommend

SCENARIOS_DIR = Path(__file__).parents[1] / "scenarios"
SCENARIOS = sorted(p for p in SCENARIOS_DIR.iterdir() if p.is_dir())


def _profile(scenario: Path):
    name = "profile.json" if (scenario / "profile.json").is_file() else "profile.ttl"
    return read_profile_file(scenario / name)


def _source_objects(value: object) -> list[dict]:
    """Every source object in a JSON document (a dict with a ``quote``)."""
    found = []
    if isinstance(value, dict):
        if "quote" in value and "document" in value:
            found.append(value)
        for v in value.values():
            found += _source_objects(v)
    elif isinstance(value, list):
        for v in value:
            found += _source_objects(v)
    return found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_every_entry_has_a_short_summary(real_kb, scenario: Path) -> None:
    """Each recommended, deferred and not recommended entry has a summary of at most 400 characters that names
    the causes it addresses and its mechanism (or, when not recommended, its reasons)."""
    result = recommend(_profile(scenario), kb=real_kb)
    data = json.loads(render(result, "json"))
    for key in ("recommended", "deferred", "not_recommended"):
        for entry in data[key]:
            assert entry["summary"], (key, entry["label"])
            assert len(entry["summary"]) <= SUMMARY_LIMIT, entry["summary"]
    for rec in [*result.recommended, *result.deferred]:
        addressed = rec.causes_addressed
        assert addressed and addressed[0].label in rec.summary
        assert all(m.label in rec.summary for m in rec.mechanisms[:1])
        if rec.strongest_source is not None:
            assert "Strongest source: “" in rec.summary
    for nr in result.not_recommended:
        first = nr.why_not[0].statement.split(": ", 1)[-1].strip().rstrip(".")
        assert first[:40] in nr.summary, (nr.summary, first)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_every_source_object_is_in_words(real_kb, scenario: Path) -> None:
    """Every source object in the JSON has a title (not a file name), a kind and an evidence type in words."""
    data = json.loads(render(recommend(_profile(scenario), kb=real_kb), "json", "full"))
    objects = _source_objects(data)
    assert objects
    for src in objects:
        assert {"title", "kind", "evidence", "document", "quote"} <= set(src), src
        assert src["title"] and not src["title"].endswith(".txt"), src
        assert src["evidence"] and not src["evidence"].startswith("obo:"), src
        assert src["kind"]


def test_summary_text_fits_a_page_or_two_and_full_reaches_every_quote(real_kb) -> None:
    """For the README's example: the default text and Markdown are at most 150 lines; ``--detail full`` prints
    every quote of every WHY / WHY NOT tree, and each repeated subtree once (later copies point back)."""
    result = recommend(_profile(SCENARIOS_DIR / "issue-example"), kb=real_kb)
    text, markdown = render(result, "text"), render(result, "markdown")
    assert len(text.splitlines()) <= 150
    assert len(markdown.splitlines()) <= 150
    for rec in result.recommended:
        assert rec.label in text and rec.summary in text
        for caution in rec.cautions:
            assert caution.label.split(":", 1)[-1].strip() in text
    for nr in result.not_recommended:
        assert nr.summary in text
    full = render(result, "text", "full")
    data = json.loads(render(result, "json", "full"))
    trees = [r["why"] for r in data["recommended"]] + [
        n for x in data["not_recommended"] for n in x["why_not"]
    ]
    trees += [n for d in data["deferred"] for n in d["why_deferred"]] + [c["why"] for c in data["causes"]]
    quotes = {s["quote"] for s in _source_objects(trees)}
    assert quotes
    assert [q for q in quotes if q not in full] == []
    numbers = re.findall(r"- \((\d+)\) ", full)
    assert len(numbers) == len(set(numbers))  # each subtree printed in full once
    pointers = set(re.findall(r"see \((\d+)\)", full))
    assert pointers and pointers <= set(numbers)
    nodes = [r.why for r in result.recommended if r.why] + [
        n for x in result.not_recommended for n in x.why_not
    ]
    numbering = Numbering()
    once = sum(len(numbered_tree_lines(numbering, n)) for n in nodes)
    assert once < sum(len(tree_lines(n)) for n in nodes)  # shorter than every subtree in full


def test_family_history_only_is_disputed_in_json_text_and_markdown(real_kb) -> None:
    """Family history only: the collagen-induction chain to genetics quotes source 003's "you can shrink enlarged
    pores" (one side of the pore-shrinking disagreement), so its recommendations carry ``disputed``."""
    result = recommend(_profile(SCENARIOS_DIR / "genetics-only"), kb=real_kb)
    data = json.loads(render(result, "json"))
    assert data["recommended"]
    for rec in data["recommended"]:
        (item,) = rec["disputed"]
        assert item["question"] == "can enlarged pores be made smaller?"
        assert item["this_side"]["position"] == "yes" and item["other_side"]["position"] == "no"
        other = {s["document"][:4] for s in item["other_side"]["sources"]}
        assert {"001_", "002_"} <= other  # the seeds that say pores cannot shrink
        assert all(s["title"] and s["quote"] for s in item["other_side"]["sources"])
        why_quotes = {s["quote"] for s in _source_objects(rec["why"])}
        assert {s["quote"] for s in item["rests_on"]} <= why_quotes  # it rests on a claim of its own WHY
    text, markdown = render(result, "text"), render(result, "markdown")
    assert text.count("DISPUTED: can enlarged pores be made smaller?") == len(result.recommended)
    assert markdown.count("**Disputed:** can enlarged pores be made smaller?") == len(result.recommended)


def test_a_recommendation_without_a_disputed_claim_is_not_flagged(real_kb) -> None:
    """Oily skin (the README example) rests on no side of the disagreement: nothing is flagged."""
    result = recommend(_profile(SCENARIOS_DIR / "issue-example"), kb=real_kb)
    assert result.recommended and all(not r.disputed for r in result.recommended)
    assert "DISPUTED" not in render(result, "text")


@pytest.mark.parametrize("detail", ["summary", "full"])
def test_summary_graph_has_one_node_per_term(real_kb, detail: str) -> None:
    """The default graph: patient facts -> causes -> mechanisms -> treatments, one node per term, edges labelled
    with source counts; the full graph holds the justification trees with their quotes."""
    result = recommend(_profile(SCENARIOS_DIR / "issue-example"), kb=real_kb)
    dot = render(result, "dot", detail)
    labels = re.findall(r'\[label="((?:[^"\\]|\\.)*)"', dot)
    if detail == "summary":
        mechanisms = {m.label for r in result.recommended for m in r.mechanisms}
        for term in [*(c.label for c in result.causes), *mechanisms]:
            assert sum(label.replace("\\n", " ") == term for label in labels) == 1, term
        assert re.search(r'label="\d+ sources?"', dot)
        assert "[kb-fact]" not in dot
        assert len(labels) < 40
    else:
        assert "[kb-fact]" in dot
        assert len(labels) > 100
