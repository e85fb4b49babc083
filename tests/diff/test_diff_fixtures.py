"""``porekb diff`` on fixture pairs: the real ontology folder against a copy with one change applied.

Each fixture's ``expect.json`` says, by Markdown section, what the diff must and must not say (by label).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from diff_overlay import FIXTURES, ONTOLOGY, apply_overlay, run_diff

NAMES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expect.json").is_file())


def sections(markdown: str) -> dict[str, str]:
    """The Markdown split at its ``### `` headings: heading text -> body."""
    found: dict[str, str] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("### "):
            current = line[4:].strip()
            found[current] = ""
        elif current is not None:
            found[current] += line + "\n"
    return found


def section(markdown: str, name: str) -> str:
    """The body of the section whose heading starts with ``name``."""
    matches = [body for heading, body in sections(markdown).items() if heading.startswith(name)]
    assert len(matches) == 1, f"expected one section {name!r} in:\n{markdown}"
    return matches[0]


def test_all_three_fixture_kinds_are_present() -> None:
    assert {"treatment-added", "mechanism-link-removed", "contraindication-added"} <= set(NAMES)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_markdown_says_what_changed(name: str, tmp_path: Path, seeds: Path) -> None:
    expect = json.loads((FIXTURES / name / "expect.json").read_text(encoding="utf-8"))
    head = apply_overlay(FIXTURES / name, tmp_path / "ontology")
    markdown = run_diff(ONTOLOGY, head, "--sources", seeds)
    assert markdown.startswith("<!-- porekb-diff -->\n## PoreKB diff: ")
    for name_, wanted in expect["contains"].items():
        body = section(markdown, name_)
        for text in wanted:
            assert text in body, f"{name}: section {name_!r} lacks {text!r}:\n{body}"
    for name_, unwanted in expect.get("lacks", {}).items():
        body = section(markdown, name_)
        for text in unwanted:
            assert text not in body, f"{name}: section {name_!r} should not say {text!r}:\n{body}"


def test_identical_kbs_have_an_empty_diff(tmp_path: Path) -> None:
    markdown = run_diff(ONTOLOGY, ONTOLOGY, "--no-validate")
    assert "No asserted term changed." in section(markdown, "Terms")
    assert "The reasoner infers the same types and subclass links." in section(markdown, "Classification")
    assert "No change on any of the" in section(markdown, "Conclusions")
    assert "0 added, 0 removed, 0 changed terms" in markdown


@pytest.mark.slow
def test_json_lists_the_changes_by_id_and_label(tmp_path: Path, seeds: Path) -> None:
    head = apply_overlay(FIXTURES / "contraindication-added", tmp_path / "ontology")
    data = json.loads(run_diff(ONTOLOGY, head, "--format", "json", "--sources", seeds))
    assert data["schema"] == "porekb-diff/1"
    changed = {c["curie"]: c for c in data["terms"]["changed"]}
    botox = changed["pkb:treatment-microdroplet-botulinum-toxin"]
    assert botox["changes"][0]["property_label"] == "contraindicated for"
    assert botox["changes"][0]["added"] == ["pregnant (pkb:pregnancy-pregnant)"]
    kinds = {(c["kind"], c["label"]) for s in data["conclusions"]["scenarios"] for c in s["changes"]}
    assert ("why_not_gained", "microdroplet botulinum toxin") in kinds
    assert data["validation"]["base"]["ok"] is True
    assert data["validation"]["head"]["ok"] is False
    assert any("quote-not-in-source" in e for e in data["validation"]["new_errors"])
