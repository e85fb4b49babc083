"""Fixtures for the recommend tests: the real KB, loaded once."""

from __future__ import annotations

import pytest

from kb.knowledge_base import KnowledgeBase, load_kb


@pytest.fixture(scope="session")
def real_kb() -> KnowledgeBase:
    return load_kb()
