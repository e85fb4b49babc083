"""Plain-text output: disclaimer, likely causes, ranked treatments with summaries, cautions and disagreements,
and the reasons; ``detail="full"`` adds the WHY / WHY NOT trees (each repeated subtree once) and the HOW trace."""

from __future__ import annotations

from kb.explain.repeat import Numbering
from kb.explain.summary import Disputed, source_name
from kb.explain.tree import ExplanationNode
from kb.kb_index import SourceRef
from kb.recommend.model import DISCLAIMER, Caution, LikelyCause, Recommendation, RecommendationResult

DETAILS = ("summary", "full")


def source_text(src: SourceRef) -> str:
    """A source in words: “title” (kind; evidence) and the verbatim quote."""
    kind = "; ".join(x for x in (src.kind, src.evidence) if x)
    return f'“{source_name(src)}” ({kind}): "{src.quote}"' if kind else f'“{source_name(src)}”: "{src.quote}"'


def tree_lines(node: ExplanationNode, indent: str = "", bullet: str = "- ") -> list[str]:
    """An explanation tree as indented lines, each with its rule and sources (every subtree in full)."""
    lines = [f"{indent}{bullet}{node.statement}  [{node.rule}]"]
    for src in node.sources:
        lines.append(f"{indent}    source {source_text(src)}")
        if src.note:
            lines.append(f"{indent}      curator note: {src.note}")
    for child in node.because:
        lines.extend(tree_lines(child, indent + "    ", bullet))
    return lines


def numbered_tree_lines(numbering: Numbering, node: ExplanationNode, indent: str = "") -> list[str]:
    """An explanation tree as indented lines; a subtree printed before is a pointer to its number."""
    out = []
    for line in numbering.lines(node):
        pad = indent + "    " * line.depth
        if line.see is not None:
            out.append(
                f"{pad}- {line.node.statement}  [{line.node.rule}] (explained above, see ({line.see}))"
            )
            continue
        mark = f"({line.number}) " if line.number is not None else ""
        out.append(f"{pad}- {mark}{line.node.statement}  [{line.node.rule}]")
        for src in line.node.sources:
            out.append(f"{pad}    source {source_text(src)}")
            if src.note:
                out.append(f"{pad}      curator note: {src.note}")
    return out


def source_titles(refs: list[SourceRef]) -> str:
    """The sources' titles, each once, with their kind where recorded."""
    names = [f"“{source_name(s)}”" + (f" ({s.kind})" if s.kind else "") for s in refs]
    return "; ".join(dict.fromkeys(names))


def caution_text(label: str) -> str:
    """A caution's label without a leading "caution:" (the output already says CAUTION)."""
    return label.split(":", 1)[1].strip() if label.lower().startswith("caution:") else label


def caution_heading(action: str) -> str:
    """ "Caution", or "Caution (defer)" etc. when the caution's action says more than to take care."""
    return "Caution" if action in ("caution", "caution only", "") else f"Caution ({action})"


def disputed_lines(items: list[Disputed], indent: str = "   ") -> list[str]:
    """Each disagreement a recommendation rests on: the question, this side, the other side's sources."""
    out = []
    for d in items:
        out.append(f"{indent}DISPUTED: {d.question} It rests on '{d.this_side.position}'.")
        others = "; ".join(f"“{source_name(s)}”" for s in d.other_side.sources)
        out.append(f"{indent}  other side ('{d.other_side.position}'): {others}")
    return out


def render_text(result: RecommendationResult, detail: str = "summary") -> str:
    """The whole result as text for a terminal (``detail``: ``summary`` or ``full``)."""

    full = detail == "full"
    numbering = Numbering()
    out = [DISCLAIMER, ""]
    if result.reasoner and not result.classified_by_hermit:
        out += [f"WARNING: classified with {result.reasoner}, not HermiT: check the conclusions.", ""]
    out.append("Likely causes: " + (", ".join(_cause_text(c) for c in result.causes) or "none found"))
    if result.no_cause:
        out.append("  No likely cause was found. Considered: " + "; ".join(result.no_cause.considered))
        out.append("  What could be checked next:")
        out += [f"    - {line}" for line in result.no_cause.check_next]
    if full:
        for cause in result.causes:
            if cause.why:
                out.append(f"  Why {cause.label} is likely:")
                out.extend(numbered_tree_lines(numbering, cause.why, "    "))
    out.append("")
    out.append("RECOMMENDED (step-up care: first step first)")
    if not result.recommended:
        out.append("  none: no treatment in the knowledge base fits this profile without a check first")
    for rec in result.recommended:
        out += _treatment_lines(rec, f"{rec.rank}.", full)
        if full:
            out.append("   WHY:")
            if rec.why:
                out.extend(numbered_tree_lines(numbering, rec.why, "     "))
    if result.deferred:
        out.append("")
        out.append("DEFERRED (wait, or check first; the reasons say why)")
        for d in result.deferred:
            out += _treatment_lines(d, f"D{d.rank}.", full)
            out.append("   WHY DEFERRED:")
            for node in d.why_deferred:
                if full:
                    out.extend(numbered_tree_lines(numbering, node, "     "))
                else:
                    out.append(f"     - {node.statement}")
    out.append("")
    out.append("NOT RECOMMENDED")
    for nr in result.not_recommended:
        if not full:
            out.append(f"* {nr.summary or nr.label}")
            continue
        out.append(f"* {nr.label}")
        out.append("   WHY NOT:")
        for node in nr.why_not:
            out.extend(numbered_tree_lines(numbering, node, "     "))
    if result.advice:
        out.append("")
        out.append("ADVICE (likely causes the patient can change)")
        for a in result.advice:
            cause = f" (for {a.cause.label})" if a.cause else ""
            out.append(f"* {a.label}{cause}: {a.text}")
            for src in a.sources:
                out.append(f"    source {source_text(src)}")
    out.append("")
    if full:
        out.append("HOW (rule firings in order)")
        for step in result.trace:
            binds = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in sorted(step.bindings.items()))
            out.append(f"  {step.step:3d}. {step.rule} (round {step.iteration}): {binds}")
    else:
        out.append("The WHY / WHY NOT trees with every source quote, and the HOW trace: --detail full")
    if result.kb_version:
        out.append(f"Knowledge base {result.kb_version}; reasoner {result.reasoner or 'unknown'}")
    return "\n".join(out) + "\n"


def _cause_text(cause: LikelyCause) -> str:
    if not cause.aggravated_by:
        return cause.label
    return f"{cause.label} (made worse by {', '.join(a.label for a in cause.aggravated_by)})"


def _caution_lines(c: Caution, full: bool) -> list[str]:
    action = "" if c.action in ("caution", "caution only") else f" [{c.action}]"
    out = [f"   CAUTION: {caution_text(c.label)}{action}"]
    if full:
        out += [f"     source {source_text(s)}" for s in c.sources]
    elif c.sources:
        out.append("     sources: " + source_titles(c.sources))
    return out


def _treatment_lines(rec: Recommendation, bullet: str, full: bool) -> list[str]:
    mech = ", ".join(m.label for m in rec.mechanisms)
    out = [f"{bullet} {rec.label}  (acts through {mech})"]
    if rec.summary:
        out.append(f"   {rec.summary}")
    out.append(f"   Ranking: {rec.score_text}")
    if rec.cautions:
        for c in rec.cautions:
            out += _caution_lines(c, full)
    else:
        out.append("   Cautions: none recorded in the knowledge base")
    out += disputed_lines(rec.disputed)
    return out
