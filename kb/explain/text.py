"""Plain-text output: disclaimer, likely causes, ranked treatments, cautions, WHY, WHY NOT, HOW."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.explain.tree import ExplanationNode

if TYPE_CHECKING:
    from kb.recommend import LikelyCause, Recommendation, RecommendationResult


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
    if result.reasoner and result.reasoner.lower() != "hermit":
        out += [f"WARNING: classified with {result.reasoner}, not HermiT: check the conclusions.", ""]
    out.append("Likely causes: " + (", ".join(_cause_text(c) for c in result.causes) or "none found"))
    if result.no_cause:
        out.append("  No likely cause was found. Considered: " + "; ".join(result.no_cause.considered))
        out.append("  What could be checked next:")
        out += [f"    - {line}" for line in result.no_cause.check_next]
    out.append("")
    out.append("RECOMMENDED (step-up care: first step first)")
    if not result.recommended:
        out.append("  none: no treatment in the knowledge base fits this profile without a check first")
    for rec in result.recommended:
        out += _treatment_lines(rec, f"{rec.rank}.")
        out.append("   WHY:")
        if rec.why:
            out.extend(tree_lines(rec.why, "     "))
    if result.deferred:
        out.append("")
        out.append("DEFERRED (wait, or check first; the reasons say why)")
        for d in result.deferred:
            out += _treatment_lines(d, f"D{d.rank}.")
            out.append("   WHY DEFERRED:")
            for node in d.why_deferred:
                out.extend(tree_lines(node, "     "))
    out.append("")
    out.append("NOT RECOMMENDED")
    for nr in result.not_recommended:
        out.append(f"* {nr.label}")
        out.append("   WHY NOT:")
        for node in nr.why_not:
            out.extend(tree_lines(node, "     "))
    if result.advice:
        out.append("")
        out.append("ADVICE (likely causes the patient can change)")
        for a in result.advice:
            cause = f" (for {a.cause.label})" if a.cause else ""
            out.append(f"* {a.label}{cause}: {a.text}")
            for src in a.sources:
                out.append(f'    source {src.title or src.document} [{src.kind}]: "{src.quote}"')
    out.append("")
    out.append("HOW (rule firings in order)")
    for step in result.trace:
        binds = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in sorted(step.bindings.items()))
        out.append(f"  {step.step:3d}. {step.rule} (round {step.iteration}): {binds}")
    return "\n".join(out) + "\n"


def _cause_text(cause: LikelyCause) -> str:
    if not cause.aggravated_by:
        return cause.label
    return f"{cause.label} (made worse by {', '.join(a.label for a in cause.aggravated_by)})"


def _treatment_lines(rec: Recommendation, bullet: str) -> list[str]:
    mech = ", ".join(m.label for m in rec.mechanisms)
    out = [f"{bullet} {rec.label}  (acts through {mech})", f"   Ranking: {rec.score_text}"]
    if rec.cautions:
        for c in rec.cautions:
            action = "" if c.action in ("caution", "caution only") else f" [{c.action}]"
            out.append(f"   CAUTION: {caution_text(c.label)}{action}")
    else:
        out.append("   Cautions: none recorded in the knowledge base")
    return out
