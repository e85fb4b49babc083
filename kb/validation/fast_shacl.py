"""A fast SHACL path: the KB shapes' core constraints translated to SPARQL and run on pyoxigraph.

pySHACL stays the reference (:mod:`kb.validation.shacl`); this module gives the same findings (the benchmark
and ``tests/benchmarks/test_scale_small.py`` check it) about 10-20x faster on large graphs, because each
constraint becomes one set-oriented query that Oxigraph evaluates natively instead of a Python loop over
focus nodes.

Supported (what ``ontology/shapes/kb.ttl`` uses, and a little more): targets ``sh:targetClass`` (with
``rdfs:subClassOf*``), implicit class targets, ``sh:targetNode``, ``sh:targetSubjectsOf``,
``sh:targetObjectsOf`` and SHACL-AF ``sh:SPARQLTarget``; paths: IRIs, inverse, sequence, alternative and the
``*``/``+``/``?`` paths; constraints ``sh:class``, ``sh:datatype`` (with ill-typed literals),
``sh:nodeKind``, ``sh:minCount``, ``sh:maxCount``, ``sh:in``, ``sh:hasValue``, ``sh:pattern``
(+``sh:flags``), ``sh:minLength``/``sh:maxLength``, ``sh:min/maxIn/Exclusive``, ``sh:languageIn``, and the
logical ``sh:node``, ``sh:or``, ``sh:and``, ``sh:not``, ``sh:xone`` over shapes built from those. A shape
using anything else (``sh:sparql``, ``sh:closed``, ``sh:qualifiedValueShape``, ``sh:uniqueLang``, property
pairs...) is validated by pySHACL instead, restricted to those shapes (``use_shapes``), so the findings stay
complete. Semantics follow pySHACL with ``inference="none"``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kb.terms import from_ox

SH = Namespace("http://www.w3.org/ns/shacl#")
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL_CLASS = URIRef("http://www.w3.org/2002/07/owl#Class")
_WELL_FORMED_CHECK = {
    f"{XSD}{t}"
    for t in (
        "integer",
        "decimal",
        "boolean",
        "double",
        "float",
        "date",
        "dateTime",
        "nonNegativeInteger",
        "positiveInteger",
        "int",
        "long",
    )
}
_NODE_KINDS = {
    SH.IRI: "isIRI({x})",
    SH.BlankNode: "isBlank({x})",
    SH.Literal: "isLiteral({x})",
    SH.BlankNodeOrIRI: "(isBlank({x}) || isIRI({x}))",
    SH.BlankNodeOrLiteral: "(isBlank({x}) || isLiteral({x}))",
    SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))",
}
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
# Parameters this module translates; any other sh: predicate on a shape sends the shape to pySHACL.
_VALUE_PARAMS = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH.hasValue,
    SH.pattern,
    SH.minLength,
    SH.maxLength,
    SH.languageIn,
    SH.node,
    SH["or"],
    SH["and"],
    SH["not"],
    SH.xone,
    *_COMPARISONS,
}
_KNOWN = {
    *_VALUE_PARAMS,
    SH.minCount,
    SH.maxCount,
    SH.path,
    SH.property,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.severity,
    SH.message,
    SH.name,
    SH.description,
    SH.deactivated,
    SH.flags,
    SH.order,
    SH.group,
    SH.defaultValue,
}
_COMPONENT = {
    SH["class"]: "Class",
    SH.datatype: "Datatype",
    SH.nodeKind: "NodeKind",
    SH["in"]: "In",
    SH.hasValue: "HasValue",
    SH.pattern: "Pattern",
    SH.minLength: "MinLength",
    SH.maxLength: "MaxLength",
    SH.languageIn: "LanguageIn",
    SH.node: "Node",
    SH["or"]: "Or",
    SH["and"]: "And",
    SH["not"]: "Not",
    SH.xone: "Xone",
    SH.minInclusive: "MinInclusive",
    SH.maxInclusive: "MaxInclusive",
    SH.minExclusive: "MinExclusive",
    SH.maxExclusive: "MaxExclusive",
    SH.minCount: "MinCount",
    SH.maxCount: "MaxCount",
}


class Unsupported(Exception):
    """A shape uses a feature this module does not translate (pySHACL validates it instead)."""


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result, in a form both validators produce (compare with ``key``)."""

    focus: Node
    component: str  # e.g. "MinCountConstraintComponent"
    shape: str  # the shape's IRI, or "<node shape IRI>/<path>" for a blank property shape
    severity: str  # "Violation", "Warning" or "Info"
    path: str | None = None  # the SPARQL form of the path
    value: Node | None = None
    messages: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        """What identifies the finding (messages excluded: pySHACL writes its own when a shape has none)."""
        return (
            term_key(self.focus),
            self.component,
            self.shape,
            self.severity,
            self.path or "",
            "" if self.value is None else term_key(self.value),
        )


