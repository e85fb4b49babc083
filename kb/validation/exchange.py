"""A validation report in the formats other tools read: a W3C SHACL ``sh:ValidationReport`` (Turtle) and ROBOT's
report table (TSV with the columns Level, Rule Name, Subject, Property, Value). A check that did not run (the quote
check without ``--sources``) is an ``rdfs:comment`` on the SHACL report and an INFO row of the table.

Every finding of every check is a result: SHACL findings keep their constraint component; QC findings are
SPARQL-based constraints (``sh:SPARQLConstraintComponent``); syntax, quote and OWL findings name their check in
``sh:sourceShape`` (``https://w3id.org/porekb/validation/<check>/<rule>``). As in SHACL, ``sh:conforms`` is true
only when there is no result at all (a warning makes it false; the exit code still fails on errors only).
"""

from __future__ import annotations

import csv
import io
import re

from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from kb.namespaces import PREFIXES, SH, VOCAB
from kb.validation.report import Severity, Status, ValidationReport, ValidationResult

VALIDATION = Namespace("https://w3id.org/porekb/validation/")
ROBOT_COLUMNS = ("Level", "Rule Name", "Subject", "Property", "Value")
_SH_SEVERITY = {Severity.ERROR: SH.Violation, Severity.WARNING: SH.Warning, Severity.INFO: SH.Info}
_ROBOT_LEVEL = {Severity.ERROR: "ERROR", Severity.WARNING: "WARN", Severity.INFO: "INFO"}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
_CONSTRAINT = re.compile(r"constraint (\w+)")


def _expand(text: str | None) -> URIRef | None:
    """``pkb:x`` or ``<iri>`` as an IRI (None for anything else, e.g. a path expression)."""
    if not text:
        return None
    if text.startswith("<") and text.endswith(">") and " " not in text:
        return URIRef(text[1:-1])
    prefix, sep, local = text.partition(":")
    if sep and prefix in PREFIXES and " " not in local and not local.startswith("//"):
        return URIRef(VOCAB.expand(text))
    if text.startswith(("http://", "https://")) and " " not in text:
        return URIRef(text)
    return None


def _component(result: ValidationResult) -> URIRef:
    if result.check == "shacl":
        match = _CONSTRAINT.search(result.message)
        if match:
            return SH[f"{match.group(1)}ConstraintComponent"]
    if result.check == "qc":
        return SH.SPARQLConstraintComponent
    return VALIDATION[result.check]


def _ordered(report: ValidationReport) -> list[ValidationResult]:
    return sorted(report.results, key=lambda r: _ORDER[r.severity])


def shacl_report(report: ValidationReport) -> Graph:
    """The report as an RDF graph in the SHACL validation report vocabulary."""
    graph = Graph()
    graph.bind("sh", SH)
    graph.bind("pkbv", VALIDATION)
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationReport))
    graph.add((node, SH.conforms, Literal(not report.results)))
    for c in report.checks:
        if report.status(c.name) is Status.NOT_RUN:
            graph.add((node, RDFS.comment, Literal(f"check {c.name} did not run: {c.note}")))
    for r in _ordered(report):
        result = BNode()
        graph.add((node, SH.result, result))
        graph.add((result, RDF.type, SH.ValidationResult))
        graph.add((result, SH.resultSeverity, _SH_SEVERITY[r.severity]))
        focus = _expand(r.focus) or Literal(r.where or r.file or "(the knowledge base)")
        graph.add((result, SH.focusNode, focus))
        graph.add((result, SH.sourceConstraintComponent, _component(r)))
        graph.add((result, SH.sourceShape, VALIDATION[f"{r.check}/{r.rule}"]))
        graph.add((result, SH.resultMessage, Literal(r.message + (f" ({r.where})" if r.where else ""))))
        path = _expand(r.path)
        if path is not None:
            graph.add((result, SH.resultPath, path))
        if r.value is not None:
            graph.add((result, SH.value, _expand(r.value) or Literal(r.value)))
    return graph


def render_shacl(report: ValidationReport) -> str:
    """The SHACL validation report as Turtle."""
    return shacl_report(report).serialize(format="turtle")


def render_robot_tsv(report: ValidationReport) -> str:
    """ROBOT's report table: one row a finding, errors first; Value is the offending value, else the message."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(ROBOT_COLUMNS)
    for r in _ordered(report):
        subject = r.focus or r.where or r.file or ""
        value = r.value if r.value is not None else r.message
        writer.writerow([_ROBOT_LEVEL[r.severity], f"{r.check}/{r.rule}", subject, r.path or "", value])
    for c in report.checks:  # a check that did not run is said, never passed over in silence
        if report.status(c.name) is Status.NOT_RUN:
            writer.writerow(["INFO", f"{c.name}/not-run", "", "", f"check {c.name} did not run: {c.note}"])
    return out.getvalue()
