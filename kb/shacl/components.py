"""One translator per SHACL Core constraint component: the SPARQL that says a value node satisfies it.

The compiler (:mod:`kb.shacl.compiler`) looks a shape's parameters up in :data:`TRANSLATORS` (by component)
and :data:`BY_PARAMETER` (by parameter); a shape whose parameters are not all here is validated by pySHACL,
and :data:`UNTRANSLATED` names the component for the report. Each translator cites the section of the SHACL
Recommendation it implements; the W3C test suite (``tests/validation/w3c``) checks each one.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node


class Unsupported(Exception):
    """A shape uses something the compiler does not translate (pySHACL validates that shape instead)."""


class Compiling(Protocol):
    """What a translator needs from the compiler."""

    shapes: Graph

    def fresh(self) -> str:
        """A new SPARQL variable."""
        ...

    def conforms(self, shape: Node, x: str) -> str:
        """The expression true when ``x`` conforms to ``shape``."""
        ...


def sparql_term(node: Node) -> str:
    """A constant in a query: an IRI or a literal (a blank node cannot be named in SPARQL)."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"blank node {node} in a constraint")


def sparql_string(text: str) -> str:
    """A SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def members(graph: Graph, head: Node) -> list[Node]:
    """The members of an RDF list."""
    return list(Collection(graph, head))


class Translator:
    """A constraint component: its parameter, and the SPARQL for 'value node ``x`` satisfies it'.

    ``path_level`` components (counts, property ``sh:hasValue``) constrain the set of values at a path rather
    than each value, and override :meth:`property_query` and :meth:`nested`.
    """

    component: URIRef
    parameter: URIRef
    path_level = False

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        """True when the value node ``x`` satisfies the constraint."""
        raise Unsupported(f"{self.component} on a node shape")

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        """True when the focus ``x`` satisfies the constraint on its values at ``path`` (inside another shape)."""
        y = c.fresh()
        return f"NOT EXISTS {{ {x} {path} {y} . FILTER(!({self.value_ok(c, shape, arg, y)})) }}"

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool]:
        """A query whose rows (``?this``, and ``?v`` when the flag is true) are the findings at ``path``."""
        cond = self.value_ok(c, shape, arg, "?v")
        return f"SELECT DISTINCT ?this ?v WHERE {{ {targets} ?this {path} ?v . FILTER(!({cond})) }}", True


class ClassT(Translator):
    """sh:class, https://www.w3.org/TR/shacl/#ClassConstraintComponent (instances via rdfs:subClassOf*)."""

    component, parameter = SH.ClassConstraintComponent, SH["class"]

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return f"EXISTS {{ {x} a/<{RDFS.subClassOf}>* {sparql_term(arg)} }}"


# datatypes whose lexical form is checked (an ill-typed literal does not conform)
_WELL_FORMED_CHECK = {
    XSD[t]
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


class DatatypeT(Translator):
    """sh:datatype, https://www.w3.org/TR/shacl/#DatatypeConstraintComponent (ill-typed literals fail)."""

    component, parameter = SH.DatatypeConstraintComponent, SH.datatype

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        cond = f"(isLiteral({x}) && DATATYPE({x}) = <{arg}>"
        if arg in _WELL_FORMED_CHECK:
            cond += f" && COALESCE(<{arg}>(STR({x})) = {x}, false)"
        return cond + ")"


_NODE_KINDS = {
    SH.IRI: "isIRI({x})",
    SH.BlankNode: "isBlank({x})",
    SH.Literal: "isLiteral({x})",
    SH.BlankNodeOrIRI: "(isBlank({x}) || isIRI({x}))",
    SH.BlankNodeOrLiteral: "(isBlank({x}) || isLiteral({x}))",
    SH.IRIOrLiteral: "(isIRI({x}) || isLiteral({x}))",
}


class NodeKindT(Translator):
    """sh:nodeKind, https://www.w3.org/TR/shacl/#NodeKindConstraintComponent."""

    component, parameter = SH.NodeKindConstraintComponent, SH.nodeKind

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        if arg not in _NODE_KINDS:
            raise Unsupported(f"node kind {arg}")
        return _NODE_KINDS[arg].format(x=x)


class InT(Translator):
    """sh:in, https://www.w3.org/TR/shacl/#InConstraintComponent."""

    component, parameter = SH.InConstraintComponent, SH["in"]

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        options = [f"sameTerm({x}, {sparql_term(m)})" for m in members(c.shapes, arg)]
        return "(" + (" || ".join(options) or "false") + ")"


class HasValueT(Translator):
    """sh:hasValue, https://www.w3.org/TR/shacl/#HasValueConstraintComponent (some value at the path is it)."""

    component, parameter = SH.HasValueConstraintComponent, SH.hasValue
    path_level = True

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return f"sameTerm({x}, {sparql_term(arg)})"

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        return f"EXISTS {{ {x} {path} {sparql_term(arg)} }}"

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool]:
        return (
            f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {path} {sparql_term(arg)} }} }}",
            False,
        )