def term_key(node: Node) -> str:
    """A stable text for a term: literals by datatype and value, so that '1.50' and '1.5' (decimal) agree."""
    if isinstance(node, Literal):
        if node.language:
            return f'"{node}"@{node.language.lower()}'
        if node.datatype is not None and not node.ill_typed:
            try:
                return f'"{node.toPython()!r}"^^<{node.datatype}>'
            except Exception:  # pragma: no cover - defensive
                pass
        return node.n3()
    if isinstance(node, BNode):
        return "_:b"  # blank node labels differ between stores
    return node.n3()


def _sparql_term(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"blank node {node} in a constraint")


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))


def sparql_path(shapes: Graph, path: Node) -> str:
    """A SHACL path as a SPARQL 1.1 property path."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if shapes.value(path, RDF.first) is not None:
        return "(" + "/".join(sparql_path(shapes, p) for p in _list(shapes, path)) + ")"
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = shapes.value(path, predicate)
        if inner is not None:
            return "(" + template.format(sparql_path(shapes, inner)) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(sparql_path(shapes, p) for p in _list(shapes, alternatives)) + ")"
    raise Unsupported(f"path {path}")


class _Compiler:
    """Turns shapes into SPARQL: a boolean 'conforms' expression per shape, and one query per constraint."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.counter = itertools.count()
        self.prologue = self._prologue()

    def fresh(self) -> str:
        return f"?v{next(self.counter)}"

    def _prologue(self) -> str:
        lines = []
        for decl in self.shapes.objects(None, SH.declare):
            prefix, namespace = self.shapes.value(decl, SH.prefix), self.shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines)))

    def check_supported(self, shape: Node) -> None:
        for p in self.shapes.predicates(shape, None):
            if str(p).startswith(str(SH)) and p not in _KNOWN:
                raise Unsupported(f"{p} on {shape}")

    # ---------------------------------------------------------------- conforms(x, shape) as SPARQL
    def value_condition(self, param: Node, arg: Node, shape: Node, x: str) -> str:
        """The expression that is true when the value node ``x`` satisfies one constraint parameter."""
        g = self.shapes
        if param == SH["class"]:
            return f"EXISTS {{ {x} a/<{RDFS.subClassOf}>* <{arg}> }}"
        if param == SH.datatype:
            cond = f"(isLiteral({x}) && DATATYPE({x}) = <{arg}>"
            if str(arg) in _WELL_FORMED_CHECK:
                cond += f" && COALESCE(<{arg}>(STR({x})) = {x}, false)"
            return cond + ")"
        if param == SH.nodeKind:
            if arg not in _NODE_KINDS:
                raise Unsupported(f"node kind {arg}")
            return _NODE_KINDS[arg].format(x=x)
        if param == SH["in"]:
            members = [f"sameTerm({x}, {_sparql_term(m)})" for m in _list(g, arg)]
            return "(" + (" || ".join(members) or "false") + ")"
        if param == SH.hasValue:
            return f"sameTerm({x}, {_sparql_term(arg)})"
        if param == SH.pattern:
            flags = g.value(shape, SH.flags)
            extra = f", {_string(str(flags))}" if flags is not None else ""
            return f"(!isBlank({x}) && REGEX(STR({x}), {_string(str(arg))}{extra}))"
        if param == SH.minLength:
            return f"(!isBlank({x}) && STRLEN(STR({x})) >= {int(arg)})"
        if param == SH.maxLength:
            return f"(!isBlank({x}) && STRLEN(STR({x})) <= {int(arg)})"
        if param in _COMPARISONS:
            return f"COALESCE({x} {_COMPARISONS[param]} {_sparql_term(arg)}, false)"
        if param == SH.languageIn:
            tags = [f"langMatches(LANG({x}), {_string(str(t))})" for t in _list(g, arg)]
            return f"(isLiteral({x}) && ({' || '.join(tags) or 'false'}))"
        if param == SH.node:
            return self.conforms(arg, x)
        if param == SH["not"]:
            return f"!({self.conforms(arg, x)})"
        if param == SH["and"]:
            return "(" + " && ".join(self.conforms(s, x) for s in _list(g, arg)) + ")"
        if param == SH["or"]:
            return "(" + " || ".join(self.conforms(s, x) for s in _list(g, arg)) + ")"
        if param == SH.xone:
            return "(" + " + ".join(f"IF({self.conforms(s, x)}, 1, 0)" for s in _list(g, arg)) + " = 1)"
        raise Unsupported(f"{param}")

    def conforms(self, shape: Node, x: str) -> str:
        """True when ``x`` conforms to ``shape`` (all its constraints and property shapes)."""
        g = self.shapes
        self.check_supported(shape)
        if g.value(shape, SH.deactivated) == Literal(True):
            return "true"
        parts = []
        path = g.value(shape, SH.path)
        if path is None:
            for param in _VALUE_PARAMS:
                parts += [self.value_condition(param, arg, shape, x) for arg in g.objects(shape, param)]
        else:
            parts.append(self.property_conforms(shape, path, x))
        parts += [self.conforms(p, x) for p in g.objects(shape, SH.property)]
        return "(" + (" && ".join(parts) or "true") + ")"

    def property_conforms(self, shape: Node, path: Node, x: str) -> str:
        g = self.shapes
        p = sparql_path(g, path)
        parts = []
        for n in g.objects(shape, SH.minCount):
            if int(n) == 1:
                parts.append(f"EXISTS {{ {x} {p} {self.fresh()} }}")
            elif int(n) > 1:
                raise Unsupported("nested sh:minCount > 1")
        for n in g.objects(shape, SH.maxCount):
            a, b = self.fresh(), self.fresh()
            if int(n) == 0:
                parts.append(f"NOT EXISTS {{ {x} {p} {a} }}")
            elif int(n) == 1:
                parts.append(f"NOT EXISTS {{ {x} {p} {a} . {x} {p} {b} . FILTER(!sameTerm({a}, {b})) }}")
            else:
                raise Unsupported("nested sh:maxCount > 1")
        y = self.fresh()
        for param in _VALUE_PARAMS:
            for arg in g.objects(shape, param):
                parts.append(
                    f"NOT EXISTS {{ {x} {p} {y} . FILTER(!({self.value_condition(param, arg, shape, y)})) }}"
                )
        return "(" + (" && ".join(parts) or "true") + ")"

    # ---------------------------------------------------------------- targets
    def targets(self, shape: Node) -> str | None:
        """A group graph pattern binding ``?this`` to the focus nodes, or None if the shape has no target."""
        g = self.shapes
        parts = [f"{{ ?this a/<{RDFS.subClassOf}>* <{c}> }}" for c in g.objects(shape, SH.targetClass)]
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, OWL_CLASS) in g:
            parts.append(f"{{ ?this a/<{RDFS.subClassOf}>* <{shape}> }}")
        parts += [f"{{ VALUES ?this {{ {_sparql_term(n)} }} }}" for n in g.objects(shape, SH.targetNode)]
        parts += [f"{{ ?this <{p}> [] }}" for p in g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ [] <{p}> ?this }}" for p in g.objects(shape, SH.targetObjectsOf)]
        for target in g.objects(shape, SH.target):
            select = g.value(target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
                raise Unsupported(f"custom target on {shape}")
            parts.append(f"{{ {select} }}")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


@dataclass
class _Job:
    """One query whose rows are findings."""

    sparql: str
    component: str
    shape: str
    severity: str
    path: str | None
    messages: tuple[str, ...]
    has_value: bool


@dataclass
class Plan:
    """The compiled shapes: SPARQL jobs, plus the shapes left to pySHACL."""

    jobs: list[_Job] = field(default_factory=list)
    fallback: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _local(node: Node) -> str:
    return str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def shape_id(shapes: Graph, shape: Node, parent: Node | None = None) -> str:
    """The IRI of a shape, or ``<parent>/<path>`` for a blank property shape (blank labels are not stable)."""
    if isinstance(shape, URIRef):
        return str(shape)
    if parent is None:
        parent = next(iter(shapes.subjects(SH.property, shape)), None)
    path = shapes.value(shape, SH.path)
    base = str(parent) if parent is not None else "_"
    return f"{base}/{sparql_path(shapes, path) if path is not None else '?'}"


def compile_shapes(shapes: Graph) -> Plan:
    """One SPARQL query per (targeted shape, constraint); unsupported shapes go to ``Plan.fallback``."""
    comp = _Compiler(shapes)
    plan = Plan()
    targeted = {
        s
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
        for s in shapes.subjects(p, None)
    }
    targeted |= {
        s
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if (s, RDF.type, RDFS.Class) in shapes or (s, RDF.type, OWL_CLASS) in shapes
    }
    for shape in sorted(targeted, key=str):
        if shapes.value(shape, SH.deactivated) == Literal(True):
            continue
        try:
            plan.jobs += _shape_jobs(comp, shape)
        except Unsupported as exc:
            plan.fallback.append(shape)
            plan.notes.append(f"{shape}: {exc} (validated by pySHACL)")
    return plan


def _severity(shapes: Graph, shape: Node) -> str:
    return _local(shapes.value(shape, SH.severity) or SH.Violation)


def _messages(shapes: Graph, shape: Node) -> tuple[str, ...]:
    return tuple(sorted(str(m) for m in shapes.objects(shape, SH.message)))


def _shape_jobs(comp: _Compiler, shape: Node) -> list[_Job]:
    g = comp.shapes
    targets = comp.targets(shape)
    assert targets is not None
    jobs: list[_Job] = []
    comp.check_supported(shape)
    own_path = g.value(shape, SH.path)
    if own_path is not None:  # a property shape with its own targets
        return _property_jobs(comp, shape, None, targets)
    node_id = shape_id(g, shape)
    for param in _VALUE_PARAMS:
        for arg in g.objects(shape, param):
            cond = comp.value_condition(param, arg, shape, "?this")
            jobs.append(
                _Job(
                    f"SELECT DISTINCT ?this WHERE {{ {targets} FILTER(!({cond})) }}",
                    _COMPONENT[param] + "ConstraintComponent",
                    node_id,
                    _severity(g, shape),
                    None,
                    _messages(g, shape),
                    has_value=True,
                )
            )
    for prop in g.objects(shape, SH.property):
        if g.value(prop, SH.deactivated) == Literal(True):
            continue
        comp.check_supported(prop)
        jobs += _property_jobs(comp, prop, shape, targets)
    return jobs


def _property_jobs(comp: _Compiler, prop: Node, parent: Node | None, targets: str) -> list[_Job]:
    g = comp.shapes
    path_node = g.value(prop, SH.path)
    if path_node is None:
        raise Unsupported(f"property shape {prop} without sh:path")
    path = sparql_path(g, path_node)
    ident = shape_id(g, prop, parent)
    severity, messages = _severity(g, prop), _messages(g, prop)
    jobs = []
    for n in g.objects(prop, SH.minCount):
        if int(n) == 1:
            sparql = f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {path} ?v }} }}"
        else:
            sparql = (
                f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?v }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(n)})"
            )
        jobs.append(_Job(sparql, "MinCountConstraintComponent", ident, severity, path, messages, False))
    for n in g.objects(prop, SH.maxCount):
        sparql = (
            f"SELECT ?this WHERE {{ {targets} ?this {path} ?v }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(n)})"
        )
        jobs.append(_Job(sparql, "MaxCountConstraintComponent", ident, severity, path, messages, False))
    for param in _VALUE_PARAMS:
        for arg in g.objects(prop, param):
            if param == SH.hasValue:
                sparql = (
                    f"SELECT ?this WHERE {{ {targets} "
                    f"FILTER NOT EXISTS {{ ?this {path} {_sparql_term(arg)} }} }}"
                )
                jobs.append(
                    _Job(sparql, "HasValueConstraintComponent", ident, severity, path, messages, False)
                )
                continue
            cond = comp.value_condition(param, arg, prop, "?v")
            sparql = f"SELECT DISTINCT ?this ?v WHERE {{ {targets} ?this {path} ?v . FILTER(!({cond})) }}"
            jobs.append(
                _Job(sparql, _COMPONENT[param] + "ConstraintComponent", ident, severity, path, messages, True)
            )
    if comp.prologue:
        for job in jobs:
            job.sparql = comp.prologue + "\n" + job.sparql
    return jobs


