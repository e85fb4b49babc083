"""Reading rule files: the header comments, the CONSTRUCT template, and the WHERE clause's triple patterns.

A rule file ``NN-name.rq`` holds one SPARQL CONSTRUCT query after header comments::

    # id: R03-candidate-treatment
    # purpose: a treatment that addresses a likely cause is a candidate
    # source: curator inference
    # scope: case            (optional; "kb" rules are patient-independent and run once at load)
    # explains: {t} is a candidate because it addresses {c}   (optional)
    # checks: no exclusion applies to {t}   (optional; one line per NOT EXISTS / MINUS, in order)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

from kb import cache
from kb.errors import RuleError
from kb.namespaces import sparql_prologue
from kb.rules.model import Pattern, Rule
from kb.rules.reads import guarded_predicates, mentioned_predicates, required_patterns, triple_patterns

_HEADER = re.compile(r"^#\s*([a-z-]+)\s*:\s*(.*?)\s*$")
_REQUIRED = ("id", "purpose", "source")
_CACHE_VERSION = b"rules-v6-json+no-union+requires+mentions+guards"
_NEGATION = re.compile(r"\b(NOT\s+EXISTS|MINUS)\s*\{", re.IGNORECASE)


def load_rules(directory: Path, scope: str | None = None, *, use_cache: bool = True) -> list[Rule]:
    """Every ``*.rq`` rule in ``directory`` in file-name order (= stratification order), optionally one scope.

    Parsed rules are cached by the files' content hash (parsing with rdflib takes ~50 ms a rule).
    """
    files = sorted(directory.glob("*.rq"))
    rules = _cached(files) if use_cache else None
    if rules is None:
        rules = [parse_rule(p) for p in files]
        if use_cache:
            _store(files, rules)
    seen: dict[str, Path] = {}
    for r in rules:
        if r.id in seen:
            raise RuleError(f"{r.path}: rule id {r.id!r} is already used by {seen[r.id]}")
        seen[r.id] = r.path
    return [r for r in rules if scope is None or r.scope == scope]


def parse_rule(path: Path) -> Rule:
    """Parse one rule file; raise :class:`RuleError` naming the file if it is not a valid rule."""
    text = path.read_text(encoding="utf-8")
    header = _header(text)
    missing = [k for k in _REQUIRED if not header.get(k)]
    if missing:
        raise RuleError(f"{path}: the rule header lacks {', '.join(missing)} (write '# id: ...' etc.)")
    scope = header.get("scope", "case")
    if scope not in ("kb", "case"):
        raise RuleError(f"{path}: scope must be 'kb' or 'case', not {scope!r}")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    try:
        algebra = prepareQuery(sparql_prologue() + body).algebra
    except Exception as exc:  # rdflib raises pyparsing and other errors
        raise RuleError(f"{path}: the rule does not parse: {exc}") from exc
    if algebra.name != "ConstructQuery" or not algebra.template:
        raise RuleError(f"{path}: a rule must be one CONSTRUCT query with a template")
    premises: list[Pattern] = []
    negated_patterns: list[Pattern] = []
    try:
        _walk(algebra.p, premises, negated_patterns)
    except ValueError as exc:
        raise RuleError(f"{path}: {exc}") from None
    template = tuple(tuple(t) for t in algebra.template)
    required: list[Pattern] = []
    required_patterns(algebra.p, required)
    return Rule(
        id=header["id"],
        path=path,
        purpose=header["purpose"],
        source=header["source"],
        scope=scope,
        explains=header.get("explains", ""),
        checks=tuple(
            m.group(2)
            for m in map(_HEADER.match, map(str.strip, text.splitlines()))
            if m and m.group(1) == "checks"
        ),
        select=sparql_prologue() + _as_select(body, path),
        template=template,  # type: ignore[arg-type]
        premises=tuple(dict.fromkeys(premises)),
        negated=tuple(_negations(body)),
        reads=frozenset(_predicates(premises)),
        reads_negated=frozenset(_predicates(negated_patterns)),
        writes=frozenset(p for _, p, _ in template),
        requires=frozenset(p for _, p, _ in required if isinstance(p, URIRef)),
        mentions=mentioned_predicates(algebra),
        guards=guarded_predicates(algebra),
    )


def _cache_name(files: list[Path]) -> str:
    h = hashlib.sha256(_CACHE_VERSION)
    for f in files:
        h.update(str(f.resolve()).encode())
        h.update(f.read_bytes())
    return f"rules-{h.hexdigest()[:24]}.json"


def _cached(files: list[Path]) -> list[Rule] | None:
    data = cache.read(_cache_name(files))
    if not isinstance(data, list):
        return None
    try:
        return [_rule_from_data(item) for item in data]
    except (KeyError, TypeError, ValueError):  # a malformed or stale cache is rebuilt
        return None


def _store(files: list[Path], rules: list[Rule]) -> None:
    cache.write(_cache_name(files), [_rule_to_data(r) for r in rules])


def _patterns_to_data(patterns: Iterable[Pattern]) -> list:
    return [[cache.term_to_data(t) for t in p] for p in patterns]


def _patterns_from_data(data: list) -> tuple[Pattern, ...]:
    out = tuple(tuple(cache.term_from_data(t) for t in p) for p in data)
    if any(len(p) != 3 for p in out):
        raise ValueError("a cached pattern is not a triple")
    return out  # type: ignore[return-value]


def _rule_to_data(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "path": str(rule.path),
        "purpose": rule.purpose,
        "source": rule.source,
        "scope": rule.scope,
        "explains": rule.explains,
        "checks": list(rule.checks),
        "select": rule.select,
        "template": _patterns_to_data(rule.template),
        "premises": _patterns_to_data(rule.premises),
        "negated": list(rule.negated),
        "reads": [cache.term_to_data(t) for t in rule.reads],
        "reads_negated": [cache.term_to_data(t) for t in rule.reads_negated],
        "writes": [cache.term_to_data(t) for t in rule.writes],
        "requires": [cache.term_to_data(t) for t in rule.requires],
        "mentions": None if rule.mentions is None else [cache.term_to_data(t) for t in rule.mentions],
        "guards": [[cache.term_to_data(p), cache.term_to_data(q)] for p, q in rule.guards],
    }


def _rule_from_data(data: dict) -> Rule:
    def text(key: str) -> str:
        value = data[key]
        if not isinstance(value, str):
            raise ValueError(f"cached {key} is not text")
        return value

    return Rule(
        id=text("id"),
        path=Path(text("path")),
        purpose=text("purpose"),
        source=text("source"),
        scope=text("scope"),
        explains=text("explains"),
        checks=tuple(str(c) for c in data["checks"]),
        select=text("select"),
        template=_patterns_from_data(data["template"]),
        premises=_patterns_from_data(data["premises"]),
        negated=tuple(str(n) for n in data["negated"]),
        reads=frozenset(cache.term_from_data(t) for t in data["reads"]),
        reads_negated=frozenset(cache.term_from_data(t) for t in data["reads_negated"]),
        writes=frozenset(cache.term_from_data(t) for t in data["writes"]),
        requires=frozenset(cache.term_from_data(t) for t in data["requires"]),
        mentions=None
        if data["mentions"] is None
        else frozenset(cache.term_from_data(t) for t in data["mentions"]),
        guards=frozenset((cache.term_from_data(p), cache.term_from_data(q)) for p, q in data["guards"]),
    )


def _header(text: str) -> dict[str, str]:
    header: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m and m.group(1) not in header:
            header[m.group(1)] = m.group(2)
    return header


def _predicates(patterns: Iterable[Pattern]) -> set:
    return {p for _, p, _ in patterns}


def _walk(node: object, premises: list[Pattern], negated: list[Pattern]) -> None:
    """Collect BGP triple patterns; patterns under NOT EXISTS / MINUS go to ``negated``; skip subqueries."""
    if not isinstance(node, CompValue):
        return
    if node.name == "BGP":
        premises.extend(tuple(t) for t in node.triples)  # type: ignore[misc]
        return
    if node.name == "Union":
        raise ValueError(
            "a rule must not use UNION outside a subquery (a firing's premises would mix the branches): "
            "split it into one rule per branch, or name the union as a class in the ontology"
        )
    if node.name == "ToMultiSet":  # a subquery: its variables are not all projected, so no premises from it
        _walk_subquery(node.p, negated)
        return
    if node.name == "Minus":
        _walk(node.p1, premises, negated)
        _walk(node.p2, negated, negated)
        return
    if node.name == "Filter":
        _collect_negated(node.expr, negated)
    for key in ("p", "p1", "p2"):
        if key in node:
            _walk(node[key], premises, negated)


def _walk_subquery(node: object, negated: list[Pattern]) -> None:
    """Inside a subquery no premises are recorded, so UNION is allowed there; negations are still collected."""
    if not isinstance(node, CompValue):
        return
    if node.name == "Filter":
        _collect_negated(node.expr, negated)
    for value in node.values():
        if isinstance(value, CompValue):
            _walk_subquery(value, negated)
        elif isinstance(value, list):
            for item in value:
                _walk_subquery(item, negated)


def _collect_negated(expr: object, negated: list[Pattern]) -> None:
    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_NOTEXISTS", "Builtin_EXISTS"):
            triple_patterns(expr.graph, negated)
            return
        for value in expr.values():
            _collect_negated(value, negated)
    elif isinstance(expr, list):
        for value in expr:
            _collect_negated(value, negated)


def _matching_brace(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``{`` at ``start``, skipping strings and IRIs."""
    depth, i, quote = 0, start, ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]):
            i = text.index(">", i)
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("unbalanced braces")


def _as_select(body: str, path: Path) -> str:
    """The rule with its CONSTRUCT template replaced by ``SELECT *`` (the WHERE clause is kept as written)."""
    m = re.search(r"\bCONSTRUCT\s*\{", body, re.IGNORECASE)
    if not m:
        raise RuleError(f"{path}: a rule must be written as CONSTRUCT {{ template }} WHERE {{ ... }}")
    try:
        end = _matching_brace(body, m.end() - 1)
    except ValueError:
        raise RuleError(f"{path}: unbalanced braces in the CONSTRUCT template") from None
    return body[: m.start()] + "SELECT *" + body[end + 1 :]


def _negations(body: str) -> list[str]:
    out = []
    for m in _NEGATION.finditer(body):
        try:
            end = _matching_brace(body, m.end() - 1)
        except ValueError:
            continue
        out.append(" ".join(body[m.start() : end + 1].split()))
    return out


def variable_names(patterns: Iterable[Pattern]) -> set[str]:
    """Names of the variables occurring in some triple patterns."""
    return {str(t) for p in patterns for t in p if isinstance(t, Variable)}
