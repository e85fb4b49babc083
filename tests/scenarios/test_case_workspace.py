"""Where a consultation reasons (kb.case_workspace): the private one-graph copies of the KB reason exactly as the
KB's own graphs do, leave nothing behind, and keep concurrent consultations apart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from kb.case_workspace import CaseWorkspace
from kb.knowledge_base import KnowledgeBase, load_kb
from kb.namespaces import KB_GRAPHS
from kb.profile import read_profile_file
from kb.recommend import recommend

SCENARIOS = sorted(p for p in Path(__file__).parent.iterdir() if (p / "profile.json").is_file())


@pytest.fixture(scope="module")
def shared_kb() -> KnowledgeBase:
    kb = load_kb()
    kb.__dict__["case_workspace"] = CaseWorkspace(kb.store, KB_GRAPHS, private=False)
    return kb


def _kb_triples(kb: KnowledgeBase) -> set:
    return {t for g in KB_GRAPHS for t in kb.store.triples(g)}


def _each_holds_the_kb(workspace: CaseWorkspace, kb: KnowledgeBase) -> bool:
    worlds = workspace.worlds()
    return bool(worlds) and all(w == _kb_triples(kb) for w in worlds)


def test_the_embedded_kb_reasons_in_private_copies(real_kb: KnowledgeBase) -> None:
    space = real_kb.case_workspace
    assert space.private
    assert _each_holds_the_kb(space, real_kb)
    assert not any("case" in str(g) for g in real_kb.store.graph_names())  # the KB's store is never written


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_same_result_as_beside_the_kb_graphs(scenario: Path, real_kb: KnowledgeBase, shared_kb) -> None:
    profile = read_profile_file(scenario / "profile.json")
    ours = recommend(profile, kb=real_kb)
    theirs = recommend(profile, kb=shared_kb)
    assert ours.to_json() == theirs.to_json()
    assert ours.trace == theirs.trace
    assert _each_holds_the_kb(real_kb.case_workspace, real_kb)  # the case was taken out again
    assert set(shared_kb.store.graph_names()) <= set(KB_GRAPHS)  # the shared kind dropped its graphs


def test_concurrent_consultations_do_not_see_each_other(real_kb: KnowledgeBase) -> None:
    profiles = [read_profile_file(s / "profile.json") for s in SCENARIOS[:8]]
    alone = [recommend(p, kb=real_kb).to_json() for p in profiles]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(lambda p: recommend(p, kb=real_kb).to_json(), profiles * 3))
    assert together == alone * 3
    assert _each_holds_the_kb(real_kb.case_workspace, real_kb)


def test_a_consultation_that_fails_drops_its_store(real_kb: KnowledgeBase) -> None:
    workspace = CaseWorkspace(real_kb.store, KB_GRAPHS)
    with pytest.raises(RuntimeError), workspace.open([]) as space:
        space.store.add(space.target, [next(iter(_kb_triples(real_kb)))])
        raise RuntimeError("the rules failed")
    assert workspace.free_stores() == 0  # not given back half-written
    with workspace.open([]):  # the next consultation gets a fresh copy
        pass
    assert workspace.worlds() == [_kb_triples(real_kb)]


def test_a_worn_private_store_is_replaced_by_a_new_one(real_kb: KnowledgeBase) -> None:
    """pyoxigraph's memory store keeps every removed quad, so a store that took cases in and out is renewed."""
    workspace = CaseWorkspace(real_kb.store, KB_GRAPHS, renew_after=3)
    kb = load_kb()
    kb.__dict__["case_workspace"] = workspace
    profile = read_profile_file(SCENARIOS[0] / "profile.json")
    first = recommend(profile, kb=kb).to_json()
    with workspace.open([]) as space:
        worn = space.store
    for _ in range(4):
        assert recommend(profile, kb=kb).to_json() == first
        workspace.wait_for_renewal()
    assert workspace.renewals >= 1
    with workspace.open([]) as space:
        assert space.store is not worn  # the worn store is gone from the pool
        assert space.store.uses < 3
    assert _each_holds_the_kb(workspace, real_kb)


def test_the_kb_store_is_compacted_after_many_shared_consultations() -> None:
    """Shared mode on the embedded store: the quads consultations removed stay in pyoxigraph's memory store, so
    past a share of the KB's size a compacted copy replaces the KB's store, with the same KB in it."""
    kb = load_kb()
    before = _kb_triples(kb)
    workspace = CaseWorkspace(kb.store, KB_GRAPHS, private=False)
    workspace.compact_ratio = 0.01  # a few consultations' worth
    kb.__dict__["case_workspace"] = workspace
    profile = read_profile_file(SCENARIOS[0] / "profile.json")
    first = recommend(profile, kb=kb).to_json()
    native = kb.store.native
    for _ in range(6):
        assert recommend(profile, kb=kb).to_json() == first
        workspace.wait_for_compaction()
    assert workspace.compactions >= 1
    assert kb.store.native is not native  # replaced by the compacted copy
    assert _kb_triples(kb) == before
    assert set(kb.store.graph_names()) <= set(KB_GRAPHS)
    assert recommend(profile, kb=kb).to_json() == first
