"""The profile shapes run compiled to SPARQL (``kb.profile_shacl``) and give pySHACL's issues, field and message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kb.profile import _to_triples  # _to_triples: the case triples before SHACL, issues and all
from kb.profile_shacl import issues, validate_case
from kb.shacl import compile_shapes, report_findings, run_pyshacl


def _profile(path: Path) -> object:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("profile", data) if isinstance(data, dict) and "expect" in data else data


# the invalid profiles and every scenario's profile that is a JSON object (the others are refused before SHACL)
CASES = [
    p
    for p in sorted((Path(__file__).parent / "invalid").glob("*.json"))
    + sorted((Path(__file__).parents[1] / "scenarios").glob("*/profile.json"))
    if isinstance(_profile(p), dict)
]


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_compiled_profile_shapes_give_pyshacls_issues(real_kb, case: Path) -> None:
    data = _profile(case)
    assert isinstance(data, dict)
    tables = real_kb.code_tables
    triples, _issues = _to_triples(URIRef("urn:porekb:test:case"), data, tables)
    shapes = real_kb.profile_shapes
    graph = Graph()
    for t in triples:
        graph.add(t)
    _conforms, report = run_pyshacl(graph, shapes, advanced=False)
    expected = issues(report_findings(report, shapes), shapes, tables)
    assert sorted(validate_case(real_kb, triples, tables), key=repr) == sorted(expected, key=repr)


def test_every_profile_shape_is_compiled(real_kb) -> None:
    plan = compile_shapes(real_kb.profile_shapes)
    assert plan.jobs
    assert plan.fallback == [], plan.notes
