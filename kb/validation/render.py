"""A validation report as text (one finding per line), JSON (a stable schema), Markdown (a PR comment), or
the exchange formats of :mod:`kb.validation.exchange` (a SHACL validation report, ROBOT's report TSV)."""

from __future__ import annotations

import json

from kb.escapes import MARKDOWN_CELL, markdown
from kb.validation.exchange import render_robot_tsv, render_shacl
from kb.validation.report import Severity, Status, ValidationReport, ValidationResult

FORMATS = ("text", "json", "markdown", "shacl", "robot-tsv")
_ICON = {Status.PASSED: "✅", Status.WARNINGS: "⚠️", Status.FAILED: "❌", Status.NOT_RUN: "⏭️"}


def render(report: ValidationReport, fmt: str = "text") -> str:
    """The report in one of :data:`FORMATS`."""
    if fmt == "json":
        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown(report)
    if fmt == "text":
        return render_text(report)
    if fmt == "shacl":
        return render_shacl(report)
    if fmt == "robot-tsv":
        return render_robot_tsv(report)
    raise ValueError(f"unknown format {fmt!r} (allowed: {', '.join(FORMATS)})")


def _node(result: ValidationResult) -> str:
    if result.focus_label and result.focus:
        return f"'{result.focus_label}' ({result.focus})"
    return result.focus or ""


def text_line(result: ValidationResult) -> str:
    """``file:line: severity: [check/rule] message`` (the location only when known)."""
    where = f"{result.where}: " if result.where else ""
    return f"{where}{result.severity.value}: [{result.check}/{result.rule}] {result.message}"


def _summary(report: ValidationReport) -> str:
    verdict = "FAILED" if not report.ok else "OK"
    skipped = [c.name for c in report.checks if report.status(c.name) is Status.NOT_RUN]
    caveat = f"; NOT RUN: {', '.join(skipped)} (see above)" if skipped else ""
    return (
        f"{verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s) "
        f"in {report.seconds:.2f} s ({report.ontology_dir}){caveat}"
    )


def render_text(report: ValidationReport) -> str:
    """One finding per line, then one line per check and a verdict."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    lines = [text_line(r) for r in sorted(report.results, key=lambda r: order[r.severity])]
    if lines:
        lines.append("")
    for c in report.checks:
        found = report.for_check(c.name)
        errors = sum(r.severity is Severity.ERROR for r in found)
        warnings = sum(r.severity is Severity.WARNING for r in found)
        note = f" - {c.note}" if c.note else ""
        lines.append(
            f"{c.name}: {report.status(c.name).value} ({errors} error(s), {warnings} warning(s), "
            f"{c.seconds:.2f} s){note}"
        )
    lines.append(_summary(report))
    return "\n".join(lines) + "\n"


def _cell(text: object) -> str:
    return markdown(text, MARKDOWN_CELL)


def render_markdown(report: ValidationReport) -> str:
    """A summary table (check, status, errors, warnings, time) and the findings grouped by check."""
    icon = "❌" if not report.ok else "✅"
    out = [
        f"### {icon} PoreKB validation: {len(report.errors)} error(s), {len(report.warnings)} warning(s)",
        "",
        "| check | status | errors | warnings | time |",
        "|---|---|---:|---:|---:|",
    ]
    for c in report.checks:
        found = report.for_check(c.name)
        status = report.status(c.name)
        note = f" ({_cell(c.note)})" if c.note and status is Status.NOT_RUN else ""
        out.append(
            f"| {_cell(c.title)} | {_ICON[status]} {status.value}{note} | "
            f"{sum(r.severity is Severity.ERROR for r in found)} | "
            f"{sum(r.severity is Severity.WARNING for r in found)} | {c.seconds:.2f} s |"
        )
    for c in report.checks:
        found = report.for_check(c.name)
        if not found:
            continue
        out += [
            "",
            f"<details{' open' if report.status(c.name) is Status.FAILED else ''}>",
            f"<summary><b>{_cell(c.title)}</b>: {len(found)} finding(s)</summary>",
            "",
            "| severity | rule | where | node | message |",
            "|---|---|---|---|---|",
        ]
        for r in found:
            where = f"`{r.where}`" if r.where else ""
            node, message = _cell(_node(r)), _cell(r.message)
            out.append(f"| {r.severity.value} | `{_cell(r.rule)}` | {where} | {node} | {message} |")
        out += ["", "</details>"]
    notes = [c for c in report.checks if c.note and report.status(c.name) is not Status.NOT_RUN]
    if notes:
        out += [""] + [f"- **{_cell(c.title)}**: {_cell(c.note)}" for c in notes]
    out += ["", f"_{_summary(report)}_", ""]
    return "\n".join(out)
