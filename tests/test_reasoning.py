"""The OWL reasoner: HermiT infers what was not asserted, reports inconsistency and unsatisfiable classes, and
the pure-Python fallback runs (with a warning) when Java is not on the PATH."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from kb.classification_cache import load_classification
from kb.kb_files import kb_files
from kb.namespaces import PKB
from kb.reasoning import classify, java_available

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"
INVALID = REPO / "tests" / "validation" / "invalid"
MICRONEEDLING = PKB["treatment-microneedling"]

# A minimal A-box: microneedling acts through collagen induction and uses needles; its types are NOT asserted.
FIXTURE = """
@prefix pkb: <https://w3id.org/porekb/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
pkb:treatment-microneedling a pkb:MechanicalTreatment, owl:NamedIndividual ;
    pkb:actsThrough pkb:mechanism-collagen-induction ; pkb:hasFeature pkb:feature-needles ;
    pkb:downtimeDaysMax 3.0 .
pkb:mechanism-collagen-induction a pkb:Mechanism, owl:NamedIndividual .
pkb:feature-needles a pkb:TreatmentFeature, owl:NamedIndividual .
pkb:cause-genetics a pkb:Cause, owl:NamedIndividual ; pkb:isModifiable false .
"""


def tbox_with(*turtle: str) -> Graph:
    """The real TBox plus extra Turtle."""
    graph = Graph().parse(ONTOLOGY / "porekb.ttl")
    for text in turtle:
        graph.parse(data=text, format="turtle")
    return graph


def overlay(name: str) -> str:
    return (INVALID / name).read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POREKB_CACHE", str(tmp_path / "cache"))


def test_java_is_installed_here() -> None:
    assert java_available(), "HermiT needs Java 17 on the PATH"


def test_hermit_infers_types_that_were_not_asserted() -> None:
    graph = tbox_with(FIXTURE)
    assert (MICRONEEDLING, RDF.type, PKB.CollagenInducingTreatment) not in graph
    result = classify(graph, reasoner="hermit")
    assert result.reasoner == "HermiT" and result.consistent and not result.unsatisfiable
    inferred = set(result.inferred)
    assert (MICRONEEDLING, RDF.type, PKB.CollagenInducingTreatment) in inferred
    assert (MICRONEEDLING, RDF.type, PKB.NeedleTreatment) in inferred
    assert (MICRONEEDLING, RDF.type, PKB.DowntimeTreatment) in inferred  # a datatype restriction (> 1 day)
    assert (PKB["cause-genetics"], RDF.type, PKB.NonModifiableCause) in inferred
    assert (MICRONEEDLING, RDF.type, PKB.LaserUsingTreatment) not in inferred


def test_real_kb_classifies_microneedling() -> None:
    files = kb_files(ONTOLOGY)
    graph = Graph()
    for f in files:
        graph.parse(data=f.data, format="turtle")
    assert (MICRONEEDLING, RDF.type, PKB.NeedleTreatment) not in graph
    result = load_classification(files, list(graph), reasoner="hermit", use_cache=False)
    assert result.consistent and not result.unsatisfiable
    assert {
        (MICRONEEDLING, RDF.type, PKB.CollagenInducingTreatment),
        (MICRONEEDLING, RDF.type, PKB.NeedleTreatment),
    } <= set(result.inferred)


def test_hermit_reports_an_inconsistency() -> None:
    result = classify(tbox_with(FIXTURE, overlay("inconsistent-individual.ttl")), reasoner="hermit")
    assert not result.consistent


def test_hermit_reports_an_unsatisfiable_class() -> None:
    result = classify(tbox_with(FIXTURE, overlay("unsatisfiable-class.ttl")), reasoner="hermit")
    assert result.consistent
    assert URIRef(PKB.SelfInflictedTreatment) in result.unsatisfiable


def test_owlrl_infers_the_hasvalue_classes_and_no_false_unsatisfiable() -> None:
    result = classify(tbox_with(FIXTURE), reasoner="owlrl")
    assert result.consistent and result.unsatisfiable == []  # owl:Nothing itself is not reported
    assert (MICRONEEDLING, RDF.type, PKB.NeedleTreatment) in set(result.inferred)
    assert (MICRONEEDLING, RDF.type, PKB.CollagenInducingTreatment) in set(result.inferred)


def _path_without_java(tmp_path: Path) -> str:
    """PATH with the virtualenv but no folder that holds a ``java`` executable."""
    keep = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and not (Path(p) / "java").exists()]
    keep.insert(0, str(Path(sys.executable).parent))
    path = os.pathsep.join(keep)
    assert shutil.which("java", path=path) is None
    return path


def test_validate_without_java_falls_back_with_a_warning(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": _path_without_java(tmp_path),
        "POREKB_CACHE": str(tmp_path / "cache"),
        "JAVA_HOME": "",
    }
    result = subprocess.run(
        [str(Path(sys.executable).parent / "porekb"), "validate", "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=240,
        check=False,
    )
    report = json.loads(result.stdout)
    fallback = [r for r in report["results"] if r["rule"] == "reasoner-fallback"]
    assert fallback and fallback[0]["severity"] == "warning"
    assert "Java was not found" in fallback[0]["message"]
    owl = next(c for c in report["checks"] if c["name"] == "owl")
    assert owl["note"].startswith("owlrl") and owl["status"] == "passed with warnings"
    assert result.returncode in (0, 1)  # the fallback alone is a warning, never an error
    assert not [r for r in report["results"] if r["check"] == "owl" and r["severity"] == "error"]


def _conclusions(result) -> tuple:
    return (
        [r.id for r in result.recommended],
        [d.id for d in result.deferred],
        sorted((n.id, len(n.why_not)) for n in result.not_recommended),
        [c.id for c in result.causes],
        [a.id for a in result.advice],
    )


def test_fallback_reasoner_reaches_the_same_conclusions_as_hermit_on_every_scenario() -> None:
    """Without Java the conclusions must not change: owlrl plus the datatype-facet realisation on every scenario."""
    import warnings

    from kb.knowledge_base import load_kb
    from kb.profile import read_profile_file
    from kb.recommend import recommend

    hermit = load_kb(reasoner="hermit")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fallback = load_kb(reasoner="owlrl")
    assert any("HermiT cannot run" in str(w.message) for w in caught)  # every run without HermiT warns
    assert hermit.classification.reasoner == "HermiT" and fallback.classification.reasoner.startswith("owlrl")
    profiles = sorted((REPO / "tests" / "scenarios").glob("*/profile.*"))
    assert len(profiles) >= 30
    for path in profiles:
        profile = read_profile_file(path)
        a, b = recommend(profile, kb=hermit), recommend(profile, kb=fallback)
        assert _conclusions(a) == _conclusions(b), path.parent.name
        assert b.to_json()["reasoner"].startswith("owlrl")
