"""Fixtures for the SPARQL tests: the real KB in both embedded stores, and real Oxigraph server processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kb.knowledge_base import KnowledgeBase, load_kb
from kb.sparql.front import SparqlFront
from kb.sparql.server import OxigraphServer, dataset_nquads


@pytest.fixture(scope="session")
def ox_kb() -> KnowledgeBase:
    """The real KB in the embedded default store (pyoxigraph)."""
    return load_kb(store="oxigraph")


@pytest.fixture(scope="session")
def rdflib_kb() -> KnowledgeBase:
    """The real KB in rdflib's memory store."""
    return load_kb(store="rdflib")


@pytest.fixture(scope="session")
def oxigraph_server(ox_kb: KnowledgeBase) -> Iterator[OxigraphServer]:
    """A real `oxigraph serve-read-only` process on a free 127.0.0.1 port with the KB; stopped after."""
    server = OxigraphServer(ox_kb.store, timeout_s=2).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def porekb_server(ox_kb: KnowledgeBase) -> Iterator[SparqlFront]:
    """Our own endpoint (`porekb serve`'s front and worker pool) on a free 127.0.0.1 port; stopped after."""
    front = SparqlFront(dataset_nquads(ox_kb.store), port=0, timeout_s=2, workers=2).start()
    try:
        yield front
    finally:
        front.stop()
