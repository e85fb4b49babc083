"""Value type, value range and other value components (SHACL 4.1, 4.3, 4.8): sh:class, sh:datatype,
sh:nodeKind, sh:min/maxInclusive, sh:min/maxExclusive, sh:in and sh:hasValue."""

from __future__ import annotations

from rdflib import RDFS
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from kb.shacl.components.base import Compiling, Translator, Unsupported, members, sparql_term


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
