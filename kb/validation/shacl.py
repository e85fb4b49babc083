"""SHACL: the shapes in ``ontology/shapes/kb.ttl`` over the asserted KB, by either engine of :mod:`kb.shacl`.

``run`` uses pySHACL (the reference), ``run_fast`` the shapes compiled to SPARQL on the KB's pyoxigraph store;
both hand their findings to :func:`results`, the one place that words a finding as a validation result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import BNode, Graph

from kb.shacl import Finding, cached_plan, report_findings, run_pyshacl, validate_store
from kb.store import Triple
from kb.validation.context import Context, curie
from kb.validation.report import Severity, ValidationResult

CHECK = "shacl"
SHAPES_FILE = Path("shapes") / "kb.ttl"
_SHAPES_CACHE: dict[str, Graph] = {}


def load_shapes(path: Path) -> Graph:
    """The parsed shapes graph, reused while the file's bytes do not change."""
    data = path.read_bytes()
    key = hashlib.sha256(data).hexdigest()
    if key not in _SHAPES_CACHE:
        graph = Graph()
        graph.parse(data=data, format="turtle", publicID=path.as_uri())
        _SHAPES_CACHE.clear()
        _SHAPES_CACHE[key] = graph
    return _SHAPES_CACHE[key]


def run(ctx: Context, data: Iterable[Triple]) -> list[ValidationResult]:
    """Validate ``data`` (asserted triples) against the KB shapes with pySHACL."""
    shapes = load_shapes(ctx.ontology_dir / SHAPES_FILE)
    graph = Graph()
    for t in data:
        graph.add(t)
    _conforms, report = run_pyshacl(graph, shapes, inplace=True)
    return results(ctx, report_findings(report, shapes, ordered=False))


def run_fast(ctx: Context, graphs: Sequence[str], shapes: Graph) -> tuple[list[ValidationResult], str]:
    """Validate the store's ``graphs`` with the compiled shapes; the results, and a note naming the shapes (and
    components) that pySHACL validated because the compiler does not translate them ("" if none)."""
    report = validate_store(ctx.store.native, shapes, graphs=graphs, plan=cached_plan(shapes))
    note = "; ".join(_fallback_note(n) for n in report.notes)
    return results(ctx, report.findings), note


def _fallback_note(note: str) -> str:
    shape, _sep, why = note.partition(": ")
    return f"{curie(shape)}: {why}"


def results(ctx: Context, findings: Iterable[Finding]) -> list[ValidationResult]:
    """Findings as validation results: one per node, shape, path and value, naming every constraint it breaks."""
    merged: dict[tuple, tuple[Finding, list[str]]] = {}
    for f in findings:
        key = (f.focus, f.rule, f.path, f.value if f.value != f.focus else None)
        component = f.component.removesuffix("ConstraintComponent")
        if key in merged:
            merged[key][1].append(component)
            continue
        merged[key] = (f, [component])
    out = [_result(ctx, f, components) for f, components in merged.values()]
    out.sort(key=lambda x: (x.file or "", x.line or 0, x.rule))
    return out


def _result(ctx: Context, f: Finding, components: list[str]) -> ValidationResult:
    path = None if f.path is None else f.path.report_words(curie)
    text = f"{ctx.show(f.focus)}: {'; '.join(f.messages) or 'does not conform'}"
    constraint = ", ".join(sorted(set(components)))
    if path:
        text += f" (path {path}, constraint {constraint}"
        text += f", value {ctx.show(f.value)})" if f.value is not None and f.value != f.focus else ")"
    else:
        text += f" (constraint {constraint})"
    file, line = ctx.where(f.focus)
    return ValidationResult(
        Severity.parse(f.severity),
        CHECK,
        f.rule,
        text,
        focus=None if isinstance(f.focus, BNode) else curie(str(f.focus)),
        focus_label=ctx.label(f.focus),
        path=path,
        value=None if f.value is None else str(f.value),
        file=file,
        line=line,
    )
