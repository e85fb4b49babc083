"""What a query reads: every predicate it names, and which of them it only reads where another predicate's
triple binds the same subject and object (a guard), so the rule engine knows which derived triples to store."""

from __future__ import annotations

import hashlib

from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, URIRef, Variable

from kb import cache
from kb.errors import RuleError
from kb.namespaces import sparql_prologue
from kb.rules.model import ANY_PREDICATE, Pattern

_CACHE_VERSION = b"query-predicates-v1"


def mentioned_predicates(algebra: object) -> frozenset[Node]:
    """Every predicate named anywhere in a query's algebra: in subqueries, EXISTS / NOT EXISTS and MINUS too. A
    variable or a property path in predicate position gives :data:`ANY_PREDICATE` (it may read any)."""
    patterns: list[Pattern] = []
    triple_patterns(algebra, patterns)
    return frozenset(p if isinstance(p, URIRef) else ANY_PREDICATE for _, p, _ in patterns)


def query_predicates(text: str) -> frozenset[Node]:
    """Every predicate a SPARQL query (written with the standard prefixes) names anywhere
    (:func:`mentioned_predicates`); cached by content like the rules, since rdflib's parser takes ~50 ms."""
    name = f"predicates-{hashlib.sha256(_CACHE_VERSION + text.encode()).hexdigest()[:24]}.json"
    data = cache.read(name)
    if isinstance(data, list):
        try:
            return frozenset(cache.term_from_data(t) for t in data)
        except (TypeError, ValueError):
            pass  # a malformed cache is rebuilt
    try:
        algebra = prepareQuery(sparql_prologue() + text).algebra
    except Exception as exc:  # rdflib raises pyparsing and other errors
        raise RuleError(f"the query does not parse: {exc}") from exc
    found = mentioned_predicates(algebra)
    cache.write(name, [cache.term_to_data(t) for t in found])
    return found


def guarded_predicates(algebra: object) -> frozenset[tuple[Node, Node]]:
    """``(P, Q)`` pairs: every pattern of the query that names predicate P reads ``?s P ?o`` with both variables
    bound by a required pattern ``?s Q ?o`` of the same query, outside any subquery (its own scope). Wherever such
    a query reads P, the subject and object are then a pair some Q triple holds, so a P triple whose pair no Q
    triple holds can never match it (R40 and R41 read exclusions and deferrals only of candidate treatments)."""
    everywhere: list[Pattern] = []
    triple_patterns(algebra, everywhere)
    outside: list[Pattern] = []
    triple_patterns(algebra, outside, into_subqueries=False)
    required: list[Pattern] = []
    required_patterns(getattr(algebra, "p", None), required)
    by_pair: dict[tuple[Node, Node], set[Node]] = {}
    for s, q, o in required:
        if isinstance(s, Variable) and isinstance(o, Variable) and isinstance(q, URIRef):
            by_pair.setdefault((s, o), set()).add(q)
    out: set[tuple[Node, Node]] = set()
    for predicate in {p for _, p, _ in everywhere if isinstance(p, URIRef)}:
        mine = [t for t in everywhere if t[1] == predicate]
        if len(mine) != len([t for t in outside if t[1] == predicate]):
            continue  # named inside a subquery too
        guards: set[Node] | None = None
        for s, _, o in mine:
            found = by_pair.get((s, o), set()) - {predicate}
            guards = found if guards is None else guards & found
        out.update((predicate, q) for q in guards or ())
    return frozenset(out)


def triple_patterns(node: object, out: list[Pattern], *, into_subqueries: bool = True) -> None:
    """Collect every triple pattern under ``node`` (BGPs, EXISTS / NOT EXISTS and MINUS included; a subquery's
    too unless ``into_subqueries`` is False)."""
    if isinstance(node, CompValue):
        if node.name == "ToMultiSet" and not into_subqueries:
            return
        if node.name in ("BGP", "TriplesBlock"):
            out.extend(tuple(t) for t in node.triples)  # type: ignore[misc]
        for value in node.values():
            triple_patterns(value, out, into_subqueries=into_subqueries)
    elif isinstance(node, (list, tuple)):
        for value in node:
            triple_patterns(value, out, into_subqueries=into_subqueries)


_PASS_THROUGH = ("Filter", "Extend", "Project", "Distinct", "Reduced", "OrderBy", "Slice")


def required_patterns(node: object, out: list[Pattern]) -> None:
    """Collect the triple patterns every solution must match: BGPs reached through joins, the left side of
    OPTIONAL and MINUS, and filters; nothing from OPTIONAL's right side, subqueries or other operators."""
    if not isinstance(node, CompValue):
        return
    if node.name == "BGP":
        out.extend(tuple(t) for t in node.triples)  # type: ignore[misc]
    elif node.name == "Join":
        required_patterns(node.p1, out)
        required_patterns(node.p2, out)
    elif node.name in ("LeftJoin", "Minus"):
        required_patterns(node.p1, out)
    elif node.name in _PASS_THROUGH:
        required_patterns(node.p, out)
