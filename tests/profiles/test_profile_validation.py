"""Profiles: valid ones become case triples; invalid ones are refused with errors naming the field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph

from kb.errors import ProfileError
from kb.namespaces import PKB
from kb.profile import parse_profile, profile_codes

INVALID = sorted((Path(__file__).parent / "invalid").glob("*.json"))
ROOT = Path(__file__).parents[2]
VALID = {
    "age": 34,
    "sex": "female",
    "pregnant": False,
    "skin_type": "oily",
    "findings": ["enlarged-pores", "oily-skin"],
    "history": ["hot-climate"],
    "avoid": ["needles"],
    "max_downtime_days": 2,
}


@pytest.mark.parametrize("case", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_profile_is_refused_naming_the_field(real_kb, case: Path) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    with pytest.raises(ProfileError) as info:
        parse_profile(real_kb, spec["profile"])
    issues = info.value.issues
    for expect in spec["expect"]:
        matching = [i for i in issues if i.field == expect["field"]]
        assert matching, f"no issue for field {expect['field']!r}: {issues}"
        if "contains" in expect:
            assert any(expect["contains"] in i.message for i in matching), matching
        if "allowed" in expect:
            assert any(expect["allowed"] in i.allowed for i in matching), matching


def test_valid_profile_becomes_case_triples(real_kb) -> None:
    case = parse_profile(real_kb, VALID)
    objects = {o for _, p, o in case.triples if p == PKB.hasFinding}
    assert objects == {PKB["finding-enlarged-pores"], PKB["finding-oily-skin"]}
    assert (case.iri, PKB.pregnancyStatus, PKB["pregnancy-not-pregnant"]) in case.triples


def test_turtle_profile_is_read_like_json(real_kb) -> None:
    graph = Graph().parse(ROOT / "tests" / "scenarios" / "turtle-profile" / "profile.ttl", format="turtle")
    case = parse_profile(real_kb, graph)
    assert case.data["age"] == 62 and case.data["sex"] == "male"
    assert set(case.data["findings"]) == {"enlarged-pores", "loss-of-elasticity"}
    assert case.data["max_downtime_days"] == 3


def test_profile_codes_come_from_the_kb(real_kb) -> None:
    codes = profile_codes(real_kb)
    assert set(codes) == {
        "findings",
        "history",
        "avoid",
        "sex",
        "skin_type",
        "pregnant",
        "breastfeeding",
        "phototype",
    }
    findings = dict(codes["findings"])
    assert {
        "enlarged-pores",
        "clogged-pores",
        "acne",
        "oily-skin",
        "sun-damage",
        "loss-of-elasticity",
        "fine-lines",
        "redness",
        "discolouration",
        "acne-scars",
        "uneven-texture",
        "thick-hair-follicles",  # the reviews' hair follicle volume (issue 16)
    } == set(findings)
    assert set(dict(codes["avoid"])) == {
        "needles",
        "injections",
        "lasers",
        "prescription",
        "systemic",
        "downtime",
    }
    assert findings["enlarged-pores"] == "enlarged pores"


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", "recommend", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_refuses_a_bad_profile_with_exit_code_1() -> None:
    bad = {"age": -1, "sex": "male", "pregnant": True, "skin_type": "oily", "findings": ["big-pores"]}
    proc = _cli("-", stdin=json.dumps(bad))
    assert proc.returncode == 1
    assert "findings" in proc.stderr and "allowed:" in proc.stderr and "pregnant" in proc.stderr
    assert proc.stdout == ""


def test_cli_unreadable_file_exits_2(tmp_path: Path) -> None:
    proc = _cli(str(tmp_path / "missing.json"))
    assert proc.returncode == 2
    assert "cannot read" in proc.stderr


def test_cli_recommends_in_json(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    proc = _cli(str(path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["recommended"] and data["not_recommended"]


def test_cli_text_starts_with_the_disclaimer_and_prints_cautions(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(VALID), encoding="utf-8")
    proc = _cli(str(path), "--store", "rdflib")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Decision support for clinicians, not a prescription")
    assert "CAUTION: pores may look larger again in hot weather" in proc.stdout
