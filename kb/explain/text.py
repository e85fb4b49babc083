"""Plain-text output: disclaimer, likely causes, ranked treatments, cautions, WHY, WHY NOT, HOW."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.explain.tree import ExplanationNode

if TYPE_CHECKING:
    from kb.recommend import RecommendationResult


def tree_lines(node: ExplanationNode, indent: str = "", bullet: str = "- ") -> list[str]:
    """An explanation tree as indented lines, each with its rule and quotes."""
    line = f"{indent}{bullet}{node.statement}  [{node.rule}]"
    lines = [line]
    for src in node.sources:
        lines.append(f'{indent}    source {src.document}: "{src.quote}"')
    for child in node.because:
        lines.extend(tree_lines(child, indent + "    ", bullet))
    return lines


def caution_text(label: str) -> str:
    """A caution's label without a leading "caution:" (the output already says CAUTION)."""
    return label.split(":", 1)[1].strip() if label.lower().startswith("caution:") else label


def render_text(result: RecommendationResult) -> str:
    """The whole result as text for a terminal."""
    from kb.recommend import DISCLAIMER

    out = [DISCLAIMER, ""]
    out.append("Likely causes: " + (", ".join(c.label for c in result.causes) or "none found"))
    out.append("")
    out.append("RECOMMENDED (best first)")
    if not result.recommended:
        out.append("  none: no treatment in the knowledge base fits this profile")
    for rec in result.recommended:
        mech = ", ".join(m.label for m in rec.mechanisms)
        out.append(f"{rec.rank}. {rec.label}  (score {rec.score}; acts through {mech})")
        if rec.score_parts.get("systemic_step_up"):
            out.append("   (a systemic drug: ranked after the local options, as step-up care)")
        if rec.cautions:
            for c in rec.cautions:
                out.append(f"   CAUTION: {caution_text(c.label)}")
        else:
            out.append("   Cautions: none recorded in the knowledge base")
        out.append("   WHY:")
        if rec.why:
            out.extend(tree_lines(rec.why, "     "))
    out.append("")
    out.append("NOT RECOMMENDED")
    for nr in result.not_recommended:
        out.append(f"* {nr.label}")
        out.append("   WHY NOT:")
        for node in nr.why_not:
            out.extend(tree_lines(node, "     "))
    if result.advice:
        out.append("")
        out.append("ADVICE (likely causes the patient can change; no treatment addresses them)")
        for a in result.advice:
            out.append(f"* {a.label}")
    out.append("")
    out.append("HOW (rule firings in order)")
    for step in result.trace:
        binds = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in sorted(step.bindings.items()))
        out.append(f"  {step.step:3d}. {step.rule} (round {step.iteration}): {binds}")
    return "\n".join(out) + "\n"
