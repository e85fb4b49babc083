"""Markdown output: the same content as text, with headings, lists and quoted sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.explain.tree import ExplanationNode

if TYPE_CHECKING:
    from kb.recommend import RecommendationResult


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def tree_markdown(node: ExplanationNode, depth: int = 0) -> list[str]:
    """A nested Markdown list for an explanation tree."""
    pad = "  " * depth
    lines = [f"{pad}- {_md(node.statement)} `{node.rule}`"]
    for src in node.sources:
        lines.append(f"{pad}  > {_md(src.quote)} — *{_md(src.document)}*")
    for child in node.because:
        lines.extend(tree_markdown(child, depth + 1))
    return lines


def render_markdown(result: RecommendationResult) -> str:
    """The whole result as a Markdown document."""
    from kb.recommend import DISCLAIMER

    out = [
        "# Treatment options for enlarged-looking pores",
        "",
        f"> **{DISCLAIMER}**",
        "",
        "## Likely causes",
        "",
    ]
    out += [f"- {_md(c.label)}" for c in result.causes] or ["- none found"]
    out += ["", "## Recommended (best first)", ""]
    for rec in result.recommended:
        out.append(f"### {rec.rank}. {_md(rec.label)} (score {rec.score})")
        out.append("")
        out.append("Acts through: " + ", ".join(_md(m.label) for m in rec.mechanisms))
        out.append("")
        out.append("**Cautions:** " + ("; ".join(_md(c.label) for c in rec.cautions) or "none recorded"))
        out.append("")
        out.append("**Why:**")
        out.append("")
        if rec.why:
            out.extend(tree_markdown(rec.why))
        out.append("")
    out += ["## Not recommended", ""]
    for nr in result.not_recommended:
        out.append(f"### {_md(nr.label)}")
        out.append("")
        out.append("**Why not:**")
        out.append("")
        for node in nr.why_not:
            out.extend(tree_markdown(node))
        out.append("")
    if result.advice:
        out += ["## Advice", ""]
        out += [
            f"- {_md(a.label)}: a likely cause the patient can change; no treatment addresses it"
            for a in result.advice
        ]
        out.append("")
    out += ["## How (rule firings)", "", "| step | rule | round | bindings |", "|---|---|---|---|"]
    for step in result.trace:
        binds = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in sorted(step.bindings.items()))
        out.append(f"| {step.step} | {step.rule} | {step.iteration} | {_md(binds)} |")
    return "\n".join(out) + "\n"
