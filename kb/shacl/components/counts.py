"""Cardinality components (SHACL 4.2): sh:minCount and sh:maxCount, on the set of values at a path."""

from __future__ import annotations

from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.components.base import Compiling, Translator, Unsupported


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
