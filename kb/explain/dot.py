"""Graphviz DOT output.

- ``summary`` (the default): patient facts -> likely causes -> mechanisms -> treatments, one node per term,
  each edge labelled with how many sources back it. Readable at page width.
- ``full``: the WHY / WHY NOT trees as one directed graph (conclusion -> reasons), with the quotes.
"""

from __future__ import annotations

import textwrap

from kb.escapes import dot_string as _quote
from kb.explain.summary import source_name, tree_sources
from kb.explain.tree import ExplanationNode
from kb.recommend.model import RecommendationResult

_COLOURS = {
    "profile": "lightblue",
    "kb-fact": "lightyellow",
    "reasoner": "lavender",
    "condition": "white",
    "derived": "white",
    "reference": "whitesmoke",
}


def _wrap(text: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text


def _sources(n: int) -> str:
    return f"{n} source{'s' if n != 1 else ''}"


class _Dot:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0
        self.names: dict[str, str] = {}

    def node(self, label: str, **attrs: str) -> str:
        self.count += 1
        name = f"n{self.count}"
        extra = "".join(f", {k}={_quote(v)}" for k, v in attrs.items())
        self.lines.append(f"  {name} [label={_quote(label)}{extra}];")
        return name

    def term(self, key: str, label: str, **attrs: str) -> str:
        """One node per term: the same key gives the same node."""
        if key not in self.names:
            self.names[key] = self.node(label, **attrs)
        return self.names[key]

    def edge(self, a: str, b: str, label: str = "", **attrs: str) -> None:
        extra = {"label": label, **attrs} if label else attrs
        text = ", ".join(f"{k}={_quote(v)}" for k, v in extra.items())
        line = f"  {a} -> {b}" + (f" [{text}]" if text else "") + ";"
        if line not in self.lines:
            self.lines.append(line)

    def tree(self, node: ExplanationNode) -> str:
        text = "\n".join(textwrap.wrap(node.statement, 40)) + f"\n[{node.rule}]"
        for src in node.sources[:2]:
            text += "\n" + "\n".join(textwrap.wrap(f'"{src.quote}" ({source_name(src)}; {src.kind})', 40))
        name = self.node(text, style="filled", fillcolor=_COLOURS.get(node.kind, "white"))
        for child in node.because:
            self.lines.append(f"  {name} -> {self.tree(child)};")
        return name


def render_dot(result: RecommendationResult, detail: str = "summary") -> str:
    """DOT source (no graphviz binary needed to produce it): the summary graph, or the full justification."""
    return _full(result) if detail == "full" else _summary(result)


def _summary(result: RecommendationResult) -> str:
    dot = _Dot()
    for cause in result.causes:
        c = dot.term(cause.id, _wrap(cause.label), style="filled", fillcolor="mistyrose", shape="ellipse")
        if cause.why is None:
            continue
        n = len(tree_sources([cause.why]))
        for leaf in cause.why.leaves():
            if leaf.kind != "profile":
                continue
            fact = dot.term(
                "fact:" + leaf.statement, _wrap(leaf.statement), style="filled", fillcolor="lightblue"
            )
            dot.edge(fact, c, _sources(n) if n else "")
    entries = [(r, f"#{r.rank} {r.label}", "palegreen") for r in result.recommended]
    entries += [(d, f"deferred: {d.label}", "lightyellow") for d in result.deferred]
    for rec, title, colour in entries:
        cautions = (
            f"\n{len(rec.cautions)} caution{'s' if len(rec.cautions) != 1 else ''}" if rec.cautions else ""
        )
        disputed = "\ndisputed" if rec.disputed else ""
        t = dot.term(rec.id, _wrap(title) + cautions + disputed, style="filled,bold", fillcolor=colour)
        for cause, mechanism, n_counteracts, n_acts in rec.chains:
            c = dot.term(cause.id, _wrap(cause.label), style="filled", fillcolor="mistyrose", shape="ellipse")
            m = dot.term(mechanism.id, _wrap(mechanism.label), style="filled", fillcolor="lavender")
            dot.edge(c, m, _sources(n_counteracts))
            dot.edge(m, t, _sources(n_acts))
    return (
        "digraph porekb {\n  rankdir=LR;\n  nodesep=0.15;\n  ranksep=0.6;\n"
        '  node [fontsize=11, shape=box, style=rounded, fontname="Helvetica"];\n'
        "  edge [fontsize=9, color=grey40, fontcolor=grey30];\n" + "\n".join(dot.lines) + "\n}\n"
    )


def _full(result: RecommendationResult) -> str:
    dot = _Dot()
    for rec in result.recommended:
        head = dot.node(
            f"#{rec.rank} {rec.label}\n{rec.ranking.headline if rec.ranking else ''}",
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
