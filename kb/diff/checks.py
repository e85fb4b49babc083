"""Validation status before and after: ``porekb validate`` on both sides, and errors brought or fixed."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kb.validation import ValidationReport, ValidationResult, validate
from kb.validation.context import display_path

_BLANK_NODE = re.compile(r"<[0-9a-f]{16,40}>")  # blank node ids differ on each load


@dataclass
class ValidationSide:
    """The outcome of validation on one side: ok, counts, and the error lines."""

    ok: bool
    errors: int
    warnings: int
    failed_checks: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (the fields as they are)."""
        return asdict(self)


@dataclass
class ValidationDiff:
    """Validation on both sides and the errors that appear or disappear with the change."""

    base: ValidationSide
    head: ValidationSide
    new_errors: list[str] = field(default_factory=list)
    fixed_errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (the fields as they are)."""
        return asdict(self)


def _line(result: ValidationResult, directory: Path) -> str:
    """An error without its file location (lines shift), its folder shown as ``ontology``."""
    message = result.message
    for shown in {str(directory), display_path(directory)}:
        message = message.replace(shown, "ontology")
    message = _BLANK_NODE.sub("[blank node]", message)
    return f"[{result.check}/{result.rule}] {message}"


def _side(report: ValidationReport) -> ValidationSide:
    failed = [c.title for c in report.checks if report.status(c.name).value == "failed"]
    return ValidationSide(report.ok, len(report.errors), len(report.warnings), failed)


def diff_validation(base_dir: Path, head_dir: Path, sources_dir: Path | None) -> ValidationDiff:
    """Validate both ontology folders against the same sources and compare their errors."""
    before = validate(base_dir, sources_dir)
    after = validate(head_dir, sources_dir)
    old = {_line(r, base_dir) for r in before.errors}
    new = {_line(r, head_dir) for r in after.errors}
    return ValidationDiff(_side(before), _side(after), sorted(new - old), sorted(old - new))
