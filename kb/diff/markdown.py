"""The diff as Markdown for a pull-request comment: conclusions, terms, classification, validation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kb.diff.checks import ValidationDiff, ValidationSide
from kb.diff.classification import ClassificationDiff
from kb.diff.conclusions import ConclusionsDiff
from kb.diff.terms import TermDiff
from kb.escapes import MARKDOWN_INLINE, markdown

if TYPE_CHECKING:
    from kb.diff.report import DiffReport

_ICONS = {
    "appears": "➕",
    "disappears": "➖",
    "rank": "↕️",
    "why_not_gained": "🚫",
    "why_not_lost": "✔️",
    "caution_gained": "⚠️",
    "caution_lost": "🔕",
    "cause_found": "🔎",
    "cause_lost": "🔍",
}
MAX_MARKDOWN = 60000  # GitHub refuses comments over 65536 characters
MARKER = "<!-- porekb-diff -->"  # lets the workflow find and update its own comment


def md(text: object) -> str:
    """Text safe inside Markdown (no accidental emphasis, tables or HTML)."""
    return markdown(text, MARKDOWN_INLINE)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _status(side: ValidationSide) -> str:
    if side.ok:
        return "✅ passed" + (f" ({_plural(side.warnings, 'warning')})" if side.warnings else "")
    return f"❌ failed ({_plural(side.errors, 'error')})"


def summary(report: DiffReport) -> str:
    """One line: how much changed in each part."""
    t, c, k = report.terms, report.classification, report.conclusions
    parts = [
        f"{len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed terms",
        f"{len(c.gained)} inferences gained, {len(c.lost)} lost",
    ]
    if k.skipped:
        parts.append("conclusions not compared")
    else:
        parts.append(
            f"conclusions changed on {len(k.changed)} of {_plural(len(k.scenarios), 'scenario profile')}"
        )
    if report.validation:
        parts.append(f"validation {_status(report.validation.base)} → {_status(report.validation.head)}")
    return " · ".join(parts)


def conclusions_section(diff: ConclusionsDiff) -> list[str]:
    """Per scenario profile, what the recommender concludes differently."""
    lines = ["### Conclusions on the scenario profiles", ""]
    if diff.skipped:
        return [*lines, f"Not compared: {md(diff.skipped)}.", ""]
    if not diff.scenarios:
        return [*lines, "No scenario profiles were found (tests/scenarios/*/profile.json).", ""]
    if not diff.changed:
        return [*lines, f"No change on any of the {len(diff.scenarios)} scenario profiles.", ""]
    for scenario in diff.changed:
        lines.append(f"#### Scenario `{scenario.name}`")
        if scenario.error:
            lines.append(f"- ⚠️ could not compare: {md(scenario.error)}")
        for ch in scenario.changes:
            if ch.kind != "rank_shift":
                lines.append(f"- {_ICONS.get(ch.kind, '•')} **{md(ch.label)}**: {md(ch.text)}")
        shifts = [
            f"{md(ch.label)} {ch.before}→{ch.after}" for ch in scenario.changes if ch.kind == "rank_shift"
        ]
        if shifts:
            lines.append("- ↕️ ranks shifted by the changes above: " + ", ".join(shifts))
        lines.append("")
    unchanged = len(diff.scenarios) - len(diff.changed)
    if unchanged:
        lines += [f"No change on the other {_plural(unchanged, 'scenario profile')}.", ""]
    return lines


def terms_section(diff: TermDiff) -> list[str]:
    """Terms added, removed and changed, with old → new values by label."""
    lines = ["### Terms", ""]
    if diff.empty:
        return [*lines, "No asserted term changed.", ""]
    if diff.added:
        lines.append("**Added**")
        lines += [f"- {md(t.kind)} **{md(t.label)}** (`{t.curie}`)" for t in diff.added]
        lines.append("")
    if diff.removed:
        lines.append("**Removed**")
        lines += [f"- {md(t.kind)} **{md(t.label)}** (`{t.curie}`)" for t in diff.removed]
        lines.append("")
    if diff.changed:
        lines.append("**Changed**")
        for change in diff.changed:
            lines.append(f"- {md(change.term.kind)} **{md(change.term.label)}** (`{change.term.curie}`)")
            for pc in change.changes:
                if pc.removed and pc.added and len(pc.removed) == len(pc.added) == 1:
                    text = f"{md(pc.removed[0])} → {md(pc.added[0])}"
                else:
                    text = "; ".join(
                        [*(f"removed {md(v)}" for v in pc.removed), *(f"added {md(v)}" for v in pc.added)]
                    )
                lines.append(f"  - {md(pc.property_label)}: {text}")
        lines.append("")
    for title, axioms in (("Axioms added", diff.axioms_added), ("Axioms removed", diff.axioms_removed)):
        if axioms:
            lines += [f"**{title}**", *(f"- {md(a)}" for a in axioms), ""]
    return lines


def classification_section(diff: ClassificationDiff) -> list[str]:
    """What the OWL reasoner infers differently."""
    reasoner = diff.reasoner[1] if diff.reasoner[0] == diff.reasoner[1] else " → ".join(diff.reasoner)
    lines = [f"### Classification ({md(reasoner)})", ""]
    if diff.consistent[0] != diff.consistent[1]:
        lines.append(
            "- ❌ the KB is now **inconsistent**"
            if not diff.consistent[1]
            else "- ✅ the KB is consistent again"
        )
    elif not diff.consistent[1]:
        lines.append("- ❌ the KB is inconsistent on both sides")
    lines += [f"- ❌ newly unsatisfiable: **{md(c)}**" for c in diff.newly_unsatisfiable]
    lines += [f"- ✅ satisfiable again: **{md(c)}**" for c in diff.no_longer_unsatisfiable]
    lines += [f"- ➕ {md(i.sentence())}" for i in diff.gained]
    lines += [f"- ➖ no longer: {md(i.sentence())}" for i in diff.lost]
    if diff.empty:
        lines.append("The reasoner infers the same types and subclass links.")
    return [*lines, ""]


def validation_section(diff: ValidationDiff) -> list[str]:
    """Validation status before and after, and the errors the change brings or fixes."""
    lines = [
        "### Validation",
        "",
        "| | base | head |",
        "|---|---|---|",
        f"| status | {_status(diff.base)} | {_status(diff.head)} |",
        f"| errors | {diff.base.errors} | {diff.head.errors} |",
        f"| warnings | {diff.base.warnings} | {diff.head.warnings} |",
        "",
    ]
    if diff.new_errors:
        lines += ["**New errors**", *(f"- {md(e)}" for e in diff.new_errors), ""]
    if diff.fixed_errors:
        lines += ["**Fixed errors**", *(f"- {md(e)}" for e in diff.fixed_errors), ""]
    return lines


def render_markdown(report: DiffReport) -> str:
    """The whole report; cut to fit in one GitHub comment (the JSON form is never cut)."""
    lines = [
        MARKER,
        f"## PoreKB diff: {md(report.base.title)} → {md(report.head.title)}",
        "",
        f"**Summary:** {summary(report)}",
        "",
    ]
    lines += conclusions_section(report.conclusions)
    lines += terms_section(report.terms)
    lines += classification_section(report.classification)
    if report.validation:
        lines += validation_section(report.validation)
    lines.append(f"<sub>porekb diff in {report.seconds:.1f} s</sub>")
    text = "\n".join(lines) + "\n"
    if len(text) > MAX_MARKDOWN:
        text = (
            text[:MAX_MARKDOWN].rsplit("\n", 1)[0]
            + "\n\n… (cut to fit a comment: run `porekb diff` locally)\n"
        )
    return text
