"""The consult note: standalone (nothing loaded from outside, no script) and complete (every recommendation,
deferral, exclusion and caution of the JSON, the disclaimer, the date and the KB version)."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb.explain.html import render_html
from kb.explain.render import render
from kb.explain.summary import reasons_of
from kb.profile import read_profile_file
from kb.recommend import DISCLAIMER, recommend

SCENARIOS_DIR = Path(__file__).parents[1] / "scenarios"
NOTE_SCENARIOS = [
    "issue-example",
    "genetics-only",
    "pregnant-acne",
    "smoker-over-35",
    "no-identifiable-cause",
]


class _Collect(HTMLParser):
    """Tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def outside_references(page: str) -> list[str]:
    """Everything in a page that a browser would load: src/href/srcset/data attributes, CSS url() and @import,
    scripts, frames, objects, links to style sheets."""
    parsed = _Collect()
    parsed.feed(page)
    found = [
        f"<{t}>" for t in parsed.tags if t in ("script", "iframe", "object", "embed", "link", "img", "base")
    ]
    found += [
        f"{k}={v}" for k, v in parsed.attrs if k in ("src", "href", "srcset", "data", "action", "style")
    ]
    css = " ".join(parsed.styles)
    found += re.findall(r"url\s*\(|@import", css)
    return found


def test_the_checker_finds_outside_references() -> None:
    page = (
        '<html><head><link rel="stylesheet" href="https://x.org/a.css"><style>@import "b.css";'
        " p { background: url(http://x.org/i.png) }</style></head><body><img src='i.png'>"
        "<script>1</script></body></html>"
    )
    assert sorted(outside_references(page)) == sorted(
        ["<link>", "<img>", "<script>", "href=https://x.org/a.css", "src=i.png", "@import", "url("]
    )


@pytest.mark.parametrize("name", NOTE_SCENARIOS)
def test_consult_note_is_standalone_and_complete(real_kb, name: str) -> None:
    scenario = SCENARIOS_DIR / name
    path = scenario / "profile.json" if (scenario / "profile.json").is_file() else scenario / "profile.ttl"
    result = recommend(read_profile_file(path), kb=real_kb)
    page = render_html(result, today=dt.date(2026, 12, 1))
    assert page == render(result, "html").replace(dt.date.today().isoformat(), "2026-12-01")
    assert page.startswith("<!DOCTYPE html>")
    assert outside_references(page) == []
    parsed = _Collect()
    parsed.feed(page)
    text = unescape(" ".join(" ".join(parsed.text).split()))
    data = json.loads(render(result, "json"))
    assert DISCLAIMER in text and "2026-12-01" in text and result.kb_version in text
    for key in ("recommended", "deferred", "not_recommended"):
        for entry in data[key]:
            assert entry["label"] in text, entry["label"]
            summary = (
                reasons_of(entry["label"], entry["summary"]) if key == "not_recommended" else entry["summary"]
            )
            assert " ".join(summary.split()) in text, summary
    for entry in [*data["recommended"], *data["deferred"]]:
        for caution in entry["cautions"]:
            label = caution["label"].split(":", 1)[1].strip() if ":" in caution["label"] else caution["label"]
            assert label in text, caution["label"]
            for src in caution["sources"]:
                assert " ".join(src["quote"].split()) in text and src["title"] in text
        for item in entry["disputed"]:
            assert item["question"] in text
    for cause in data["causes"]:
        assert cause["label"] in text
    for advice in data["advice"]:
        assert advice["text"] in text
    if data["no_cause"]:
        assert "No likely cause was found" in text