@dataclass
class FastReport:
    """The findings, how long each part took, and which shapes pySHACL handled."""

    findings: list[Finding]
    seconds: float
    queries: int
    fallback_shapes: list[str]
    notes: list[str]


def _run_job(store: ox.Store, job: _Job, graph_kwargs: dict[str, object]) -> list[Finding]:
    out = []
    for row in store.query(job.sparql, **graph_kwargs):
        focus = from_ox(row["this"])
        value = None
        if job.has_value:
            value = from_ox(row["v"]) if job.path is not None else focus
        out.append(Finding(focus, job.component, job.shape, job.severity, job.path, value, job.messages))
    return out


def validate_store(
    store: ox.Store,
    shapes: Graph,
    *,
    graphs: Sequence[str] | None = None,
    workers: int = 2,
    rdflib_data: Graph | None = None,
) -> FastReport:
    """Validate the union of ``graphs`` (all graphs if None) of a pyoxigraph store against ``shapes``.

    Shapes this module cannot translate are validated by pySHACL on ``rdflib_data`` (built from the store when
    not given). ``workers`` threads run queries in parallel (pyoxigraph releases the GIL while evaluating).
    """
    started = time.perf_counter()
    plan = compile_shapes(shapes)
    if graphs is None:
        kwargs: dict[str, object] = {"use_default_graph_as_union": True}
    else:
        kwargs = {"default_graph": [ox.NamedNode(str(g)) for g in graphs]}
    findings: list[Finding] = []
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(lambda j: _run_job(store, j, kwargs), plan.jobs):
                findings += part
    else:
        for job in plan.jobs:
            findings += _run_job(store, job, kwargs)
    if plan.fallback:
        data = rdflib_data if rdflib_data is not None else _to_rdflib(store, kwargs)
        findings += pyshacl_findings(data, shapes, use_shapes=plan.fallback)
    findings.sort(key=lambda f: f.key)
    return FastReport(
        findings, time.perf_counter() - started, len(plan.jobs), [str(s) for s in plan.fallback], plan.notes
    )


