"""What every constraint translator shares: the base class, the compiler it calls back, SPARQL constants."""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
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

    Components that constrain the set of values at a path rather than each value (counts, property
    ``sh:hasValue``, property pairs) override :meth:`property_query` and :meth:`nested`.
    """

    component: URIRef
    parameter: URIRef

    def value_ok(self, c: Compiling, shape: Node, arg: Node, x: str) -> str:
        """True when the value node ``x`` satisfies the constraint."""
        raise Unsupported(f"{self.component} on a node shape")

    def nested(self, c: Compiling, shape: Node, arg: Node, x: str, path: str) -> str:
        """True when the focus ``x`` satisfies the constraint on its values at ``path`` (inside another shape)."""
        y = c.fresh()
        return f"NOT EXISTS {{ {x} {path} {y} . FILTER(!({self.value_ok(c, shape, arg, y)})) }}"

    def node_query(self, c: Compiling, shape: Node, arg: Node, targets: str) -> tuple[str, bool] | None:
        """A query whose rows are a node shape's findings: ``?this`` (the value is the focus node), or also ``?v``
        when the flag is true; None when the argument sets no constraint."""
        cond = self.value_ok(c, shape, arg, "?this")
        return f"SELECT DISTINCT ?this WHERE {{ {targets} FILTER(!({cond})) }}", False

    def property_query(
        self, c: Compiling, shape: Node, arg: Node, targets: str, path: str
    ) -> tuple[str, bool] | None:
        """A query whose rows (``?this``, and ``?v`` when the flag is true) are the findings at ``path``; None
        when the argument sets no constraint."""
        cond = self.value_ok(c, shape, arg, "?v")
        return f"SELECT DISTINCT ?this ?v WHERE {{ {targets} ?this {path} ?v . FILTER(!({cond})) }}", True