class PatternT(Translator):
    """sh:pattern with sh:flags, https://www.w3.org/TR/shacl/#PatternConstraintComponent."""

    component, parameter = SH.PatternConstraintComponent, SH.pattern

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        flags = c.shapes.value(shape, SH.flags)
        extra = f", {sparql_string(str(flags))}" if flags is not None else ""
        return f"(!isBlank({x}) && REGEX(STR({x}), {sparql_string(str(arg))}{extra}))"


class MinLengthT(Translator):
    """sh:minLength, https://www.w3.org/TR/shacl/#MinLengthConstraintComponent."""

    component, parameter = SH.MinLengthConstraintComponent, SH.minLength
    operator = ">="

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return f"(!isBlank({x}) && STRLEN(STR({x})) {self.operator} {int(arg)})"


class MaxLengthT(MinLengthT):
    """sh:maxLength, https://www.w3.org/TR/shacl/#MaxLengthConstraintComponent."""

    component, parameter = SH.MaxLengthConstraintComponent, SH.maxLength
    operator = "<="


class MinInclusiveT(Translator):
    """sh:minInclusive, https://www.w3.org/TR/shacl/#MinInclusiveConstraintComponent."""

    component, parameter = SH.MinInclusiveConstraintComponent, SH.minInclusive
    operator = ">="

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return f"COALESCE({x} {self.operator} {sparql_term(arg)}, false)"


class MaxInclusiveT(MinInclusiveT):
    """sh:maxInclusive, https://www.w3.org/TR/shacl/#MaxInclusiveConstraintComponent."""

    component, parameter = SH.MaxInclusiveConstraintComponent, SH.maxInclusive
    operator = "<="


class MinExclusiveT(MinInclusiveT):
    """sh:minExclusive, https://www.w3.org/TR/shacl/#MinExclusiveConstraintComponent."""

    component, parameter = SH.MinExclusiveConstraintComponent, SH.minExclusive
    operator = ">"


class MaxExclusiveT(MinInclusiveT):
    """sh:maxExclusive, https://www.w3.org/TR/shacl/#MaxExclusiveConstraintComponent."""

    component, parameter = SH.MaxExclusiveConstraintComponent, SH.maxExclusive
    operator = "<"


class LanguageInT(Translator):
    """sh:languageIn, https://www.w3.org/TR/shacl/#LanguageInConstraintComponent."""

    component, parameter = SH.LanguageInConstraintComponent, SH.languageIn

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        tags = [f"langMatches(LANG({x}), {sparql_string(str(t))})" for t in members(c.shapes, arg)]
        return f"(isLiteral({x}) && ({' || '.join(tags) or 'false'}))"


class NodeT(Translator):
    """sh:node, https://www.w3.org/TR/shacl/#NodeConstraintComponent."""

    component, parameter = SH.NodeConstraintComponent, SH.node

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return c.conforms(arg, x)


class NotT(Translator):
    """sh:not, https://www.w3.org/TR/shacl/#NotConstraintComponent."""

    component, parameter = SH.NotConstraintComponent, SH["not"]

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return f"!({c.conforms(arg, x)})"


class AndT(Translator):
    """sh:and, https://www.w3.org/TR/shacl/#AndConstraintComponent."""

    component, parameter = SH.AndConstraintComponent, SH["and"]
    joiner = " && "

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        parts = [c.conforms(s, x) for s in members(c.shapes, arg)]
        return "(" + (self.joiner.join(parts) or self.empty) + ")"

    empty = "true"


class OrT(AndT):
    """sh:or, https://www.w3.org/TR/shacl/#OrConstraintComponent."""

    component, parameter = SH.OrConstraintComponent, SH["or"]
    joiner, empty = " || ", "false"


