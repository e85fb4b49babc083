"""Explanations of a recommendation: WHY trees, WHY NOT entries and the HOW trace, in four output formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.recommend import RecommendationResult

FORMATS = ("text", "markdown", "json", "dot")


def render(result: RecommendationResult, fmt: str = "text") -> str:
    """The result rendered as ``text``, ``markdown``, ``json`` or ``dot`` (Graphviz DOT source)."""
    if fmt == "text":
        from kb.explain.text import render_text

        return render_text(result)
    if fmt == "markdown":
        from kb.explain.markdown import render_markdown

        return render_markdown(result)
    if fmt == "json":
        from kb.explain.json import render_json

        return render_json(result)
    if fmt == "dot":
        from kb.explain.dot import render_dot

        return render_dot(result)
    raise ValueError(f"unknown format {fmt!r} (allowed: {', '.join(FORMATS)})")
