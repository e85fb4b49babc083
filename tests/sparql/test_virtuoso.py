"""A second real SPARQL engine: the KB on Virtuoso Open Source gives the embedded store's answers.

Every named question (with no parameters and with its example) and every golden scenario of tests/scenarios
run against a real ``virtuoso-t`` (see :mod:`kb.sparql.virtuoso`) through our :class:`RemoteStore`. Where
Virtuoso writes the same value differently (``1`` for ``true``; a VALUES constant ``"7"^^xsd:decimal`` given
back as ``7``), :mod:`kb.sparql.remote` reads it back as the same term; nothing else is normalised beyond what
``test_named.key`` already does for every store (row order; ``7`` vs ``7.0`` of one decimal).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kb.knowledge_base import KnowledgeBase, connect_kb
from kb.namespaces import KB_GRAPHS
from kb.profile import read_profile_file
from kb.recommend import recommend
from kb.sparql.named import bind_params
from kb.sparql.remote import RemoteStore
from kb.sparql.virtuoso import VirtuosoServer
from kb.store import OxigraphStore
from tests.sparql.test_named import EXAMPLES, QUESTIONS, key, run

SCENARIOS_DIR = Path(__file__).resolve().parent.parent / "scenarios"
SCENARIOS = sorted(p for p in SCENARIOS_DIR.iterdir() if p.is_dir() and (p / "expected.json").is_file())

pytestmark = pytest.mark.virtuoso


def _profile_path(scenario: Path) -> Path:
    return next(scenario / n for n in ("profile.json", "profile.ttl") if (scenario / n).is_file())


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_named_question_same_on_virtuoso(
    name: str, ox_kb: KnowledgeBase, virtuoso_server: VirtuosoServer
) -> None:
    remote = RemoteStore(virtuoso_server.query_url, timeout_s=30)
    query = QUESTIONS[name]
    for params in ({}, EXAMPLES.get(name, {})):
        embedded = run(ox_kb, name, params)
        got = remote.query(query.text, bind_params(query, params), graphs=KB_GRAPHS)
        assert got.kind == embedded.kind
        if "DISTINCT" in query.text.upper():  # a set of rows: Virtuoso 7.2 may repeat one under DISTINCT
            assert set(key(got)) == set(key(embedded)), (name, params)
        else:
            assert key(got) == key(embedded), (name, params)


def test_virtuoso_holds_exactly_the_kb_graphs(ox_kb: KnowledgeBase, virtuoso_server: VirtuosoServer) -> None:
    """The loaded dataset: the same named graphs with the same number of triples (its own graphs left out)."""
    remote = RemoteStore(virtuoso_server.query_url)
    assert set(remote.graph_names()) == set(ox_kb.store.graph_names())
    for graph in ox_kb.store.graph_names():
        assert len(remote.triples(graph)) == len(ox_kb.store.triples(graph)), graph


@pytest.fixture(scope="module")
def remote_kb(virtuoso_server: VirtuosoServer) -> KnowledgeBase:
    """The engine's KB on the Virtuoso endpoint (connected once: it replays the KB-level rules over HTTP)."""
    return connect_kb(virtuoso_server.query_url)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_scenario_same_on_virtuoso(scenario: Path, ox_kb: KnowledgeBase, remote_kb: KnowledgeBase) -> None:
    """recommend() with the KB read from Virtuoso (case graphs in a private local store) gives the golden."""
    profile = read_profile_file(_profile_path(scenario))
    output = recommend(profile, kb=remote_kb).to_json()
    # the reasoner differs by design: remotely, the inferences are those loaded on the endpoint
    assert output.pop("reasoner").startswith("remote (")
    embedded = recommend(profile, kb=ox_kb).to_json()
    assert embedded.pop("reasoner") == "HermiT"
    assert output == embedded
    golden = json.loads((scenario / "expected.json").read_text(encoding="utf-8"))
    golden.pop("reasoner")
    assert output == golden
    assert set(remote_kb.store.graph_names()) == set(ox_kb.store.graph_names()), "case graphs left behind"


def test_virtuoso_dialect_is_read_as_the_same_terms(virtuoso_server: VirtuosoServer) -> None:
    """Stored booleans come back as xsd:boolean 1/0 and bound values in another form; we read them as the terms
    they are. (A boolean *constant in query text* Virtuoso turns into xsd:integer 1/0: not the same term, so
    not normalised; PoreKB's queries bind booleans as parameters instead.)"""
    remote = RemoteStore(virtuoso_server.query_url)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    stored = remote.query(
        "SELECT DISTINCT ?m WHERE { ?c <https://w3id.org/porekb/isModifiable> ?m }", graphs=KB_GRAPHS
    ).rows
    assert sorted(str(m) for (m,) in stored) == ["false", "true"]
    assert all(m.datatype == URIRef(xsd + "boolean") for (m,) in stored)
    constant = remote.query("SELECT ?b WHERE { BIND(true AS ?b) }").rows[0][0]
    assert constant == Literal("1", datatype=URIRef(xsd + "integer"))  # Virtuoso's own reading, kept
    bound = {"d": Literal("7", datatype=URIRef(xsd + "decimal")), "f": Literal(False)}
    rows = remote.query("SELECT ?d ?f WHERE { }", bound).rows
    assert rows == [(bound["d"], bound["f"])]


def test_server_stops_and_removes_its_folder() -> None:
    """A second instance (empty store) starts on its own ports and leaves nothing behind."""
    from tests.sparql.conftest import require_virtuoso

    require_virtuoso()
    with VirtuosoServer(OxigraphStore(), writable=False) as server:
        folder, process = server.workdir, server.process
        assert folder is not None and (folder / "virtuoso.ini").is_file()
        assert RemoteStore(server.query_url).graph_names() == []
    assert process is not None and process.poll() is not None
    assert not folder.exists()
