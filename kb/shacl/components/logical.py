"""Logical and shape-based components (SHACL 4.6, 4.7): sh:not, sh:and, sh:or, sh:xone and sh:node."""

from __future__ import annotations

from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.components.base import Compiling, Translator, members


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
