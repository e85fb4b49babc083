"""The engine on a remote endpoint: `recommend` gives the same answers embedded and on a real server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kb.knowledge_base import KnowledgeBase, connect_kb
from kb.recommend import recommend
from kb.sparql.front import SparqlFront
from kb.sparql.server import OxigraphServer

PROFILES = [
    {
        "age": 35,
        "sex": "female",
        "skin_type": "oily",
        "findings": ["enlarged-pores", "oily-skin"],
        "history": ["sun-exposure"],
        "avoid": ["needles"],
        "pregnant": False,
    },
    {
        "age": 58,
        "sex": "male",
        "skin_type": "normal",
        "findings": ["enlarged-pores", "loss-of-elasticity"],
        "history": ["smoking", "family-history"],
        "avoid": [],
        "max_downtime_days": 2,
    },
    {
        "age": 27,
        "sex": "female",
        "skin_type": "combination",
        "findings": ["enlarged-pores", "acne"],
        "history": [],
        "avoid": ["prescription"],
        "pregnant": True,
    },
]


def canonical(value: Any) -> Any:
    """Sort every list, so that answers are compared regardless of the order a store returns rows in."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items() if k not in ("step", "iteration")}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def answers(result: dict) -> dict:
    """The parts of a recommendation a user sees: ranking, exclusions, causes, advice, explanations."""
    return {
        "ranking": [(r["id"], r["rank"], r["score_text"]) for r in result["recommended"]],
        # the reasoner differs by design: remotely, the inferences are those loaded on the endpoint
        "rest": canonical({k: v for k, v in result.items() if k not in ("trace", "reasoner")}),
        "trace": canonical(result["trace"]),
    }


@pytest.mark.server
@pytest.mark.parametrize("profile", PROFILES, ids=["oily-avoids-needles", "older-smoker", "pregnant-acne"])
def test_recommend_same_on_embedded_and_server(
    profile: dict, ox_kb: KnowledgeBase, oxigraph_server: OxigraphServer
) -> None:
    """The KB read from a real (read-only) Oxigraph server gives the embedded answers."""
    embedded = recommend(profile, kb=ox_kb).to_json()
    remote_kb = connect_kb(oxigraph_server.query_url)
    remote = recommend(profile, kb=remote_kb).to_json()
    assert embedded["recommended"], "the profile should get recommendations"
    assert answers(remote) == answers(embedded)
    assert remote["reasoner"].startswith("remote (") and embedded["reasoner"] == "HermiT"
    # the case graphs were dropped from the private store again
    assert {str(g) for g in remote_kb.store.graph_names()} == {str(g) for g in ox_kb.store.graph_names()}


@pytest.mark.server
def test_cli_recommend_with_endpoint_matches_embedded(porekb_server: SparqlFront, tmp_path) -> None:
    """`porekb recommend --endpoint` (a real child process) gives the embedded ranking."""
    import subprocess
    import sys

    profile = tmp_path / "profile.json"
    profile.write_text(json.dumps(PROFILES[0]))
    cli = [sys.executable, "-m", "kb.cli", "recommend", str(profile), "--format", "json"]
    embedded = json.loads(subprocess.run(cli, capture_output=True, text=True, check=True).stdout)
    remote_args = ["--endpoint", porekb_server.query_url]
    remote = json.loads(subprocess.run(cli + remote_args, capture_output=True, text=True, check=True).stdout)
    assert remote["recommended"], "the remote run should recommend something"
    assert [r["id"] for r in remote["recommended"]] == [r["id"] for r in embedded["recommended"]]
    assert {r["id"] for r in remote["not_recommended"]} == {r["id"] for r in embedded["not_recommended"]}
