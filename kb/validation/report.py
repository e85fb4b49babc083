"""Typed validation results and the report that collects them (rendered by :mod:`kb.validation.render`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from kb.reasoning import Classification


class Severity(StrEnum):
    """How bad a finding is: only errors make validation fail."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``error``/``Violation`` -> ERROR, ``warning`` -> WARNING, ``info`` -> INFO (case-insensitive)."""
        key = text.strip().lower().rsplit("#", 1)[-1]
        if key in ("error", "violation"):
            return cls.ERROR
        if key == "warning":
            return cls.WARNING
        if key == "info":
            return cls.INFO
        raise ValueError(f"unknown severity {text!r} (allowed: error, warning, info)")


class Status(StrEnum):
    """The outcome of one check. ``NOT_RUN`` is never a pass."""

    PASSED = "passed"
    WARNINGS = "passed with warnings"
    FAILED = "failed"
    NOT_RUN = "not run"


@dataclass
class ValidationResult:
    """One finding: which check and rule, how severe, what it says, and where (node, file and line)."""

    severity: Severity
    check: str
    rule: str
    message: str
    focus: str | None = None
    focus_label: str | None = None
    path: str | None = None
    value: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def where(self) -> str:
        """``file:line:column`` as far as known (empty if no file)."""
        if not self.file:
            return ""
        return self.file + (f":{self.line}" if self.line else "") + (f":{self.column}" if self.column else "")

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dictionary (severity as its string value)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class CheckRun:
    """What one check did: how long it took and, if it did not run, why."""

    name: str
    title: str
    ran: bool = True
    note: str = ""
    seconds: float = 0.0


@dataclass
class ValidationReport:
    """All findings of one validation run, with the checks that ran (or did not)."""

    ontology_dir: str
    sources_dir: str | None = None
    results: list[ValidationResult] = field(default_factory=list)
    checks: list[CheckRun] = field(default_factory=list)
    seconds: float = 0.0
    classification: Classification | None = field(default=None, repr=False)  # the reasoner's, for reuse

    @property
    def errors(self) -> list[ValidationResult]:
        """Findings with severity error."""
        return [r for r in self.results if r.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[ValidationResult]:
        """Findings with severity warning."""
        return [r for r in self.results if r.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when no finding is an error (warnings and checks that did not run are allowed)."""
        return not self.errors

    def for_check(self, name: str) -> list[ValidationResult]:
        """Findings of one check."""
        return [r for r in self.results if r.check == name]

    def status(self, name: str) -> Status:
        """The outcome of one check: failed if it has errors, not run if it did not run, else passed."""
        run = next((c for c in self.checks if c.name == name), None)
        found = self.for_check(name)
        if any(r.severity is Severity.ERROR for r in found):
            return Status.FAILED
        if run is None or not run.ran:
            return Status.NOT_RUN
        if any(r.severity is Severity.WARNING for r in found):
            return Status.WARNINGS
        return Status.PASSED

    def to_dict(self) -> dict[str, object]:
        """The stable JSON schema (``schema: porekb-validation/1``)."""
        return {
            "schema": "porekb-validation/1",
            "ok": self.ok,
            "ontology_dir": self.ontology_dir,
            "sources_dir": self.sources_dir,
            "seconds": round(self.seconds, 3),
            "summary": {
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "findings": len(self.results),
            },
            "checks": [
                {
                    "name": c.name,
                    "title": c.title,
                    "status": self.status(c.name).value,
                    "errors": sum(r.severity is Severity.ERROR for r in self.for_check(c.name)),
                    "warnings": sum(r.severity is Severity.WARNING for r in self.for_check(c.name)),
                    "seconds": round(c.seconds, 3),
                    "note": c.note,
                }
                for c in self.checks
            ],
            "results": [r.to_dict() for r in self.results],
        }
