"""What the rule engine works with and produces: parsed rules, justifications and rule firings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib.term import Node, Variable

Triple = tuple[Node, Node, Node]
Pattern = tuple[Node, Node, Node]  # may contain rdflib Variables


@dataclass(frozen=True)
class Rule:
    """One rule file: a CONSTRUCT query, its header, and what it reads and writes."""

    id: str
    path: Path
    purpose: str
    source: str
    scope: str  # "kb" (patient-independent, run at load) or "case" (run per profile)
    explains: str  # optional sentence pattern with {var} placeholders; "" if none
    checks: tuple[str, ...]  # optional sentences for the NOT EXISTS / MINUS conditions, in order
    select: str  # the WHERE clause as a SELECT * query
    template: tuple[Pattern, ...]
    premises: tuple[Pattern, ...]  # triple patterns of the WHERE outside NOT EXISTS / MINUS / subqueries
    negated: tuple[str, ...]  # text of each NOT EXISTS / MINUS condition
    reads: frozenset[Node]  # predicates read positively (a Variable means "any")
    reads_negated: frozenset[Node]
    writes: frozenset[Node]
    requires: frozenset[Node] = (
        frozenset()
    )  # predicates every solution needs (outside OPTIONAL, subqueries, negation)

    @property
    def variables(self) -> set[Variable]:
        """Variables of the template."""
        return {t for pattern in self.template for t in pattern if isinstance(t, Variable)}


@dataclass(frozen=True)
class Justification:
    """Why a triple was derived: the rule, the variable bindings, the premises and negated conditions."""

    triple: Triple
    rule_id: str
    bindings: tuple[tuple[str, Node], ...]
    premises: tuple[Triple, ...]
    negated: tuple[str, ...] = ()

    def binding(self, name: str) -> Node | None:
        """The value bound to ``name``, if any."""
        return dict(self.bindings).get(name)


@dataclass(frozen=True)
class Firing:
    """One rule firing (a distinct solution of a rule's WHERE clause): the HOW trace is a list of these."""

    step: int
    rule_id: str
    iteration: int
    bindings: tuple[tuple[str, Node], ...]
    derived: tuple[Triple, ...]
    new: tuple[Triple, ...] = ()  # those not derived before (by an earlier firing)


@dataclass
class Derivation:
    """What one engine run derived: new triples (in order), their justifications, and the firings."""

    triples: list[Triple] = field(default_factory=list)
    justifications: dict[Triple, list[Justification]] = field(default_factory=dict)
    firings: list[Firing] = field(default_factory=list)
    iterations: dict[str, int] = field(default_factory=dict)
    rules_fired: set[str] = field(default_factory=set)
    solutions: set[tuple] = field(default_factory=set, repr=False)