class XoneT(Translator):
    """sh:xone, https://www.w3.org/TR/shacl/#XoneConstraintComponent (exactly one member shape conforms)."""

    component, parameter = SH.XoneConstraintComponent, SH.xone

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        counts = [f"IF({c.conforms(s, x)}, 1, 0)" for s in members(c.shapes, arg)]
        return "(" + (" + ".join(counts) or "0") + " = 1)"


class MinCountT(Translator):
    """sh:minCount, https://www.w3.org/TR/shacl/#MinCountConstraintComponent."""

    component, parameter = SH.MinCountConstraintComponent, SH.minCount
    path_level = True

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        if int(arg) <= 0:
            return "true"
        if int(arg) == 1:
            return f"EXISTS {{ {x} {path} {c.fresh()} }}"
        raise Unsupported("nested sh:minCount > 1")

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool]:
        if int(arg) == 1:
            return f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {path} ?v }} }}", False
        return (
            f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?v }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(arg)})"
        ), False


class MaxCountT(Translator):
    """sh:maxCount, https://www.w3.org/TR/shacl/#MaxCountConstraintComponent."""

    component, parameter = SH.MaxCountConstraintComponent, SH.maxCount
    path_level = True

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        a, b = c.fresh(), c.fresh()
        if int(arg) == 0:
            return f"NOT EXISTS {{ {x} {path} {a} }}"
        if int(arg) == 1:
            return f"NOT EXISTS {{ {x} {path} {a} . {x} {path} {b} . FILTER(!sameTerm({a}, {b})) }}"
        raise Unsupported("nested sh:maxCount > 1")

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool]:
        return (
            f"SELECT ?this WHERE {{ {targets} ?this {path} ?v }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(arg)})"
        ), False


_ALL: tuple[Translator, ...] = (
    ClassT(),
    DatatypeT(),
    NodeKindT(),
    InT(),
    HasValueT(),
    PatternT(),
    MinLengthT(),
    MaxLengthT(),
    LanguageInT(),
    NodeT(),
    OrT(),
    AndT(),
    NotT(),
    XoneT(),
    MinInclusiveT(),
    MaxInclusiveT(),
    MinExclusiveT(),
    MaxExclusiveT(),
    MinCountT(),
    MaxCountT(),
)
TRANSLATORS: dict[URIRef, Translator] = {t.component: t for t in _ALL}
BY_PARAMETER: dict[URIRef, Translator] = {t.parameter: t for t in _ALL}

# sh: predicates on a shape that are not constraints: targets, paths, nesting, severity and annotations
NON_CONSTRAINTS = {
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

# the parameters of the SHACL Core components the compiler leaves to pySHACL, by component
UNTRANSLATED: dict[URIRef, URIRef] = {
    SH.closed: SH.ClosedConstraintComponent,
    SH.ignoredProperties: SH.ClosedConstraintComponent,
    SH.equals: SH.EqualsConstraintComponent,
    SH.disjoint: SH.DisjointConstraintComponent,
    SH.lessThan: SH.LessThanConstraintComponent,
    SH.lessThanOrEquals: SH.LessThanOrEqualsConstraintComponent,
    SH.uniqueLang: SH.UniqueLangConstraintComponent,
    SH.qualifiedMinCount: SH.QualifiedMinCountConstraintComponent,
    SH.qualifiedMaxCount: SH.QualifiedMaxCountConstraintComponent,
    SH.sparql: SH.SPARQLConstraintComponent,
}


# parameters that only qualify another untranslated one (sh:qualifiedMinCount/MaxCount name the component)
_QUALIFYING = {SH.qualifiedValueShape, SH.qualifiedValueShapesDisjoint}


def untranslated_components(shapes: Graph, shape: Node) -> list[str]:
    """The components of ``shape``'s parameters that the compiler does not translate (IRIs, sorted).

    An ``sh:`` parameter outside SHACL Core (e.g. a SHACL-AF one) is named by itself.
    """
    found = set()
    for p in shapes.predicates(shape, None):
        if not str(p).startswith(str(SH)) or p in BY_PARAMETER or p in NON_CONSTRAINTS or p in _QUALIFYING:
            continue
        found.add(str(UNTRANSLATED.get(p, p)))  # type: ignore[call-overload]
    return sorted(found)
