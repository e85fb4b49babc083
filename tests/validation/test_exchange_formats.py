"""``porekb validate --format shacl|robot-tsv``: read back with tools we did not write (rdflib, the csv module)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Namespace, URIRef

from kb.namespaces import PKB

SH = Namespace("http://www.w3.org/ns/shacl#")
BROKEN = Path(__file__).parent / "invalid" / "downtime-not-a-number.ttl"


def _shacl(text: str) -> tuple[Graph, URIRef]:
    graph = Graph().parse(data=text, format="turtle")
    reports = list(graph.subjects(RDF.type, SH.ValidationReport))
    assert len(reports) == 1
    return graph, reports[0]


def _rows(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    assert reader.fieldnames == ["Level", "Rule Name", "Subject", "Property", "Value"]
    rows = list(reader)
    assert all(r["Level"] in {"ERROR", "WARN", "INFO"} for r in rows)
    return rows


def test_shacl_report_of_the_real_kb_conforms(porekb, seeds: Path) -> None:
    result = porekb("validate", "--sources", seeds, "--format", "shacl")
    assert result.returncode == 0, result.stderr
    graph, report = _shacl(result.stdout)
    assert graph.value(report, SH.conforms).toPython() is True
    assert list(graph.objects(report, SH.result)) == []


def test_shacl_report_of_a_broken_kb(porekb, kb_copy: Path, seeds: Path) -> None:
    (kb_copy / "facts" / "zz-invalid.ttl").write_bytes(BROKEN.read_bytes())
    result = porekb("validate", "--ontology", kb_copy, "--sources", seeds, "--format", "shacl")
    assert result.returncode == 1, result.stderr
    graph, report = _shacl(result.stdout)
    assert graph.value(report, SH.conforms).toPython() is False
    results = list(graph.objects(report, SH.result))
    assert results
    for r in results:  # the properties SHACL requires of every result
        assert (r, RDF.type, SH.ValidationResult) in graph
        assert graph.value(r, SH.resultSeverity) in {SH.Violation, SH.Warning, SH.Info}
        assert graph.value(r, SH.focusNode) is not None
        assert graph.value(r, SH.sourceConstraintComponent) is not None
    microneedling = PKB["treatment-microneedling"]
    shacl_hits = [
        r
        for r in results
        if graph.value(r, SH.focusNode) == microneedling
        and graph.value(r, SH.resultPath) == PKB.downtimeDaysMax
        and graph.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert shacl_hits
    components = {graph.value(r, SH.sourceConstraintComponent) for r in results}
    assert SH.SPARQLConstraintComponent in components  # the QC queries' findings
    assert SH.MaxCountConstraintComponent in components  # the shapes' findings keep their component


def test_robot_tsv_of_a_broken_kb(porekb, kb_copy: Path, seeds: Path) -> None:
    (kb_copy / "facts" / "zz-invalid.ttl").write_bytes(BROKEN.read_bytes())
    result = porekb("validate", "--ontology", kb_copy, "--sources", seeds, "--format", "robot-tsv")
    assert result.returncode == 1, result.stderr
    rows = _rows(result.stdout)
    errors = [r for r in rows if r["Level"] == "ERROR"]
    assert errors and [r["Level"] for r in rows] == sorted(
        (r["Level"] for r in rows), key=["ERROR", "WARN", "INFO"].index
    )
    assert any(
        r["Subject"] == "pkb:treatment-microneedling"
        and r["Property"] == "pkb:downtimeDaysMax"
        and r["Value"] == "one day"
        for r in errors
    ), errors
    assert {"qc/unbacked-triple", "qc/functional-property"} <= {r["Rule Name"] for r in errors}


def test_formats_say_when_the_quote_check_did_not_run(porekb) -> None:
    rows = _rows(porekb("validate", "--format", "robot-tsv").stdout)
    assert [r["Rule Name"] for r in rows if r["Level"] == "INFO"] == ["quotes/not-run"]
    graph, report = _shacl(porekb("validate", "--format", "shacl").stdout)
    assert any("quotes did not run" in str(c) for c in graph.objects(report, RDFS.comment))
    text = porekb("validate").stdout
    assert "NOT RUN: quotes" in text.splitlines()[-1]
