"""The ranking policy file (``ontology/policy/ranking.rq``): its query, and the ranking parts its header declares.

The query's row order *is* the ranking. Which of its columns the clinician sees, under which JSON key and in which
words, is declared in the header, one ``# part:`` line per part, in the order they are shown::

    # part: care_tier = term ?tier; text "{label}"; empty "no step of care recorded"
    # part: co_benefits = number ?nb; text "also improves {value} of the patient's other findings"; empty ""

``<key> = <kind> ?<column>``, then optional ``text "..."`` (the part in words; ``{field}`` is a field of the
kind's value, ``{a|b}`` field ``a``, else field ``b``, else the words ``b``) and ``empty "..."`` (the words when
the value is empty; ``""`` leaves the part out of the words; without it ``text`` is used). A part without
``text`` is in the JSON only. The kinds are the value readers of :mod:`kb.recommend.ranking`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib.term import Node

from kb.errors import RuleError

KINDS = ("number", "term", "terms", "addressed-causes", "weakest-link")

_PART = re.compile(
    r"^#\s*part\s*:\s*(?P<key>[a-z_][a-z0-9_]*)\s*=\s*(?P<kind>[a-z-]+)\s+\?(?P<column>\w+)(?P<rest>.*)$"
)
_OPTION = re.compile(r'\s*;\s*(?P<name>text|empty)\s+"(?P<value>[^"]*)"')


class PartLineError(RuleError):
    """A ``# part:`` line that does not read; carries the file, the line number and what is wrong."""

    def __init__(self, where: str, line: int, detail: str) -> None:
        self.where, self.line, self.detail = where, line, detail
        super().__init__(f"{where}:{line}: {detail}")


@dataclass(frozen=True)
class PartSpec:
    """One declared ranking part: its JSON key, the kind of value, the column it is read from, and its words."""

    key: str
    kind: str
    column: str
    text: str | None = None
    empty: str | None = None


@dataclass(frozen=True)
class RankingPolicy:
    """The ranking query (with the standard prefixes) and the parts it shows, in order."""

    query: str
    parts: tuple[PartSpec, ...]
    reads: frozenset[Node] | None = None  # every predicate the query names; None: not known (any)


def parse_parts(text: str, where: str) -> tuple[PartSpec, ...]:
    """The ``# part:`` lines of a policy's header; a bad one raises :class:`~kb.errors.RuleError` naming ``where``."""
    parts: list[PartSpec] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            if line.strip():
                break  # the header ends at the first line of the query
            continue
        if not re.match(r"^#\s*part\s*:", line):
            continue
        match = _PART.match(line.rstrip())
        if match is None:
            raise PartLineError(
                where, number, "a part line reads '# part: <key> = <kind> ?<column>; text \"...\"'"
            )
        options: dict[str, str] = {}
        rest = match["rest"]
        while rest.strip():
            option = _OPTION.match(rest)
            if option is None:
                raise PartLineError(
                    where, number, f"cannot read {rest.strip()!r} (expected '; text \"...\"')"
                )
            options[option["name"]] = option["value"]
            rest = rest[option.end() :]
        if match["kind"] not in KINDS:
            raise PartLineError(
                where, number, f"unknown part kind {match['kind']!r} (allowed: {', '.join(KINDS)})"
            )
        if any(p.key == match["key"] for p in parts):
            raise PartLineError(where, number, f"the part {match['key']!r} is declared twice")
        parts.append(
            PartSpec(match["key"], match["kind"], match["column"], options.get("text"), options.get("empty"))
        )
    return tuple(parts)


def render_template(template: str, fields: dict[str, str]) -> str:
    """``{field}`` and ``{a|b}`` (field ``a``, else field ``b``, else the words ``b``) filled from ``fields``."""

    def fill(match: re.Match[str]) -> str:
        names = match[1].split("|")
        for name in names:
            if fields.get(name):
                return fields[name]
        last = names[-1]
        return "" if last in fields or len(names) == 1 else last

    return re.sub(r"\{([^{}]+)\}", fill, template)
