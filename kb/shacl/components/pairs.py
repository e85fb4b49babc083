"""Property pair components (SHACL 4.5): sh:equals, sh:disjoint, sh:lessThan and sh:lessThanOrEquals.

Each compares the value nodes with the values of the focus node for another property (the argument).
"""

from __future__ import annotations

from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.components.base import Compiling, Translator, Unsupported, sparql_term


class EqualsT(Translator):
    """sh:equals, https://www.w3.org/TR/shacl/#EqualsConstraintComponent: one result per value in only one set."""

    component, parameter = SH.EqualsConstraintComponent, SH.equals

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        o = c.fresh()
        p = sparql_term(arg)
        return f"(EXISTS {{ {x} {p} {x} }} && NOT EXISTS {{ {x} {p} {o} . FILTER(!sameTerm({o}, {x})) }})"

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        a, p = c.fresh(), sparql_term(arg)
        return (
            f"NOT EXISTS {{ {{ {x} {path} {a} . FILTER NOT EXISTS {{ {x} {p} {a} }} }} "
            f"UNION {{ {x} {p} {a} . FILTER NOT EXISTS {{ {x} {path} {a} }} }} }}"
        )

    def node_query(self, c: Compiling, shape: Node, arg: Node, targets: str) -> tuple[str, bool]:
        p = sparql_term(arg)
        return (
            f"SELECT DISTINCT ?this ?v WHERE {{ "
            f"{{ {targets} FILTER NOT EXISTS {{ ?this {p} ?this }} BIND(?this AS ?v) }} "
            f"UNION {{ {targets} ?this {p} ?v . FILTER(!sameTerm(?v, ?this)) }} }}"
        ), True

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool]:
        p = sparql_term(arg)
        return (
            f"SELECT DISTINCT ?this ?v WHERE {{ {targets} "
            f"{{ ?this {path} ?v . FILTER NOT EXISTS {{ ?this {p} ?v }} }} "
            f"UNION {{ ?this {p} ?v . FILTER NOT EXISTS {{ ?this {path} ?v }} }} }}"
        ), True


class DisjointT(Translator):
    """sh:disjoint, https://www.w3.org/TR/shacl/#DisjointConstraintComponent."""

    component, parameter = SH.DisjointConstraintComponent, SH.disjoint

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        return f"NOT EXISTS {{ {x} {sparql_term(arg)} {x} }}"

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        a = c.fresh()
        return f"NOT EXISTS {{ {x} {path} {a} . {x} {sparql_term(arg)} {a} }}"

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool]:
        return (
            f"SELECT DISTINCT ?this ?v WHERE {{ {targets} ?this {path} ?v . ?this {sparql_term(arg)} ?v }}",
            True,
        )


class LessThanT(Translator):
    """sh:lessThan, https://www.w3.org/TR/shacl/#LessThanConstraintComponent (property shapes only; values
    that cannot be compared fail)."""

    component, parameter = SH.LessThanConstraintComponent, SH.lessThan
    operator = "<"

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        raise Unsupported(f"sh:{self.parameter.rsplit('#', 1)[-1]} on a node shape")

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        a, b = c.fresh(), c.fresh()
        return (
            f"NOT EXISTS {{ {x} {path} {a} . {x} {sparql_term(arg)} {b} . "
            f"FILTER(!COALESCE({a} {self.operator} {b}, false)) }}"
        )

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool]:
        return (
            f"SELECT DISTINCT ?this ?v WHERE {{ {targets} ?this {path} ?v . ?this {sparql_term(arg)} ?w . "
            f"FILTER(!COALESCE(?v {self.operator} ?w, false)) }}"
        ), True


class LessThanOrEqualsT(LessThanT):
    """sh:lessThanOrEquals, https://www.w3.org/TR/shacl/#LessThanOrEqualsConstraintComponent."""

    component, parameter = SH.LessThanOrEqualsConstraintComponent, SH.lessThanOrEquals
    operator = "<="