def _to_rdflib(store: ox.Store, kwargs: dict[str, object]) -> Graph:
    graph = Graph()
    for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", **kwargs):
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
    return graph


def pyshacl_findings(
    data: Graph, shapes: Graph, *, advanced: bool = True, use_shapes: Iterable[Node] | None = None
) -> list[Finding]:
    """pySHACL's findings (inference none) as :class:`Finding` records: the reference for this module."""
    from pyshacl import validate

    options: dict[str, object] = {}
    if use_shapes is not None:
        options["use_shapes"] = list(use_shapes)
    _conforms, report, _text = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=advanced,
        allow_warnings=True,
        allow_infos=True,
        **options,
    )
    return report_findings(report, shapes)


def report_findings(report: Graph, shapes: Graph) -> list[Finding]:
    """The top-level results of a pySHACL report graph as :class:`Finding` records.

    Results nested under another result's ``sh:detail`` (pySHACL writes why an ``sh:node`` failed) are left
    out: they explain a finding and are not findings of their own.
    """
    out = []
    details = set(report.objects(None, SH.detail))
    for r in report.subjects(RDF.type, SH.ValidationResult):
        if r in details:
            continue
        path = report.value(r, SH.resultPath)
        shape = report.value(r, SH.sourceShape)
        out.append(
            Finding(
                report.value(r, SH.focusNode),
                _local(report.value(r, SH.sourceConstraintComponent)),
                shape_id(shapes, shape) if shape is not None else "?",
                _local(report.value(r, SH.resultSeverity) or SH.Violation),
                None if path is None else _path_text(report, path),
                report.value(r, SH.value),
                tuple(sorted(str(m) for m in report.objects(r, SH.resultMessage))),
            )
        )
    out.sort(key=lambda f: f.key)
    return out


