"""Rendering a recommendation result: ``text``, ``markdown``, ``json``, ``dot`` (Graphviz) or ``html``."""

from __future__ import annotations

from kb.explain.dot import render_dot
from kb.explain.html import render_html
from kb.explain.json import render_json
from kb.explain.markdown import render_markdown
from kb.explain.text import render_text
from kb.recommend.model import RecommendationResult

FORMATS = ("text", "markdown", "json", "dot", "html")
DETAILS = ("summary", "full")


def render(result: RecommendationResult, fmt: str = "text", detail: str = "summary") -> str:
    """The result rendered as ``text``, ``markdown``, ``json``, ``dot`` (Graphviz DOT source) or ``html`` (a
    standalone consult note).

    ``detail`` is ``summary`` (default: summaries, cautions and reasons; the summary graph) or ``full`` (every
    WHY / WHY NOT tree, each repeated subtree once, and the HOW trace; the full justification graph). In JSON,
    ``summary`` gives every WHY NOT reason without the tree below it (``"because": null``; the trees are built
    only when asked for) and ``full`` expands them; everything else is the same at both details.
    """
    if detail not in DETAILS:
        raise ValueError(f"unknown detail {detail!r} (allowed: {', '.join(DETAILS)})")
    if fmt == "text":
        return render_text(result, detail)
    if fmt == "markdown":
        return render_markdown(result, detail)
    if fmt == "json":
        return render_json(result, detail)
    if fmt == "dot":
        return render_dot(result, detail)
    if fmt == "html":
        return render_html(result)
    raise ValueError(f"unknown format {fmt!r} (allowed: {', '.join(FORMATS)})")
