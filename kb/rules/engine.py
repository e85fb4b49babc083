"""Forward chaining: CONSTRUCT rules (run as SELECT * queries) to a fixed point, justifying what they derive.

Rules are stratified in file-name order: consecutive rules share a stratum when a later rule writes a
predicate an earlier one reads; each stratum runs to its fixed point (capped) before the next starts, so a
rule that tests ``NOT EXISTS`` on a predicate sees all of it. Only the :class:`~kb.store.Store` interface
is used.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

from rdflib import BNode, URIRef
from rdflib.term import Node, Variable

from kb.errors import RuleError
from kb.rules.model import (
    ANY_PREDICATE,
    ORIGIN_BITS,
    Derivation,
    Rule,
    RuleRun,
    Triple,
    compile_pattern,
)
from kb.store import Store

DEFAULT_MAX_ITERATIONS = 25


def strata(rules: Sequence[Rule]) -> list[list[Rule]]:
    """Group rules (in order) into strata; raise :class:`RuleError` if a stratum negates what it writes."""
    reach = list(range(len(rules)))  # reach[i]: the last rule index that must share rule i's stratum
    for j, later in enumerate(rules):
        for i in range(j + 1):
            if later.writes & {p for p in rules[i].reads if not isinstance(p, Variable)}:
                reach[i] = max(reach[i], j)
    groups: list[list[Rule]] = []
    end = -1
    for i, rule in enumerate(rules):
        if i > end:
            groups.append([])
        groups[-1].append(rule)
        end = max(end, reach[i])
    for group in groups:
        written = set().union(*(r.writes for r in group))
        for r in group:
            clash = written & r.reads_negated
            if clash:
                raise RuleError(
                    f"{r.path}: rule {r.id} negates {', '.join(map(str, clash))}, which its own "
                    "stratum derives; move the rule after the rules that write it"
                )
    return groups


def _recursive(group: Sequence[Rule]) -> bool:
    written = set().union(*(r.writes for r in group))
    return any(any(isinstance(p, Variable) for p in r.reads) or (written & r.reads) for r in group)


def run_rules(
    store: Store,
    rules: Sequence[Rule],
    *,
    read_graphs: Sequence[URIRef],
    target: URIRef,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    known: Iterable[Triple] = (),
    groups: Sequence[Sequence[Rule]] | None = None,
    present: Iterable[Node] | None = None,
    count_target: bool = True,
    read_after: Iterable[Node] | None = None,
) -> Derivation:
    """Run ``rules`` over ``read_graphs`` + ``target`` to a fixed point; add what they derive to ``target``.

    ``groups`` are the rules' strata when the caller has them already (:func:`strata` of ``rules``).
    ``present``, when given, names every predicate the read graphs hold (at least those the rules require): a
    rule that requires a predicate no read graph holds, nor any triple derived so far, cannot match and is not
    queried (the answer would be empty; skipping it changes nothing but the time).
    ``count_target=False``: the target also holds what the rules read (the KB, the profile), so its triples do
    not count as derived before; only ``known`` does.
    ``read_after``, when given, names every predicate the caller reads from the store once the rules have run
    (a ranking query): a derived triple whose predicate neither that nor the rules of its own and later strata
    name is recorded in the derivation but not added to the store (at 1e6 triples, 6,158 "not indicated" per
    profile that nothing queries). None: every derived triple is added.
    Raises :class:`RuleError` when a stratum has not reached its fixed point after ``max_iterations`` rounds.
    """
    graphs = tuple(dict.fromkeys((*read_graphs, target)))
    seen: set[Triple] = set(known) | (set(store.triples(target)) if count_target else set())
    have = None if present is None else {*present, *(p for _, p, _ in seen)}
    out = Derivation()
    groups = strata(rules) if groups is None else groups
    stored = _stored_predicates(groups, read_after, present)
    for group, (keep, guarded) in zip(groups, stored, strict=True):
        recursive = _recursive(group)
        iteration = 0
        while True:
            iteration += 1
            if iteration > max_iterations:
                ids = ", ".join(r.id for r in group)
                raise RuleError(
                    f"no fixed point after {max_iterations} iterations of rules {ids} "
                    "(a rule keeps deriving new triples)"
                )
            added = 0
            for rule in group:
                if have is not None and not rule.requires <= have:
                    continue
                fired = len(out.triples)
                added += _fire(store, rule, graphs, target, iteration, seen, out, keep, guarded)
                if have is not None:
                    have.update(p for _, p, _ in out.triples[fired:])
            for rule in group:
                out.iterations[rule.id] = iteration
            if not recursive or not added:
                break
    return out


def _stored_predicates(
    groups: Sequence[Sequence[Rule]], read_after: Iterable[Node] | None, present: Iterable[Node] | None
) -> list[tuple[frozenset[Node] | None, dict[Node, Node]]]:
    """Per stratum, which derived triples must go to the store: ``(keep, guarded)``. ``keep``: the predicates its
    own and later strata's rules name, and ``read_after`` (None: every predicate, where one of them may read any
    predicate). ``guarded``: P -> Q where every later rule that names P reads it only at a subject and object a
    ``Q`` triple holds (``Rule.guards``), and the Q triples are all known by then (written only by earlier strata,
    not held by the read graphs): a P triple then goes to the store only if its Q triple was derived."""
    if read_after is None:
        return [(None, {})] * len(groups)
    after = frozenset(read_after)
    in_graphs = None if present is None else frozenset(present)
    written_by: dict[Node, int] = {}  # predicate -> the last stratum that writes it
    for i, group in enumerate(groups):
        for rule in group:
            for p in rule.writes:
                written_by[p] = i
    out: list[tuple[frozenset[Node] | None, dict[Node, Node]]] = []
    named: set[Node] | None = set(after)
    guards: dict[Node, set[Node]] = {}  # P -> the Qs every rule seen so far (later strata) allows
    for i in range(len(groups) - 1, -1, -1):
        for rule in groups[i]:
            if named is None or rule.mentions is None or ANY_PREDICATE in rule.mentions:
                named = None
                continue
            named |= rule.mentions
            allowed: dict[Node, set[Node]] = {}
            for p, q in rule.guards:
                allowed.setdefault(p, set()).add(q)
            for p in rule.mentions:
                guards[p] = allowed.get(p, set()) & guards[p] if p in guards else allowed.get(p, set())
        if named is None:
            out.append((None, {}))
            continue
        guarded = {}
        if in_graphs is not None:
            for p, qs in guards.items():
                usable = sorted(q for q in qs if written_by.get(q, i) < i and q not in in_graphs)
                if p not in after and usable:
                    guarded[p] = usable[0]
        out.append((frozenset(named), guarded))
    return out[::-1]


def _store_independent_order(
    rows: Sequence[Sequence[Node | None]], named: list[tuple[str, int]], complete: bool | None = None
) -> list[int]:
    """Row numbers sorted by the rows' (variable, text) pairs, so every store fires a rule's rows alike. When no
    cell is unbound (``complete``; found out here if not given) every row has the same variables, and the texts
    in variable order sort the same way; a column with the same term in every row then leaves the order to the
    others (the patient, in most rules)."""
    if not rows:
        return []
    if complete is None:
        complete = not any(value is None for row in rows for value in row)
    if not complete:
        return sorted(
            range(len(rows)), key=lambda n: [(k, str(rows[n][i])) for k, i in named if rows[n][i] is not None]
        )
    first = rows[0]
    varying = [i for _, i in named if any(row[i] is not first[i] for row in rows)]
    if not varying:
        return list(range(len(rows)))
    if len(varying) == 1:
        (column,) = varying
        keys: list = [str(row[column]) for row in rows]
    else:
        cells = itemgetter(*varying)
        keys = [tuple(map(str, cells(row))) for row in rows]
    return sorted(range(len(rows)), key=keys.__getitem__)


def _fire(
    store: Store,
    rule: Rule,
    graphs: Sequence[URIRef],
    target: URIRef,
    iteration: int,
    seen: set[Triple],
    out: Derivation,
    keep: frozenset[Node] | None = None,
    guarded: dict[Node, Node] | None = None,
) -> int:
    """Run one rule once; record which rows derived what (justifications and firings are read from that
    record when asked); add the new triples to ``target``: those whose predicate is in ``keep`` (all if None),
    those of a ``guarded`` predicate only where the guard's triple was derived (:func:`_stored_predicates`)."""
    try:
        result = store.query(rule.select, graphs=graphs)
    except Exception as exc:
        raise RuleError(f"{rule.path}: rule {rule.id} failed: {exc}") from exc
    columns = {name: i for i, name in enumerate(result.variables)}
    template = [compile_pattern(p, columns) for p in rule.template]
    rows = result.rows
    run = RuleRun(rule, iteration, columns, rows)
    number = len(out.runs)
    origins = out.origins
    new: list[Triple] = []
    single = template[0] if len(template) == 1 else None
    base = number << ORIGIN_BITS
    for n in _store_independent_order(rows, run.named, result.complete):
        row = rows[n]
        if single is not None:
            triple = single(row)
            if triple is None:
                continue
            derived: tuple[Triple, ...] = (triple,)
        else:
            derived = tuple(t for t in (bind(row) for bind in template) if t is not None)
            if not derived:
                continue
        fresh = []
        for triple in derived:
            if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):  # the predicate is an IRI
                raise RuleError(
                    f"{rule.path}: rule {rule.id} derived a blank node; rules must derive named terms"
                )
            origin = origins.get(triple)
            if origin is None:
                origins[triple] = base | n
            elif isinstance(origin, list):
                origin.append(base | n)
            else:
                origins[triple] = [origin, base | n]
            if triple not in seen:
                seen.add(triple)
                fresh.append(triple)
        new.extend(fresh)
        run.fired.append((n, derived, derived if len(fresh) == len(derived) else tuple(fresh)))
    if run.fired:
        out.runs.append(run)
        out.rules_fired.add(rule.id)
    if new:
        stored = new if keep is None else [t for t in new if _stored(t, keep, guarded or {}, seen)]
        if stored:
            store.add(target, stored)
        out.triples.extend(new)
    return len(new)


def _stored(triple: Triple, keep: frozenset[Node], guarded: dict[Node, Node], seen: set[Triple]) -> bool:
    s, p, o = triple
    if p not in keep:
        return False
    guard = guarded.get(p)
    return guard is None or (s, guard, o) in seen
