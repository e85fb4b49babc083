"""What the rule engine works with and produces: parsed rules, justifications and rule firings."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node, Variable

Triple = tuple[Node, Node, Node]
Pattern = tuple[Node, Node, Node]  # may contain rdflib Variables


# a variable or a property path in predicate position: the query may read any predicate (Rule.mentions)
ANY_PREDICATE = Variable("any_predicate")


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
    # every predicate the query names anywhere (subqueries, negations; a Variable: any predicate, a path among
    # them); None: not known, so any
    mentions: frozenset[Node] | None = None
    # (P, Q): the query reads P only where a required ?s Q ?o binds the subject and object (kb.rules.reads)
    guards: frozenset[tuple[Node, Node]] = frozenset()

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


# A compiled pattern: the triple it makes of one solution row, or None
Binder = Callable[[Sequence[Node | None]], Triple | None]


def compile_pattern(pattern: Pattern, columns: Mapping[str, int]) -> Binder:
    """A pattern compiled against a result's columns: a function from a row to the triple it makes, or None (a
    variable not projected or unbound in the row, a literal subject, a predicate that is not an IRI). The usual
    shapes (a constant predicate, subject and object from columns or constants) get a function of their own."""
    slots = [(columns.get(str(t)), None) if isinstance(t, Variable) else (-1, t) for t in pattern]
    if any(column is None for column, _ in slots):
        return _unbound
    (cs, _), (cp, p), (co, o) = slots
    if cp < 0 and not isinstance(p, URIRef):
        return _unbound
    if cp < 0 and cs >= 0 and co >= 0:

        def subject_object(row: Sequence[Node | None]) -> Triple | None:
            sv, ov = row[cs], row[co]  # type: ignore[index]
            if sv is None or ov is None or isinstance(sv, Literal):
                return None
            return sv, p, ov  # type: ignore[return-value]

        return subject_object
    if cp < 0 and cs >= 0:

        def subject_only(row: Sequence[Node | None]) -> Triple | None:
            sv = row[cs]  # type: ignore[index]
            if sv is None or isinstance(sv, Literal):
                return None
            return sv, p, o  # type: ignore[return-value]

        return subject_only

    def general(row: Sequence[Node | None]) -> Triple | None:
        out = [constant if column < 0 else row[column] for column, constant in slots]  # type: ignore[operator]
        sv, pv, ov = out
        if sv is None or pv is None or ov is None or isinstance(sv, Literal) or not isinstance(pv, URIRef):
            return None
        return sv, pv, ov

    return general


def _unbound(row: Sequence[Node | None]) -> None:
    return None


@dataclass
class RuleRun:
    """One query of one rule in one iteration: its solutions as the store gave them and, in firing order, the
    rows that derived something (row number, the triples it derived, those not derived before). A row's
    bindings, premises and justifications are read from it when asked, not built for every row."""

    rule: Rule
    iteration: int
    columns: dict[str, int]
    rows: Sequence[Sequence[Node | None]]
    fired: list[tuple[int, tuple[Triple, ...], tuple[Triple, ...]]] = field(default_factory=list)

    @cached_property
    def named(self) -> list[tuple[str, int]]:
        """(variable, column) by variable name: the order bindings are kept and rows are fired in."""
        return sorted(self.columns.items())

    @cached_property
    def _shown(self) -> list[tuple[str, int]]:
        return [(k, i) for k, i in self.named if not k.startswith("__")]

    @cached_property
    def _premises(self) -> list[Binder]:
        return [compile_pattern(p, self.columns) for p in self.rule.premises]

    @cached_property
    def _bindings(self) -> dict[int, tuple[tuple[str, Node], ...]]:
        return {}

    def bindings(self, n: int) -> tuple[tuple[str, Node], ...]:
        """Row ``n``'s bound variables (those named ``__...`` left out), by variable name."""
        done = self._bindings.get(n)
        if done is None:
            row = self.rows[n]
            done = self._bindings[n] = tuple((k, row[i]) for k, i in self._shown if row[i] is not None)  # type: ignore[misc]
        return done

    def solution(self, n: int) -> tuple:
        """What makes row ``n`` one distinct solution of the rule (a firing in the HOW trace)."""
        if len(self._shown) == len(self.named):
            return (self.rule.id, self.bindings(n))
        row = self.rows[n]
        return (self.rule.id, tuple((k, row[i]) for k, i in self.named if row[i] is not None))

    def justification(self, n: int, triple: Triple) -> Justification:
        """Why row ``n`` derived ``triple``."""
        row = self.rows[n]
        premises = tuple(dict.fromkeys(t for t in (bind(row) for bind in self._premises) if t is not None))
        return Justification(triple, self.rule.id, self.bindings(n), premises, self.rule.negated)


