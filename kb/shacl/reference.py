"""The reference engine: pySHACL (``inference="none"``), its report read into :class:`Finding` records.

It validates the shapes the compiler does not translate, and is the engine the compiled path is checked against.
"""

from __future__ import annotations

from rdflib import RDF, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.findings import Finding, local, rule_name, shape_id
from kb.shacl.paths import PathError, ShaclPath, read_path


def run_pyshacl(
    data: Graph,
    shapes: Graph,
    *,
    advanced: bool = True,
    inplace: bool = False,
) -> tuple[bool, Graph]:
    """pySHACL's ``(conforms, report graph)``, warnings and infos allowed."""
    from pyshacl import validate  # heavy (about a second to import): only when a shape needs it

    conforms, report, _text = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=advanced,
        inplace=inplace,
        allow_warnings=True,
        allow_infos=True,
    )
    return bool(conforms), report


def pyshacl_findings(data: Graph, shapes: Graph, *, advanced: bool = True) -> list[Finding]:
    """pySHACL's findings as :class:`Finding` records, sorted by key."""
    _conforms, report = run_pyshacl(data, shapes, advanced=advanced)
    return report_findings(report, shapes)


def report_findings(report: Graph, shapes: Graph, *, ordered: bool = True) -> list[Finding]:
    """The top-level results of a SHACL report graph as :class:`Finding` records (sorted by key if ``ordered``).

    Results nested under another result's ``sh:detail`` (pySHACL writes why an ``sh:node`` failed) are left
    out: they explain a finding and are not findings of their own.
    """
    out = []
    details = set(report.objects(None, SH.detail))
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if r in details:
            continue
        path = _path(report, report.value(r, SH.resultPath))
        shape = report.value(r, SH.sourceShape)
        out.append(
            Finding(
                report.value(r, SH.focusNode),  # type: ignore[arg-type]
                local(report.value(r, SH.sourceConstraintComponent)),
                shape_id(shapes, shape, path) if shape is not None else "?",
                local(report.value(r, SH.resultSeverity) or SH.Violation),
                path,
                report.value(r, SH.value),
                tuple(sorted(str(m) for m in report.objects(r, SH.resultMessage))),
                rule_name(shapes, shape, path),
                shape,
            )
        )
    if ordered:
        out.sort(key=lambda f: f.key)
    return out


def _path(report: Graph, node: Node | None) -> ShaclPath | None:
    if node is None:
        return None
    try:
        return read_path(report, node)
    except PathError:
        return ShaclPath("iri", str(node))  # not a path: shown as it is