def _path_text(report: Graph, path: Node) -> str:
    try:
        return sparql_path(report, path)
    except Unsupported:
        return "(complex path)"


def run(ctx: Any, graphs: Sequence[str], shapes: Graph) -> list[Any]:
    """Drop-in for :func:`kb.validation.shacl.run`: the same kind of ``ValidationResult``, from the fast path.

    ``ctx`` is a :class:`kb.validation.context.Context` whose store holds ``graphs`` (asserted + inferred).
    """
    from kb.validation.context import curie
    from kb.validation.report import Severity, ValidationResult

    report = validate_store(ctx.store.native, shapes, graphs=graphs)
    # one finding per node, shape, path and value, naming every constraint it breaks (as shacl.run does)
    merged: dict[tuple, tuple[Any, list[str]]] = {}
    for f in report.findings:
        key = (f.focus, f.shape, f.path, f.value if f.value != f.focus else None)
        component = f.component.removesuffix("ConstraintComponent")
        if key in merged:
            if component not in merged[key][1]:
                merged[key][1].append(component)
            continue
        merged[key] = (f, [component])
    results = []
    for f, components in merged.values():
        component = ", ".join(components)
        simple = f.path is not None and f.path.startswith("<") and f.path.endswith(">")
        path = curie(f.path[1:-1]) if simple and f.path else f.path
        text = f"{ctx.show(f.focus)}: {'; '.join(f.messages) or 'does not conform'}"
        if f.path:
            text += f" (path {path}, constraint {component}"
            text += f", value {ctx.show(f.value)})" if f.value is not None and f.value != f.focus else ")"
        else:
            text += f" (constraint {component})"
        file, line = ctx.where(f.focus)
        rule = _local(f.shape.split("/<", 1)[0])
        if "/<" in f.shape and f.path:
            rule += f"/{_local(f.path.strip('<>()'))}"
        results.append(
            ValidationResult(
                Severity.parse(f.severity),
                "shacl",
                rule,
                text,
                focus=None if isinstance(f.focus, BNode) else curie(str(f.focus)),
                focus_label=ctx.label(f.focus),
                path=path,
                value=None if f.value is None else str(f.value),
                file=file,
                line=line,
            )
        )
    results.sort(key=lambda x: (x.file or "", x.line or 0, x.rule))
    return results
