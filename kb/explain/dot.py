"""Graphviz DOT output: the WHY / WHY NOT trees as one directed graph (conclusion -> reasons)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from kb.explain.tree import ExplanationNode

if TYPE_CHECKING:
    from kb.recommend import RecommendationResult

_COLOURS = {
    "profile": "lightblue",
    "kb-fact": "lightyellow",
    "reasoner": "lavender",
    "condition": "white",
    "derived": "white",
    "reference": "whitesmoke",
}


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


class _Dot:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def node(self, label: str, **attrs: str) -> str:
        self.count += 1
        name = f"n{self.count}"
        extra = "".join(f", {k}={_quote(v)}" for k, v in attrs.items())
        self.lines.append(f"  {name} [label={_quote(label)}{extra}];")
        return name

    def tree(self, node: ExplanationNode) -> str:
        text = "\n".join(textwrap.wrap(node.statement, 40)) + f"\n[{node.rule}]"
        for src in node.sources[:2]:
            text += "\n" + "\n".join(textwrap.wrap(f'"{src.quote}" ({src.document})', 40))
        name = self.node(text, style="filled", fillcolor=_COLOURS.get(node.kind, "white"))
        for child in node.because:
            self.lines.append(f"  {name} -> {self.tree(child)};")
        return name


def render_dot(result: RecommendationResult) -> str:
    """DOT source (no graphviz binary needed to produce it)."""
    dot = _Dot()
    for rec in result.recommended:
        head = dot.node(
            f"#{rec.rank} {rec.label}\n{rec.ranking.tier.label if rec.ranking else ''}",
            shape="box",
            style="filled",
            fillcolor="palegreen",
        )
        for c in rec.cautions:
            dot.lines.append(f"  {head} -> {dot.node('CAUTION: ' + c.label, shape='note')} [style=dashed];")
        if rec.why:
            dot.lines.append(f"  {head} -> {dot.tree(rec.why)};")
    for d in result.deferred:
        head = dot.node(f"deferred: {d.label}", shape="box", style="filled", fillcolor="lightyellow")
        for node in d.why_deferred:
            dot.lines.append(f"  {head} -> {dot.tree(node)};")
    for nr in result.not_recommended:
        head = dot.node(f"not recommended: {nr.label}", shape="box", style="filled", fillcolor="mistyrose")
        for node in nr.why_not:
            dot.lines.append(f"  {head} -> {dot.tree(node)};")
    return (
        "digraph porekb {\n  rankdir=LR;\n  node [fontsize=10, shape=box, style=rounded];\n"
        + "\n".join(dot.lines)
        + "\n}\n"
    )
