"""Markdown output: the same content as text, with headings, lists and quoted sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.explain.tree import ExplanationNode

if TYPE_CHECKING:
    from kb.recommend import Recommendation, RecommendationResult


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
    if result.reasoner and result.reasoner.lower() != "hermit":
        out[3:3] = [
            f"> **Warning:** classified with {result.reasoner}, not HermiT: check the conclusions.",
            "",
        ]
    out += [f"- {_md(c.label)}" for c in result.causes] or ["- none found"]
    if result.no_cause:
        out += [
            "",
            "No likely cause was found. Considered: " + _md("; ".join(result.no_cause.considered)),
            "",
        ]
        out += ["What could be checked next:", ""] + [f"- {_md(line)}" for line in result.no_cause.check_next]
    out += ["", "## Recommended (step-up care: first step first)", ""]
    for rec in result.recommended:
        out += _treatment_md(rec, f"{rec.rank}.")
        out.append("**Why:**")
        out.append("")
        if rec.why:
            out.extend(tree_markdown(rec.why))
        out.append("")
    if result.deferred:
        out += ["## Deferred (wait, or check first)", ""]
        for d in result.deferred:
            out += _treatment_md(d, f"D{d.rank}.")
            out += ["**Why deferred:**", ""]
            for node in d.why_deferred:
                out.extend(tree_markdown(node))
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
        for a in result.advice:
            cause = f" (for {_md(a.cause.label)})" if a.cause else ""
            out.append(f"- **{_md(a.label)}**{cause}: {_md(a.text)}")
            out += [f"  > {_md(s.quote)} — *{_md(s.title or s.document)}* ({_md(s.kind)})" for s in a.sources]
        out.append("")
    out += ["## How (rule firings)", "", "| step | rule | round | bindings |", "|---|---|---|---|"]
    for step in result.trace:
        binds = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in sorted(step.bindings.items()))
        out.append(f"| {step.step} | {step.rule} | {step.iteration} | {_md(binds)} |")
    return "\n".join(out) + "\n"


def _treatment_md(rec: Recommendation, bullet: str) -> list[str]:
    out = [f"### {bullet} {_md(rec.label)}", "", f"Ranking: {_md(rec.score_text)}", ""]
    out.append("Acts through: " + ", ".join(_md(m.label) for m in rec.mechanisms))
    out.append("")
    cautions = "; ".join(f"{_md(c.label)} ({_md(c.action)})" for c in rec.cautions)
    out += ["**Cautions:** " + (cautions or "none recorded"), ""]
    return out
