"""QC queries: every ``ontology/qc/*-violation.rq`` runs over the asserted KB; any row is a finding.

Each file starts with a header of comments::

    # id: duplicate-label
    # title: Labels are unique
    # severity: error
    # message: {focus} has the same label as {other}

The message names result columns in braces (IRIs show as 'label' (curie)). The row's ``?focus`` is the node
the finding is about; optional ``?file`` and ``?value`` columns go into the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from kb.errors import QueryError
from kb.namespaces import ASSERTED_GRAPHS
from kb.validation.context import Context, curie, display_path
from kb.validation.report import Severity, ValidationResult

CHECK = "qc"
_HEADER = re.compile(r"^#\s*(id|title|severity|message)\s*:\s*(.*?)\s*$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class QCQuery:
    """One QC query file and its header."""

    path: Path
    id: str
    title: str
    severity: Severity
    message: str
    text: str


def parse_query(path: Path) -> QCQuery:
    """Read a QC file and its header; a missing ``id``/``severity``/``message`` raises :class:`QueryError`."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line)
        if match:
            header.setdefault(match.group(1), match.group(2))
    missing = [k for k in ("id", "severity", "message") if k not in header]
    if missing:
        raise QueryError(f"{display_path(path)}: QC header lacks '# {missing[0]}:'")
    try:
        severity = Severity.parse(header["severity"])
    except ValueError as exc:
        raise QueryError(f"{display_path(path)}: {exc}") from None
    return QCQuery(path, header["id"], header.get("title", header["id"]), severity, header["message"], text)


def queries(ontology_dir: Path) -> list[Path]:
    """The QC files, in name order."""
    return sorted((ontology_dir / "qc").glob("*-violation.rq"))


def _format(ctx: Context, template: str, row: dict) -> str:
    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "focus_label":
            return ctx.label(row.get("focus")) or curie(str(row.get("focus")))
        value = row.get(name)
        if value is None:
            return match.group(0) if name not in row else "-"
        return str(value) if isinstance(value, Literal) else ctx.show(value)

    return _PLACEHOLDER.sub(fill, template)


def run_query(ctx: Context, query: QCQuery) -> list[ValidationResult]:
    """The findings of one QC query."""
    rows = ctx.store.select(query.text, graphs=list(ASSERTED_GRAPHS))
    results = []
    for row in rows:
        focus = row.get("focus")
        file, line = ctx.where(focus)
        if row.get("file") is not None:
            file, line = str(row["file"]), None
        value = row.get("value")
        results.append(
            ValidationResult(
                query.severity,
                CHECK,
                query.id,
                f"{query.title}: {_format(ctx, query.message, row)}",
                focus=None if focus is None or isinstance(focus, Literal) else curie(str(focus)),
                focus_label=ctx.label(focus),
                value=None if value is None else str(value),
                file=file,
                line=line,
            )
        )
    return results


def run(ctx: Context) -> list[ValidationResult]:
    """Run every QC query; a broken query file is itself an error finding."""
    results: list[ValidationResult] = []
    for path in queries(ctx.ontology_dir):
        try:
            results += run_query(ctx, parse_query(path))
        except QueryError as exc:
            results.append(
                ValidationResult(
                    Severity.ERROR,
                    CHECK,
                    path.name.removesuffix("-violation.rq"),
                    f"QC query could not run: {exc}",
                    file=display_path(path),
                )
            )
    results.sort(key=lambda r: (r.rule, r.file or "", r.line or 0))
    return results
