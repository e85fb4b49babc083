"""SHACL shapes to SPARQL: one query per (targeted shape, constraint), whose rows are the findings.

Targets: ``sh:targetClass`` (with ``rdfs:subClassOf*``), implicit class targets, ``sh:targetNode``,
``sh:targetSubjectsOf``, ``sh:targetObjectsOf`` and SHACL-AF ``sh:SPARQLTarget``. Constraints: the components in
:mod:`kb.shacl.components`. A targeted shape using anything else goes to :attr:`Plan.fallback` (pySHACL
validates it) with a note naming the component and the shape. Semantics follow pySHACL with
``inference="none"``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from kb.shacl.components import BY_PARAMETER, Translator, Unsupported, sparql_term, untranslated_components
from kb.shacl.findings import local, rule_name, shape_id
from kb.shacl.paths import PathError, ShaclPath, read_path

_ORDER = {p: n for n, p in enumerate(BY_PARAMETER)}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


@dataclass
class Job:
    """One query whose rows are findings of one constraint of one shape."""

    sparql: str
    component: str  # local name, e.g. "MinCountConstraintComponent"
    shape: str  # see kb.shacl.findings.shape_id
    rule: str
    severity: str
    path: ShaclPath | None
    messages: tuple[str, ...]
    has_value: bool  # rows bind ?v; else a node shape's value is its focus, a property shape's is none
    source: Node | None = None  # the shape

    def cannot_match_without(self) -> str | None:
        """The predicate this job's findings need at least one triple of, if any: a constraint on the value
        nodes of a plain predicate path, or a maximum count on it, is never violated without a value there."""
        if self.path is None or not self.path.is_iri:
            return None
        if self.has_value or self.component == "MaxCountConstraintComponent":
            return self.path.iri
        return None


@dataclass
class Plan:
    """The compiled shapes: SPARQL jobs, plus the shapes left to pySHACL and why."""

    jobs: list[Job] = field(default_factory=list)
    fallback: list[Node] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return shapes.value(shape, SH.deactivated) == Literal(True)


def _is_class(shapes: Graph, node: Node) -> bool:
    return (node, RDF.type, RDFS.Class) in shapes or (node, RDF.type, OWL.Class) in shapes


def _translators(shapes: Graph, shape: Node) -> list[tuple[Translator, Node]]:
    """The shape's constraints in a fixed order (registry order, then argument)."""
    found = [(p, arg) for p, arg in shapes.predicate_objects(shape) if p in BY_PARAMETER]
    found.sort(key=lambda pair: (_ORDER[pair[0]], str(pair[1])))
    return [(BY_PARAMETER[p], arg) for p, arg in found]


class Compiler:
    """Turns shapes into SPARQL: a boolean 'conforms' expression per shape, and one query per constraint."""

    def __init__(self, shapes: Graph) -> None:
        self.shapes = shapes
        self.counter = itertools.count()
        self.prologue = self._prologue()
        self._expanding: list[Node] = []  # the shapes being expanded (a recursive shape is left to pySHACL)

    def fresh(self) -> str:
        """A new SPARQL variable."""
        return f"?v{next(self.counter)}"

    def _prologue(self) -> str:
        lines = []
        for decl in self.shapes.objects(None, SH.declare):
            prefix, namespace = self.shapes.value(decl, SH.prefix), self.shapes.value(decl, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: <{namespace}>")
        return "\n".join(sorted(set(lines)))

    def check_supported(self, shape: Node) -> None:
        """:class:`Unsupported`, naming the components, if the shape has a parameter with no translator."""
        missing = untranslated_components(self.shapes, shape)
        if missing:
            raise Unsupported(", ".join(f"sh:{local(c)}" for c in missing))

    def path(self, shape: Node) -> ShaclPath | None:
        """The shape's ``sh:path``, read."""
        node = self.shapes.value(shape, SH.path)
        if node is None:
            return None
        try:
            return read_path(self.shapes, node)
        except PathError as exc:
            raise Unsupported(str(exc)) from exc

    def conforms(self, shape: Node, x: str) -> str:
        """True when ``x`` conforms to ``shape`` (all its constraints and property shapes)."""
        self.check_supported(shape)
        if _deactivated(self.shapes, shape):
            return "true"
        if shape in self._expanding:
            raise Unsupported(f"recursive shape {shape}")
        self._expanding.append(shape)
        try:
            return self._conforms(shape, x)
        finally:
            self._expanding.pop()

    def _conforms(self, shape: Node, x: str) -> str:
        parts = []
        path = self.path(shape)
        for translator, arg in _translators(self.shapes, shape):
            if path is None:
                parts.append(translator.value_ok(self, shape, arg, x))
            else:
                parts.append(translator.nested(self, shape, arg, x, path.sparql()))
        for prop in self.shapes.objects(shape, SH.property):
            if path is None:
                parts.append(self.conforms(prop, x))
            else:  # a property shape's property shapes apply to its values
                y = self.fresh()
                parts.append(
                    f"NOT EXISTS {{ {x} {path.sparql()} {y} . FILTER(!({self.conforms(prop, y)})) }}"
                )
        return "(" + (" && ".join(parts) or "true") + ")"

    def targets(self, shape: Node) -> str | None:
        """A group graph pattern binding ``?this`` to the focus nodes, or None if the shape has no target."""
        g = self.shapes
        parts = [
            f"{{ ?this a/<{RDFS.subClassOf}>* {sparql_term(c)} }}" for c in g.objects(shape, SH.targetClass)
        ]
        if _is_class(g, shape):
            parts.append(f"{{ ?this a/<{RDFS.subClassOf}>* {sparql_term(shape)} }}")
        parts += [f"{{ VALUES ?this {{ {sparql_term(n)} }} }}" for n in g.objects(shape, SH.targetNode)]
        parts += [f"{{ ?this {sparql_term(p)} [] }}" for p in g.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ [] {sparql_term(p)} ?this }}" for p in g.objects(shape, SH.targetObjectsOf)]
        for target in g.objects(shape, SH.target):
            select = g.value(target, SH.select)
            if (target, RDF.type, SH.SPARQLTarget) not in g or select is None:
                raise Unsupported(f"custom target on {shape}")
            parts.append(f"{{ {select} }}")
        if not parts:
            return None
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(parts) + " } }"


