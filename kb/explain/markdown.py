"""Markdown output: the same content as text, with headings, lists and quoted sources."""

from __future__ import annotations

from kb.escapes import MARKDOWN_EMPHASIS, markdown
from kb.explain.repeat import Numbering
from kb.explain.summary import Disputed, reasons_of, source_name
from kb.explain.text import caution_heading, caution_text
from kb.explain.tree import ExplanationNode
from kb.kb_index import SourceRef
from kb.recommend.model import DISCLAIMER, Recommendation, RecommendationResult


def _md(text: str) -> str:
    return markdown(text, MARKDOWN_EMPHASIS, one_line=False)


def source_markdown(src: SourceRef) -> str:
    """A source in words: the quote, then — *title* (kind; evidence), and the curator's note."""
    kind = "; ".join(x for x in (src.kind, src.evidence) if x)
    line = f"> {_md(src.quote)} — *{_md(source_name(src))}*" + (f" ({_md(kind)})" if kind else "")
    if src.note:
        line += f"  \n> Curator note: {_md(src.note)}"
    return line


def _indented(text: str, pad: str) -> list[str]:
    """Every line of ``text`` with ``pad`` in front (keeps a multi-line block quote inside its list item)."""
    return [pad + line for line in text.split("\n")]


def tree_markdown(node: ExplanationNode, depth: int = 0) -> list[str]:
    """A nested Markdown list for an explanation tree (every subtree in full)."""
    pad = "  " * depth
    lines = [f"{pad}- {_md(node.statement)} `{node.rule}`"]
    for src in node.sources:
        lines += _indented(source_markdown(src), pad + "  ")
    for child in node.because:
        lines.extend(tree_markdown(child, depth + 1))
    return lines


def numbered_tree_markdown(numbering: Numbering, node: ExplanationNode) -> list[str]:
    """A nested Markdown list; a subtree printed before is a pointer back to its number."""
    out = []
    for line in numbering.lines(node):
        pad = "  " * line.depth
        if line.see is not None:
            out.append(
                f"{pad}- {_md(line.node.statement)} `{line.node.rule}` (explained above, see ({line.see}))"
            )
            continue
        mark = f"({line.number}) " if line.number is not None else ""
        out.append(f"{pad}- {mark}{_md(line.node.statement)} `{line.node.rule}`")
        for src in line.node.sources:
            out += _indented(source_markdown(src), pad + "  ")
    return out


def disputed_markdown(items: list[Disputed]) -> list[str]:
    """Each disagreement a recommendation rests on, as a block: question, this side, the other side."""
    out = []
    for d in items:
        others = "; ".join(f"*{_md(source_name(s))}*" for s in d.other_side.sources)
        out += [
            f"**Disputed:** {_md(d.question)} It rests on **{_md(d.this_side.position)}**; the other side "
            f"(**{_md(d.other_side.position)}**) is taken by {others}.",
            "",
        ]
    return out


def render_markdown(result: RecommendationResult, detail: str = "summary") -> str:
    """The whole result as a Markdown document (``detail``: ``summary`` or ``full``)."""

    full = detail == "full"
    numbering = Numbering()
    out = [
        "# Treatment options for enlarged-looking pores",
        "",
        f"> **{DISCLAIMER}**",
        "",
        "## Likely causes",
        "",
    ]
    if result.reasoner and not result.classified_by_hermit:
        out[3:3] = [
            f"> **Warning:** classified with {result.reasoner}, not HermiT: check the conclusions.",
            "",
        ]
    for c in result.causes:
        worse = (
            f" (made worse by {', '.join(_md(a.label) for a in c.aggravated_by)})" if c.aggravated_by else ""
        )
        out.append(f"- {_md(c.label)}{worse}")
        if full and c.why:
            out.extend("  " + line for line in numbered_tree_markdown(numbering, c.why))
    if not result.causes:
        out.append("- none found")
    if result.no_cause:
        out += [
            "",
            "No likely cause was found. Considered: " + _md("; ".join(result.no_cause.considered)),
            "",
        ]
        out += ["What could be checked next:", ""] + [f"- {_md(line)}" for line in result.no_cause.check_next]
    out += ["", "## Recommended (step-up care: first step first)", ""]
    if not result.recommended:
        out += ["None: no treatment in the knowledge base fits this profile without a check first.", ""]
    for rec in result.recommended:
        out += _treatment_md(rec, f"{rec.rank}.", full)
        if full:
            out += ["**Why:**", ""]
            if rec.why:
                out.extend(numbered_tree_markdown(numbering, rec.why))
            out.append("")
    if result.deferred:
        out += ["## Deferred (wait, or check first)", ""]
        for d in result.deferred:
            out += _treatment_md(d, f"D{d.rank}.", full)
            out += ["**Why deferred:**", ""]
            for node in d.why_deferred:
                if full:
                    out.extend(numbered_tree_markdown(numbering, node))
                else:
                    out.append(f"- {_md(node.statement)}")
            out.append("")
    out += ["## Not recommended", ""]
    for nr in result.not_recommended:
        if not full:
            out.append(f"- **{_md(nr.label)}**: {_md(reasons_of(nr.label, nr.summary))}")
            continue
        out += [f"### {_md(nr.label)}", "", "**Why not:**", ""]
        for node in nr.why_not:
            out.extend(numbered_tree_markdown(numbering, node))
        out.append("")
    out.append("")
    if result.advice:
        out += ["## Advice", ""]
        for a in result.advice:
            cause = f" (for {_md(a.cause.label)})" if a.cause else ""
            out.append(f"- **{_md(a.label)}**{cause}: {_md(a.text)}")
            out += [x for s in a.sources for x in _indented(source_markdown(s), "  ")]
        out.append("")
    if full:
        out += ["## How (rule firings)", "", "| step | rule | round | bindings |", "|---|---|---|---|"]
        for step in result.trace:
            binds = ", ".join(f"{k}={v.rsplit('/', 1)[-1]}" for k, v in sorted(step.bindings.items()))
            out.append(f"| {step.step} | {step.rule} | {step.iteration} | {_md(binds)} |")
        out.append("")
    else:
        out += ["*The WHY / WHY NOT trees with every source quote, and the HOW trace: `--detail full`.*", ""]
    if result.kb_version:
        out.append(
            f"<sub>Knowledge base {_md(result.kb_version)}; reasoner {_md(result.reasoner or 'unknown')}</sub>"
        )
    return "\n".join(out) + "\n"


def _treatment_md(rec: Recommendation, bullet: str, full: bool) -> list[str]:
    out = [f"### {bullet} {_md(rec.label)}", ""]
    if rec.summary:
        out += [_md(rec.summary), ""]
    out += [
        f"Ranking: {_md(rec.score_text)}  ",
        "Acts through: " + ", ".join(_md(m.label) for m in rec.mechanisms),
        "",
    ]
    if not rec.cautions:
        out += ["**Cautions:** none recorded", ""]
    for c in rec.cautions:
        line = f"- **{_md(caution_heading(c.action))}:** {_md(caution_text(c.label))}"
        if full:
            out.append(line)
            out += [x for s in c.sources for x in _indented(source_markdown(s), "  ")]
            continue
        names = dict.fromkeys(f"*{_md(source_name(s))}* ({_md(s.kind)})" for s in c.sources)
        out.append(line + (" — " + "; ".join(names) if names else ""))
    if rec.cautions:
        out.append("")
    out += disputed_markdown(rec.disputed)
    return out
