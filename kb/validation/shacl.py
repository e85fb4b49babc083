"""SHACL: the shapes in ``ontology/shapes/kb.ttl`` over the asserted KB, via pySHACL."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import BNode, Node

from kb.store import Triple
from kb.validation.context import Context, curie
from kb.validation.report import Severity, ValidationResult

CHECK = "shacl"
SH = Namespace("http://www.w3.org/ns/shacl#")
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


def _local(node: Node | None) -> str:
    if node is None:
        return ""
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _rule(shapes: Graph, shape: Node | None, path: Node | None) -> str:
    """A readable rule name: the node shape's local name, plus the path for a property shape."""
    if isinstance(shape, URIRef):
        return _local(shape)
    parent = next(iter(shapes.subjects(SH.property, shape)), None) if shape is not None else None
    base = _local(parent) if isinstance(parent, URIRef) else "shape"
    return f"{base}/{_local(path)}" if path is not None else base


def _path_text(path: Node | None, report: Graph) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return curie(str(path))
    inverse = report.value(path, SH.inversePath)
    return f"^{curie(str(inverse))}" if inverse is not None else "(complex path)"


def run(ctx: Context, data: Iterable[Triple]) -> list[ValidationResult]:
    """Validate ``data`` (asserted triples) against the KB shapes; one finding per node, shape and value."""
    shapes_path = ctx.ontology_dir / SHAPES_FILE
    shapes = load_shapes(shapes_path)
    graph = Graph()
    for t in data:
        graph.add(t)
    _conforms, report, _text = pyshacl_validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    merged: dict[tuple, tuple[dict, list[str]]] = {}
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if (
            None,
            SH.detail,
            r,
        ) in report:  # a nested sh:detail explains its parent result; not a finding itself
            continue
        focus, path, value = (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.value),
        )
        shape = report.value(r, SH.sourceShape)
        rule = _rule(shapes, shape, path)
        component = _local(report.value(r, SH.sourceConstraintComponent)).removesuffix("ConstraintComponent")
        key = (focus, rule, path, value if value != focus else None)
        if key in merged:  # one finding per node, shape and value, naming every constraint it breaks
            merged[key][1].append(component)
            continue
        merged[key] = (
            {
                "focus": focus,
                "path": path,
                "value": value,
                "rule": rule,
                "messages": sorted(str(m) for m in report.objects(r, SH.resultMessage)),
                "severity": Severity.parse(str(report.value(r, SH.resultSeverity) or "Violation")),
                "path_text": _path_text(path, report),
            },
            [component],
        )
    results = [_result(ctx, info, components) for info, components in merged.values()]
    results.sort(key=lambda x: (x.file or "", x.line or 0, x.rule))
    return results


def _result(ctx: Context, info: dict, components: list[str]) -> ValidationResult:
    focus, value, path_text = info["focus"], info["value"], info["path_text"]
    text = f"{ctx.show(focus)}: {'; '.join(info['messages']) or 'does not conform'}"
    constraint = ", ".join(sorted(set(components)))
    if path_text:
        text += f" (path {path_text}, constraint {constraint}"
        text += f", value {ctx.show(value)})" if value is not None and value != focus else ")"
    else:
        text += f" (constraint {constraint})"
    file, line = ctx.where(focus)
    return ValidationResult(
        info["severity"],
        CHECK,
        info["rule"],
        text,
        focus=None if isinstance(focus, BNode) else curie(str(focus)),
        focus_label=ctx.label(focus),
        path=path_text,
        value=None if value is None else str(value),
        file=file,
        line=line,
    )
