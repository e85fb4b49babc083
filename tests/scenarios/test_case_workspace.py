"""The case workspace (the KB copied into one graph of a private store) reasons exactly as the KB's own graphs do."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.knowledge_base import CaseWorkspace, KnowledgeBase, load_kb
from kb.namespaces import KB_GRAPHS
from kb.profile import read_profile_file
from kb.recommend import recommend

SCENARIOS = sorted(p for p in Path(__file__).parent.iterdir() if (p / "profile.json").is_file())


@pytest.fixture(scope="module")
def own_graphs_kb(real_kb: KnowledgeBase) -> KnowledgeBase:
    kb = load_kb()
    kb.__dict__["case_workspace"] = CaseWorkspace(kb.store, KB_GRAPHS)
    return kb


def test_the_workspace_is_a_private_copy(real_kb: KnowledgeBase) -> None:
    space = real_kb.case_workspace
    assert space.store is not real_kb.store
    assert len(space.kb_graphs) == 1
    kb_triples = {t for g in KB_GRAPHS for t in real_kb.store.triples(g)}
    assert set(space.store.triples(space.kb_graphs[0])) == kb_triples
    assert space.kb_graphs[0] not in real_kb.store.graph_names()  # user SPARQL never sees the copy


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_same_result_as_on_the_kb_graphs(scenario: Path, real_kb: KnowledgeBase, own_graphs_kb) -> None:
    profile = read_profile_file(scenario / "profile.json")
    ours = recommend(profile, kb=real_kb)
    theirs = recommend(profile, kb=own_graphs_kb)
    assert ours.to_json() == theirs.to_json()
    assert ours.trace == theirs.trace