# Which rows derived a triple, in firing order: each as one int, (run number << ORIGIN_BITS) | row number; one
# int for a triple derived once (most are), a list for more (no list and tuple made per derived triple)
ORIGIN_BITS = 32
Origins = dict[Triple, "int | list[int]"]


def origins_of(origin: int | list[int]) -> list[tuple[int, int]]:
    """(run, row) of every row an :data:`Origins` entry names, in firing order."""
    mask = (1 << ORIGIN_BITS) - 1
    return [(o >> ORIGIN_BITS, o & mask) for o in (origin if isinstance(origin, list) else [origin])]


class Justifications(Mapping[Triple, list[Justification]]):
    """Every derived triple's justifications, each list built when first read (in firing order, no two
    alike): a view of the runs that derived them."""

    def __init__(self, runs: list[RuleRun], origins: Origins) -> None:
        self._runs = runs
        self._origins = origins
        self._built: dict[Triple, list[Justification]] = {}

    def __getitem__(self, triple: Triple) -> list[Justification]:
        built = self._built.get(triple)
        if built is None:
            built = []
            for r, n in origins_of(self._origins[triple]):  # KeyError: not derived
                just = self._runs[r].justification(n, triple)
                if just not in built:  # equality with the few before it, no hashing of bindings and premises
                    built.append(just)
            self._built[triple] = built
        return built

    def get(self, triple: Triple, default: list[Justification] | None = None) -> list[Justification] | None:  # type: ignore[override]
        """The justifications of ``triple``, or ``default`` if it was not derived (no KeyError raised)."""
        return self[triple] if triple in self._origins else default

    def __contains__(self, triple: object) -> bool:
        return triple in self._origins

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._origins)

    def __len__(self) -> int:
        return len(self._origins)


class Layered(Mapping[Triple, list[Justification]]):
    """Two justification maps read as one, the first before the second (as a ``ChainMap``, without raising and
    catching a ``KeyError`` for every triple only the second holds)."""

    def __init__(
        self, first: Mapping[Triple, list[Justification]], second: Mapping[Triple, list[Justification]]
    ) -> None:
        self._first, self._second = first, second

    def __getitem__(self, triple: Triple) -> list[Justification]:
        return self._first[triple] if triple in self._first else self._second[triple]

    def get(self, triple: Triple, default: list[Justification] | None = None) -> list[Justification] | None:  # type: ignore[override]
        """The justifications of ``triple`` in the first map, else in the second, else ``default``."""
        if triple in self._first:
            return self._first[triple]
        return self._second.get(triple, default)

    def __contains__(self, triple: object) -> bool:
        return triple in self._first or triple in self._second

    def __iter__(self) -> Iterator[Triple]:
        return iter({**dict.fromkeys(self._second), **dict.fromkeys(self._first)})

    def __len__(self) -> int:
        return len({*self._first, *self._second})


@dataclass
class Derivation:
    """What one engine run derived: new triples (in order), the rule runs that derived them, and read from
    those when asked, the triples' justifications and the rule firings (the HOW trace)."""

    triples: list[Triple] = field(default_factory=list)
    runs: list[RuleRun] = field(default_factory=list)
    origins: Origins = field(default_factory=dict, repr=False)
    iterations: dict[str, int] = field(default_factory=dict)
    rules_fired: set[str] = field(default_factory=set)

    @cached_property
    def justifications(self) -> Justifications:
        """Each derived triple's justifications (built per triple when first read)."""
        return Justifications(self.runs, self.origins)

    @cached_property
    def firings(self) -> list[Firing]:
        """Each distinct solution of a rule that derived something, in the order the engine met them."""
        out: list[Firing] = []
        solutions: set[tuple] = set()
        for run in self.runs:
            for n, derived, new in run.fired:
                key = run.solution(n)
                if key not in solutions:
                    solutions.add(key)
                    out.append(
                        Firing(len(out) + 1, run.rule.id, run.iteration, run.bindings(n), derived, new)
                    )
        return out