def _severity(shapes: Graph, shape: Node) -> str:
    return local(shapes.value(shape, SH.severity) or SH.Violation)


def _messages(shapes: Graph, shape: Node) -> tuple[str, ...]:
    return tuple(sorted(str(m) for m in shapes.objects(shape, SH.message)))


def targeted_shapes(shapes: Graph) -> list[Node]:
    """The shapes with a target (explicit, or implicit: a node shape that is also a class), sorted."""
    found = {s for p in _TARGETS for s in shapes.subjects(p, None)}
    found |= {s for s in shapes.subjects(RDF.type, SH.NodeShape) if _is_class(shapes, s)}
    found |= {s for s in shapes.subjects(RDF.type, SH.PropertyShape) if _is_class(shapes, s)}
    return sorted(found, key=str)


def compile_shapes(shapes: Graph) -> Plan:
    """One SPARQL query per (targeted shape, constraint); untranslated shapes go to ``Plan.fallback``."""
    comp = Compiler(shapes)
    plan = Plan()
    for shape in targeted_shapes(shapes):
        if _deactivated(shapes, shape):
            continue
        try:
            jobs = _shape_jobs(comp, shape)
        except Unsupported as exc:
            plan.fallback.append(shape)
            plan.notes.append(f"{shape}: {exc} (validated by pySHACL)")
            continue
        for job in jobs:
            if comp.prologue:
                job.sparql = comp.prologue + "\n" + job.sparql
        plan.jobs += jobs
    return plan


def _shape_jobs(comp: Compiler, shape: Node) -> list[Job]:
    g = comp.shapes
    targets = comp.targets(shape)
    assert targets is not None
    comp.check_supported(shape)
    if comp.path(shape) is not None:  # a property shape with its own targets
        return _property_jobs(comp, shape, None, targets)
    jobs = []
    for translator, arg in _translators(g, shape):
        query = translator.node_query(comp, shape, arg, targets)
        if query is None:
            continue
        sparql, has_value = query
        jobs.append(
            Job(
                sparql,
                local(translator.component),
                shape_id(g, shape, None),
                rule_name(g, shape, None),
                _severity(g, shape),
                None,
                _messages(g, shape),
                has_value,
                shape,
            )
        )
    for prop in g.objects(shape, SH.property):
        if _deactivated(g, prop):
            continue
        comp.check_supported(prop)
        jobs += _property_jobs(comp, prop, shape, targets)
    return jobs


def _property_jobs(comp: Compiler, prop: Node, parent: Node | None, targets: str) -> list[Job]:
    g = comp.shapes
    path = comp.path(prop)
    if path is None:
        raise Unsupported(f"property shape {prop} without sh:path")
    if g.value(prop, SH.property) is not None:
        raise Unsupported("sh:PropertyConstraintComponent on a property shape")
    ident, rule = shape_id(g, prop, path, parent), rule_name(g, prop, path, parent)
    severity, messages = _severity(g, prop), _messages(g, prop)
    jobs = []
    for translator, arg in _translators(g, prop):
        query = translator.property_query(comp, prop, arg, targets, path.sparql())
        if query is None:
            continue
        sparql, has_value = query
        component = local(translator.component)
        jobs.append(Job(sparql, component, ident, rule, severity, path, messages, has_value, prop))
    return jobs
