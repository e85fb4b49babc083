"""The warm query sandbox: a snapshot of the KB graphs (never a case graph) loaded once into a locked-down child
that answers query after query, replaced after a kill, with every guarantee of the one-shot child."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from rdflib import Literal, URIRef

from kb.errors import QueryError, QueryRefused, QueryTimeout
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import GRAPH_FACTS, KB_GRAPHS
from kb.sparql.named import bind_params, discover
from kb.sparql.sandbox import QuerySandbox, run_user_query
from kb.sparql.snapshot import is_case_graph, kb_snapshot
from kb.store import make_store
from tests.sparql.test_named import key
from tests.sparql.test_safety import CROSS_COUNT, CROSS_PRODUCT, Listener

CASE_GRAPH = URIRef("urn:porekb:case:0000-test:profile")
PATIENT = URIRef("urn:porekb:case:0000-test:patient")
GRAPHS_QUERY = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def sandbox(ox_kb: KnowledgeBase) -> Iterator[QuerySandbox]:
    box = QuerySandbox.for_kb(ox_kb)
    try:
        yield box
    finally:
        box.close()


@pytest.fixture
def store_with_a_case(ox_kb: KnowledgeBase):
    """A copy of the KB graphs plus a consultation's case graph, as the engine store holds one while rules run."""
    store = make_store("oxigraph")
    for graph in ox_kb.store.graph_names():
        store.add(graph, ox_kb.store.triples(graph))
    store.add(CASE_GRAPH, [(PATIENT, URIRef("https://w3id.org/porekb/age"), Literal(34))])
    return store


def test_case_graphs_never_reach_the_snapshot(store_with_a_case) -> None:
    data = kb_snapshot(store_with_a_case)
    assert b"urn:porekb:case:" not in data
    assert is_case_graph(CASE_GRAPH) and not any(is_case_graph(g) for g in KB_GRAPHS)
    with QuerySandbox(store_with_a_case) as box:
        graphs = {row[0] for row in box.query(GRAPHS_QUERY).rows}
        assert CASE_GRAPH not in graphs and GRAPH_FACTS in graphs
        assert box.query(f"ASK {{ <{PATIENT}> ?p ?o }}").boolean is False
        assert box.query(f"ASK {{ GRAPH <{CASE_GRAPH}> {{ ?s ?p ?o }} }}").boolean is False
    # the one-shot child (the CLI's path) takes the same snapshot
    assert run_user_query(store_with_a_case, f"ASK {{ <{PATIENT}> ?p ?o }}").boolean is False


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_snapshot_holds_every_kb_quad(store: str, request) -> None:
    kb = request.getfixturevalue("ox_kb" if store == "oxigraph" else "rdflib_kb")
    expected = sum(len(kb.store.triples(g)) for g in kb.store.graph_names())
    assert kb_snapshot(kb.store).count(b"\n") == expected


def test_named_questions_answer_as_in_a_fresh_child(ox_kb: KnowledgeBase, sandbox: QuerySandbox) -> None:
    questions = discover(ox_kb.ontology_dir)
    assert len(questions) >= 20
    for name, question in sorted(questions.items()):
        bindings = bind_params(question, {})
        warm = run_user_query(sandbox, question.text, bindings, graphs=KB_GRAPHS, max_rows=100_000)
        assert key(warm) == key(ox_kb.store.query(question.text, bindings, graphs=KB_GRAPHS)), name
    one_shot = run_user_query(ox_kb.store, GRAPHS_QUERY)
    assert key(run_user_query(sandbox, GRAPHS_QUERY)) == key(one_shot)


def test_rdflib_store_is_sandboxed_too(rdflib_kb: KnowledgeBase) -> None:
    with QuerySandbox.for_kb(rdflib_kb) as box:
        rows = box.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graphs=[GRAPH_FACTS]).rows
        assert int(rows[0][0]) == len(rdflib_kb.store.triples(GRAPH_FACTS))


def test_one_child_answers_query_after_query(sandbox: QuerySandbox) -> None:
    before = sandbox.pids()
    assert len(before) == 1
    for _ in range(20):
        assert sandbox.query("ASK { ?s ?p ?o }").boolean is True
    assert sandbox.pids() == before


@pytest.mark.slow
def test_a_runaway_query_is_stopped_and_the_child_replaced(ox_kb: KnowledgeBase) -> None:
    with QuerySandbox.for_kb(ox_kb) as box:
        first = box.pids()
        for query in (CROSS_COUNT, CROSS_PRODUCT):
            started = time.monotonic()
            with pytest.raises(QueryTimeout, match="time limit of 2 s"):
                box.query(query, timeout_s=2, max_rows=10**9)
            assert time.monotonic() - started < 3.5
            assert box.query("ASK { ?s ?p ?o }").boolean is True  # a fresh child, loaded from the snapshot
        assert box.pids() and box.pids() != first


def test_refusals_and_caps_hold(sandbox: QuerySandbox) -> None:
    with pytest.raises(QueryRefused):
        sandbox.query("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(QueryRefused, match="SERVICE"):
        sandbox.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    with pytest.raises(QueryRefused, match="more than 5 rows"):
        sandbox.query(CROSS_PRODUCT, max_rows=5)
    assert len(sandbox.query("SELECT * { ?s ?p ?o } LIMIT 5", max_rows=5).rows) == 5
    with pytest.raises(QueryError, match="syntax error"):
        sandbox.query("SELEC ?x WHERE { }")
    with pytest.raises(QueryError, match="time limit"):
        sandbox.query("ASK {}", timeout_s=0)


def test_the_warm_child_cannot_open_a_connection(sandbox: QuerySandbox) -> None:
    """Defence in depth: SERVICE sent to the child unchecked fails there, and the listener sees nothing."""
    listener = Listener()
    try:
        with pytest.raises(QueryError, match="connection or a file"):
            sandbox.run_checked(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()
    assert sandbox.query("ASK { ?s ?p ?o }").boolean is True


def test_the_warm_child_has_a_memory_limit(ox_kb: KnowledgeBase) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i"
    with QuerySandbox.for_kb(ox_kb, memory_mb=64) as box:
        with pytest.raises(QueryError, match="memory limit of 64 MB"):
            box.query(query, timeout_s=60, max_rows=10**9)
        assert box.query("ASK { ?s ?p ?o }").boolean is True
