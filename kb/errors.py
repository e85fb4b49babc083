"""One root error class; each subclass says what went wrong and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


class PoreKBError(Exception):
    """Base class of every error PoreKB raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 1


class UsageError(PoreKBError):
    """Bad command-line use or an unreadable input file."""

    exit_code = 2


class TurtleSyntaxError(PoreKBError):
    """A Turtle file does not parse; carries file, line and column."""

    def __init__(self, path: str, line: int | None, column: int | None, message: str) -> None:
        self.path, self.line, self.column, self.detail = path, line, column, message
        where = path + (f":{line}" if line else "") + (f":{column}" if column else "")
        super().__init__(f"{where}: Turtle syntax error: {message}")


@dataclass
class ProfileIssue:
    """One problem with a patient profile: the JSON field, what is wrong, and the allowed values if any."""

    field: str
    message: str
    allowed: Sequence[str] = field(default_factory=tuple)

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}"
        if self.allowed:
            text += " (allowed: " + ", ".join(self.allowed) + ")"
        return text


class ProfileError(PoreKBError):
    """A patient profile was refused before any reasoning.

    The message lists at most ``MAX_LISTED`` issues, and each field's allowed values once.
    """

    MAX_LISTED = 50

    def __init__(self, issues: Sequence[ProfileIssue]) -> None:
        self.issues = list(issues)
        lines, listed = [], set()
        for issue in self.issues[: self.MAX_LISTED]:
            if issue.allowed and issue.field in listed:
                issue = ProfileIssue(issue.field, issue.message)
            listed.add(issue.field)
            lines.append(f"  - {issue}")
        if len(self.issues) > self.MAX_LISTED:
            lines.append(f"  - ... and {len(self.issues) - self.MAX_LISTED} more")
        super().__init__("invalid patient profile:\n" + "\n".join(lines))


class QueryError(PoreKBError):
    """A SPARQL query failed to parse or run."""


class QueryRefused(QueryError):
    """A user query was refused before running (update, SERVICE, FROM ...)."""


class QueryTimeout(QueryError):
    """A query was stopped at its time limit."""


class EndpointError(PoreKBError):
    """A remote SPARQL endpoint failed, refused, or returned a truncated answer."""


class RuleError(PoreKBError):
    """The rule engine failed: a bad rule file or no fixed point within the iteration cap."""


class ReasonerError(PoreKBError):
    """The OWL reasoner found the ontology inconsistent or could not run."""
