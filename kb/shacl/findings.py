"""What a SHACL engine reports: :class:`Finding` records, the same from the compiled path and from pySHACL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.paths import ShaclPath


@dataclass(frozen=True)
class Finding:
    """One SHACL validation result (compare two engines' findings with ``key``)."""

    focus: Node
    component: str  # e.g. "MinCountConstraintComponent"
    shape: str  # the shape's IRI, or "<node shape IRI>/<path>" for a blank property shape
    severity: str  # "Violation", "Warning" or "Info"
    path: ShaclPath | None = None
    value: Node | None = None
    messages: tuple[str, ...] = ()
    rule: str = ""  # a readable name: the shape's local name, or "<node shape>/<property>"
    source: Node | None = None  # the shape node in the shapes graph (sh:sourceShape)

    @property
    def key(self) -> tuple[str, str, str, str, str, str]:
        """What identifies the finding (messages excluded: pySHACL writes its own when a shape has none)."""
        return (
            term_key(self.focus),
            self.component,
            self.shape,
            self.severity,
            "" if self.path is None else self.path.sparql(),
            "" if self.value is None else term_key(self.value),
        )


_BY_VALUE = (bool, int, float, Decimal, str, datetime.date, datetime.time, datetime.timedelta)


def term_key(node: Node) -> str:
    """A stable text for a term: literals by datatype and value, so that '1.50' and '1.5' (decimal) agree."""
    if isinstance(node, Literal):
        if node.language:
            return f'"{node}"@{node.language.lower()}'
        value = node.toPython() if node.datatype is not None and not node.ill_typed else None
        if isinstance(value, Decimal):
            value = value.normalize()  # 4.0 and 4 are the same decimal
        if isinstance(value, _BY_VALUE):
            return f'"{value!r}"^^<{node.datatype}>'
        return node.n3()
    if isinstance(node, BNode):
        return "_:b"  # blank node labels differ between stores
    return node.n3()


def local(node: Node | str | None) -> str:
    """The local name of an IRI: what follows the last ``#`` or ``/``."""
    return "" if node is None else str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def parent_shape(shapes: Graph, shape: Node) -> Node | None:
    """The (first) shape that has ``shape`` as an ``sh:property``."""
    return next(iter(shapes.subjects(SH.property, shape)), None)


def shape_id(shapes: Graph, shape: Node, path: ShaclPath | None, parent: Node | None = None) -> str:
    """The IRI of a shape, or ``<parent>/<path>`` for a blank property shape (blank labels are not stable)."""
    if isinstance(shape, URIRef):
        return str(shape)
    if parent is None:
        parent = parent_shape(shapes, shape)
    base = str(parent) if parent is not None else "_"
    return f"{base}/{path.sparql() if path is not None else '?'}"


def rule_name(shapes: Graph, shape: Node | None, path: ShaclPath | None, parent: Node | None = None) -> str:
    """A readable rule name: the shape's local name, or ``<node shape>/<property>`` for a blank property shape."""
    if isinstance(shape, URIRef):
        return local(shape)
    if parent is None and shape is not None:
        parent = parent_shape(shapes, shape)
    base = local(parent) if isinstance(parent, URIRef) else "shape"
    return f"{base}/{local(path.last_iri())}" if path is not None else base
