"""The rule engine on small hand-made stores: fixed point, justifications, negation, strata, cap."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kb.errors import RuleError
from kb.rules.engine import run_rules, strata
from kb.rules.model import ANY_PREDICATE
from kb.rules.parse import load_rules, parse_rule
from kb.store import make_store

EX = "http://example.org/"
G = URIRef(EX + "graph/data")
OUT = URIRef(EX + "graph/out")


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def write_rule(directory: Path, name: str, rule_id: str, body: str, **header: str) -> Path:
    lines = [f"# id: {rule_id}", f"# purpose: test rule {rule_id}", "# source: test fixture"]
    lines += [f"# {k}: {v}" for k, v in header.items()]
    path = directory / name
    path.write_text("\n".join(lines) + "\nPREFIX ex: <http://example.org/>\n" + body + "\n", encoding="utf-8")
    return path


def family(kind: str = "oxigraph"):
    """A new store holding the parent chain a -> b -> c -> d in graph G."""
    s = make_store(kind)
    s.add(
        G,
        [
            (ex("a"), ex("parent"), ex("b")),
            (ex("b"), ex("parent"), ex("c")),
            (ex("c"), ex("parent"), ex("d")),
        ],
    )
    return s


@pytest.fixture()
def store():
    return family()


def test_recursive_rule_reaches_fixed_point_with_justifications(tmp_path: Path, store) -> None:
    write_rule(tmp_path, "10-base.rq", "T10", "CONSTRUCT { ?x ex:ancestor ?y } WHERE { ?x ex:parent ?y }")
    write_rule(
        tmp_path,
        "20-step.rq",
        "T20",
        "CONSTRUCT { ?x ex:ancestor ?z } WHERE { ?x ex:parent ?y . ?y ex:ancestor ?z }",
    )
    rules = load_rules(tmp_path, use_cache=False)
    out = run_rules(store, rules, read_graphs=(G,), target=OUT)
    derived = set(store.triples(OUT))
    chain = [
        "a",
        "b",
        "c",
        "d",
    ]  # a parent of b, b of c, c of d: every earlier one is an ancestor of every later
    assert derived == {(ex(x), ex("ancestor"), ex(y)) for i, x in enumerate(chain) for y in chain[i + 1 :]}
    (just,) = out.justifications[(ex("a"), ex("ancestor"), ex("d"))]
    assert just.rule_id == "T20"
    assert set(just.premises) == {(ex("a"), ex("parent"), ex("b")), (ex("b"), ex("ancestor"), ex("d"))}
    assert just.binding("y") == ex("b")
    assert out.iterations["T20"] >= 3
    assert [f.step for f in out.firings] == list(range(1, len(out.firings) + 1))


def test_iteration_cap_raises_on_a_rule_without_fixed_point(tmp_path: Path) -> None:
    s = make_store("oxigraph")
    s.add(G, [(ex("x"), ex("n"), Literal(0))])
    write_rule(
        tmp_path,
        "10-count.rq",
        "T-count",
        "CONSTRUCT { ?x ex:n ?m } WHERE { ?x ex:n ?n . BIND (?n + 1 AS ?m) }",
    )
    with pytest.raises(RuleError, match="no fixed point after 5 iterations"):
        run_rules(s, load_rules(tmp_path, use_cache=False), read_graphs=(G,), target=OUT, max_iterations=5)


def test_not_exists_condition_is_recorded(tmp_path: Path, store) -> None:
    store.add(G, [(ex("b"), ex("blocked"), Literal(True))])
    write_rule(
        tmp_path,
        "10-ok.rq",
        "T-ok",
        "CONSTRUCT { ?x ex:ok true } WHERE { ?x ex:parent ?y . FILTER NOT EXISTS { ?x ex:blocked ?b } }",
    )
    out = run_rules(store, load_rules(tmp_path, use_cache=False), read_graphs=(G,), target=OUT)
    subjects = {s for s, _, _ in out.triples}
    assert subjects == {ex("a"), ex("c")}
    just = out.justifications[(ex("a"), ex("ok"), Literal(True))][0]
    assert just.negated == ("NOT EXISTS { ?x ex:blocked ?b }",)


def test_negating_what_the_same_stratum_derives_is_refused(tmp_path: Path) -> None:
    write_rule(
        tmp_path,
        "10-a.rq",
        "T-a",
        "CONSTRUCT { ?x ex:p ?y } WHERE { ?x ex:q ?y . FILTER NOT EXISTS { ?x ex:p ?z } }",
    )
    with pytest.raises(RuleError, match="negates"):
        strata(load_rules(tmp_path, use_cache=False))


def test_strata_follow_file_order(tmp_path: Path) -> None:
    write_rule(tmp_path, "10-a.rq", "T-a", "CONSTRUCT { ?x ex:p ?y } WHERE { ?x ex:q ?y }")
    write_rule(
        tmp_path,
        "20-b.rq",
        "T-b",
        "CONSTRUCT { ?x ex:r ?y } WHERE { ?x ex:p ?y . FILTER NOT EXISTS { ?y ex:s ?x } }",
    )
    write_rule(tmp_path, "30-c.rq", "T-c", "CONSTRUCT { ?x ex:q ?y } WHERE { ?x ex:r ?y }")
    groups = strata(load_rules(tmp_path, use_cache=False))
    assert [[r.id for r in g] for g in groups] == [["T-a", "T-b", "T-c"]]


def test_rule_header_is_required(tmp_path: Path) -> None:
    path = tmp_path / "10-bad.rq"
    path.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(RuleError, match="lacks id, purpose, source"):
        parse_rule(path)


def test_a_select_is_not_a_rule(tmp_path: Path) -> None:
    path = write_rule(tmp_path, "10-sel.rq", "T-sel", "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(RuleError, match="CONSTRUCT"):
        parse_rule(path)


def test_duplicate_rule_ids_are_refused(tmp_path: Path) -> None:
    write_rule(tmp_path, "10-a.rq", "T-same", "CONSTRUCT { ?x ex:p ?y } WHERE { ?x ex:q ?y }")
    write_rule(tmp_path, "20-b.rq", "T-same", "CONSTRUCT { ?x ex:r ?y } WHERE { ?x ex:q ?y }")
    with pytest.raises(RuleError, match="already used"):
        load_rules(tmp_path, use_cache=False)


def test_the_select_keeps_the_where_clause() -> None:
    rule = parse_rule(Path(__file__).parents[2] / "ontology" / "rules" / "40-recommend.rq")
    assert "SELECT *" in rule.select and "CONSTRUCT" not in rule.select
    assert "NOT EXISTS" in rule.select
    assert rule.negated == (
        "NOT EXISTS { ?p pkb:excludedTreatment ?t }",
        "NOT EXISTS { ?p pkb:deferredTreatment ?t }",
    )


def test_every_shipped_rule_has_a_header_and_parses() -> None:
    rules = load_rules(Path(__file__).parents[2] / "ontology" / "rules", use_cache=False)
    assert len(rules) >= 12
    assert all(r.purpose and r.source and r.explains for r in rules)
    assert {r.scope for r in rules} == {"kb", "case"}
    strata(rules)  # the shipped rules stratify


def test_same_rules_on_rdflib_store_give_same_triples(tmp_path: Path, store) -> None:
    write_rule(tmp_path, "10-base.rq", "T10", "CONSTRUCT { ?x ex:ancestor ?y } WHERE { ?x ex:parent ?y }")
    write_rule(
        tmp_path,
        "20-step.rq",
        "T20",
        "CONSTRUCT { ?x ex:ancestor ?z } WHERE { ?x ex:parent ?y . ?y ex:ancestor ?z }",
    )
    rules = load_rules(tmp_path, use_cache=False)
    other = family("rdflib")
    a = run_rules(store, rules, read_graphs=(G,), target=OUT)
    b = run_rules(other, rules, read_graphs=(G,), target=OUT)
    assert set(a.triples) == set(b.triples)


def test_a_rule_requires_only_what_every_solution_matches(tmp_path: Path) -> None:
    path = write_rule(
        tmp_path,
        "10-r.rq",
        "T10",
        "CONSTRUCT { ?x ex:flag ?y } WHERE { ?x ex:parent ?y . OPTIONAL { ?y ex:age ?a } "
        "FILTER NOT EXISTS { ?x ex:banned true } { SELECT ?x WHERE { ?x ex:inSub ?z } } }",
    )
    rule = parse_rule(path)
    assert rule.requires == {ex("parent")}  # not the OPTIONAL, the negation or the subquery


def test_a_rule_whose_required_predicate_is_absent_is_not_queried(tmp_path: Path, store) -> None:
    write_rule(tmp_path, "10-a.rq", "T10", "CONSTRUCT { ?x ex:ancestor ?y } WHERE { ?x ex:parent ?y }")
    write_rule(tmp_path, "20-b.rq", "T20", "CONSTRUCT { ?x ex:marked ?y } WHERE { ?x ex:absent ?y }")
    write_rule(tmp_path, "30-c.rq", "T30", "CONSTRUCT { ?x ex:seen ?y } WHERE { ?x ex:ancestor ?y }")
    rules = load_rules(tmp_path, use_cache=False)
    asked: list[str] = []

    class Counting:  # the real store, recording which rule each query came from
        def __init__(self, inner) -> None:
            self.inner = inner

        def query(self, sparql, bindings=None, *, graphs=None):
            asked.append(next(r.id for r in rules if r.select == sparql))
            return self.inner.query(sparql, bindings, graphs=graphs)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    out = run_rules(Counting(store), rules, read_graphs=(G,), target=OUT, present={ex("parent")})
    assert asked == ["T10", "T30"]  # T30 needs ex:ancestor, which T10 derived first
    plain = family()
    again = run_rules(plain, rules, read_graphs=(G,), target=OUT)
    assert out.triples == again.triples
    assert out.firings == again.firings


def test_a_rule_mentions_every_predicate_it_names_anywhere(tmp_path: Path) -> None:
    path = write_rule(
        tmp_path,
        "10-r.rq",
        "T10",
        "CONSTRUCT { ?x ex:flag ?y } WHERE { ?x ex:parent ?y . OPTIONAL { ?y ex:age ?a } "
        "FILTER NOT EXISTS { ?x ex:banned true } MINUS { ?y ex:gone ?g } "
        "{ SELECT ?x WHERE { ?x ex:inSub ?z } } }",
    )
    rule = parse_rule(path)
    assert rule.mentions == {ex(p) for p in ("parent", "age", "banned", "gone", "inSub")}
    free = write_rule(tmp_path, "20-v.rq", "T20", "CONSTRUCT { ?x ex:any ?v } WHERE { ?x ?p ?v }")
    path_rule = write_rule(
        tmp_path, "30-p.rq", "T30", "CONSTRUCT { ?x ex:far ?v } WHERE { ?x ex:parent/ex:parent ?v }"
    )
    assert ANY_PREDICATE in parse_rule(free).mentions
    assert ANY_PREDICATE in parse_rule(path_rule).mentions


def test_what_nothing_reads_later_is_derived_but_not_stored(tmp_path: Path, store) -> None:
    write_rule(tmp_path, "10-a.rq", "T10", "CONSTRUCT { ?x ex:ancestor ?y } WHERE { ?x ex:parent ?y }")
    write_rule(tmp_path, "20-b.rq", "T20", "CONSTRUCT { ?x ex:unread ?y } WHERE { ?x ex:ancestor ?y }")
    write_rule(tmp_path, "30-c.rq", "T30", "CONSTRUCT { ?x ex:seen ?y } WHERE { ?x ex:ancestor ?y }")
    rules = load_rules(tmp_path, use_cache=False)
    everything = run_rules(store, rules, read_graphs=(G,), target=OUT)
    lean = family()
    out = run_rules(lean, rules, read_graphs=(G,), target=OUT, read_after={ex("seen")})
    assert {p for _, p, _ in everything.triples} == {ex("ancestor"), ex("unread"), ex("seen")}
    assert out.triples == everything.triples  # the same derivation, the same justifications
    assert out.firings == everything.firings
    assert set(store.triples(OUT)) == set(everything.triples)
    # T30 reads ex:ancestor and the caller reads ex:seen; nothing reads ex:unread after T20
    assert {p for _, p, _ in lean.triples(OUT)} == {ex("ancestor"), ex("seen")}


def test_a_later_rule_that_may_read_any_predicate_keeps_everything_stored(tmp_path: Path, store) -> None:
    write_rule(tmp_path, "10-a.rq", "T10", "CONSTRUCT { ?x ex:unread ?y } WHERE { ?x ex:parent ?y }")
    write_rule(tmp_path, "20-b.rq", "T20", "CONSTRUCT { ?x ex:linked ?y } WHERE { ?x ?any ?y }")
    rules = load_rules(tmp_path, use_cache=False)
    run_rules(store, rules, read_graphs=(G,), target=OUT, read_after=())
    assert ex("unread") in {p for _, p, _ in store.triples(OUT)}


def test_a_predicate_read_only_where_another_binds_its_pair_is_guarded(tmp_path: Path) -> None:
    guarded = write_rule(
        tmp_path,
        "10-g.rq",
        "T10",
        "CONSTRUCT { ?x ex:ok ?y } WHERE { ?x ex:cand ?y . FILTER NOT EXISTS { ?x ex:excl ?y } "
        "MINUS { ?x ex:held ?y } }",
    )
    assert parse_rule(guarded).guards == {(ex("excl"), ex("cand")), (ex("held"), ex("cand"))}
    loose = write_rule(
        tmp_path,
        "20-l.rq",
        "T20",
        "CONSTRUCT { ?x ex:ok ?y } WHERE { ?x ex:cand ?y . FILTER NOT EXISTS { ?x ex:excl ?z } "
        "{ SELECT ?x ?y WHERE { ?x ex:held ?y } } }",
    )
    # ?z is not bound by a ex:cand pattern; ex:held is read in a subquery, a scope of its own
    assert parse_rule(loose).guards == frozenset()


def test_a_guarded_predicate_is_stored_only_where_its_guard_was_derived(tmp_path: Path, store) -> None:
    write_rule(tmp_path, "10-c.rq", "T10", "CONSTRUCT { ?x ex:cand ?y } WHERE { ?x ex:parent ?y }")
    write_rule(
        tmp_path, "20-e.rq", "T20", "CONSTRUCT { ?x ex:excl ?z } WHERE { ?x ex:parent ?y . ?y ex:parent ?z }"
    )
    write_rule(
        tmp_path,
        "21-e.rq",
        "T21",
        "CONSTRUCT { ?x ex:excl ?y } WHERE { ?x ex:parent ?y . FILTER (?x = ex:a) }",
    )
    write_rule(
        tmp_path,
        "30-ok.rq",
        "T30",
        "CONSTRUCT { ?x ex:ok ?y } WHERE { ?x ex:cand ?y . FILTER NOT EXISTS { ?x ex:excl ?y } }",
    )
    rules = load_rules(tmp_path, use_cache=False)
    everything = run_rules(store, rules, read_graphs=(G,), target=OUT)
    lean = family()
    out = run_rules(lean, rules, read_graphs=(G,), target=OUT, read_after={ex("ok")}, present={ex("parent")})
    assert out.triples == everything.triples and out.firings == everything.firings
    assert {(s, o) for s, p, o in out.triples if p == ex("ok")} == {(ex("b"), ex("c")), (ex("c"), ex("d"))}
    # every ex:excl is derived (a -> c, b -> d from T20; a -> b from T21), only a -> b, a candidate pair, stored
    assert {(s, o) for s, p, o in out.triples if p == ex("excl")} == {
        (ex("a"), ex("c")),
        (ex("b"), ex("d")),
        (ex("a"), ex("b")),
    }
    assert {(s, o) for s, p, o in lean.triples(OUT) if p == ex("excl")} == {(ex("a"), ex("b"))}
