"""Fixtures for the browse tests: the real KB, loaded once, and its Turtle read without the engine."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from kb.knowledge_base import KnowledgeBase, load_kb

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


@pytest.fixture(scope="session")
def real_kb() -> KnowledgeBase:
    return load_kb()


@pytest.fixture(scope="session")
def turtle() -> Graph:
    """The asserted KB (TBox and facts), read with rdflib alone, to check the engine's answers against."""
    graph = Graph()
    for path in [ONTOLOGY / "porekb.ttl", *sorted((ONTOLOGY / "facts").glob("*.ttl"))]:
        graph.parse(path, format="turtle")
    return graph
