"""The fast SHACL path (shapes as SPARQL on pyoxigraph) finds exactly what pySHACL finds, on the real KB and on
every broken copy in ``invalid/`` (the scale benchmark checks the same on generated KBs up to 1e6 triples)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.validation import validate

HERE = Path(__file__).parent
CASES = sorted((HERE / "invalid").glob("*.ttl"))


def shacl_findings(ontology: Path, engine: str) -> list[tuple[str, ...]]:
    report = validate(ontology, None, shacl_engine=engine)
    return sorted(
        (r.rule, r.focus or "", r.severity.name, r.path or "", r.value or "", r.message)
        for r in report.results
        if r.check == "shacl"
    )


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_fast_shacl_agrees_with_pyshacl(case: Path, kb_copy: Path) -> None:
    shutil.copy(case, kb_copy / "facts" / case.name)
    assert shacl_findings(kb_copy, "fast") == shacl_findings(kb_copy, "pyshacl")


def test_fast_shacl_reports_a_broken_datatype(kb_copy: Path) -> None:
    shutil.copy(HERE / "invalid" / "downtime-not-a-number.ttl", kb_copy / "facts")
    findings = shacl_findings(kb_copy, "fast")
    assert any(f[0] == "TreatmentShape/downtimeDaysMax" and f[4] == "one day" for f in findings)


def test_unknown_engine_is_a_usage_error() -> None:
    from kb.errors import UsageError

    with pytest.raises(UsageError, match="allowed: auto, pyshacl, fast"):
        validate(None, None, shacl_engine="turbo")


def test_both_engines_word_an_inverse_path_alike(kb_copy: Path) -> None:
    """One adapter, one path wording: a blank property shape on an inverse path reads the same from both engines."""
    with (kb_copy / "shapes" / "kb.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(
            "\npkbsh:InverseProbe a sh:NodeShape ; sh:targetClass pkb:Mechanism ; sh:property "
            "[ sh:path [ sh:inversePath pkb:actsThrough ] ; sh:maxCount 0 ; sh:severity sh:Warning ; "
            'sh:message "probe" ] .\n'
        )
    fast = shacl_findings(kb_copy, "fast")
    probes = [f for f in fast if f[0] == "InverseProbe/actsThrough"]
    assert probes, "the probe shape finds the mechanisms a treatment acts through"
    assert {f[3] for f in probes} == {"^pkb:actsThrough"}
    assert fast == shacl_findings(kb_copy, "pyshacl")


def test_a_shape_the_compiler_does_not_translate_goes_to_pyshacl_and_the_report_says_so(
    kb_copy: Path,
) -> None:
    with (kb_copy / "shapes" / "kb.ttl").open("a", encoding="utf-8") as shapes:
        shapes.write(
            "\npkbsh:ClosedProbe a sh:NodeShape ; sh:targetNode pkb:mechanism-skin-rejuvenation ; "
            'sh:closed true ; sh:ignoredProperties ( rdf:type ) ; sh:severity sh:Warning ; sh:message "probe" .\n'
        )
    report = validate(kb_copy, None, shacl_engine="fast")
    run = next(c for c in report.checks if c.name == "shacl")
    assert run.note == "pkb:shapes/ClosedProbe: sh:ClosedConstraintComponent (validated by pySHACL)"
    probes = [r for r in report.results if r.rule == "ClosedProbe"]
    assert probes and all(r.focus == "pkb:mechanism-skin-rejuvenation" for r in probes)
    assert shacl_findings(kb_copy, "fast") == shacl_findings(kb_copy, "pyshacl")
