"""OWL class definitions the SPARQL realiser (:mod:`kb.realise`) can evaluate, read from a TBox graph, and
the SPARQL query that finds each defined class's members."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import OWL, RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

_FACETS = {XSD.minExclusive: ">", XSD.minInclusive: ">=", XSD.maxExclusive: "<", XSD.maxInclusive: "<="}


class Unsupported(Exception):
    """The TBox defines a class in a form the SPARQL realiser does not evaluate."""


@dataclass
class Condition:
    """One part of a defined class: ``kind`` is class, anyclass (a union of classes), value, some, oneof or
    datatype."""

    kind: str
    prop: URIRef | None = None
    target: Node | None = None
    values: tuple[Node, ...] = ()
    facets: tuple[tuple[str, Literal], ...] = ()


@dataclass
class Definition:
    """A defined class: an individual meeting every condition (or any, for a union) is a member."""

    cls: URIRef
    conditions: list[Condition]
    union: bool = False


def rdf_list(graph: Graph, head: Node) -> list[Node]:
    return list(Collection(graph, head))


def _restriction(graph: Graph, node: Node) -> Condition:
    prop = graph.value(node, OWL.onProperty)
    if not isinstance(prop, URIRef):
        raise Unsupported(f"restriction {node} without a named property")
    if (value := graph.value(node, OWL.hasValue)) is not None:
        return Condition("value", prop, value)
    some = graph.value(node, OWL.someValuesFrom)
    if isinstance(some, URIRef):
        return Condition("some", prop, some)
    if isinstance(some, BNode) and (one := graph.value(some, OWL.oneOf)) is not None:
        return Condition("oneof", prop, values=tuple(rdf_list(graph, one)))
    if isinstance(some, BNode) and (restrictions := graph.value(some, OWL.withRestrictions)) is not None:
        facets = []
        for facet_node in rdf_list(graph, restrictions):
            for facet, op in _FACETS.items():
                if (bound := graph.value(facet_node, facet)) is not None:
                    facets.append((op, bound))
        if not facets:
            raise Unsupported(f"datatype restriction on {prop} with facets other than min/max")
        return Condition("datatype", prop, graph.value(some, OWL.onDatatype), facets=tuple(facets))
    raise Unsupported(
        f"restriction on {prop}: only hasValue, someValuesFrom class/oneOf/datatype are realised"
    )


def _part(tbox: Graph, node: Node) -> Condition:
    """One member of an intersection: a named class, a union of named classes, or a restriction."""
    if isinstance(node, URIRef):
        return Condition("class", target=node)
    if (members := tbox.value(node, OWL.unionOf)) is not None:
        classes = rdf_list(tbox, members)
        if not all(isinstance(m, URIRef) for m in classes):
            raise Unsupported(f"a union of anything but named classes inside an intersection ({node})")
        return Condition("anyclass", values=tuple(classes))
    return _restriction(tbox, node)


def definitions(tbox: Graph) -> list[Definition]:
    """The TBox's defined classes as conditions; raises :class:`Unsupported` for other forms."""
    out = []
    for cls, definition in tbox.subject_objects(OWL.equivalentClass):
        if not isinstance(cls, URIRef) or isinstance(definition, URIRef):
            continue  # named equivalences are subclass links both ways
        if (parts := tbox.value(definition, OWL.intersectionOf)) is not None:
            conditions = [_part(tbox, p) for p in rdf_list(tbox, parts)]
            out.append(Definition(cls, conditions))
        elif (parts := tbox.value(definition, OWL.unionOf)) is not None:
            members = rdf_list(tbox, parts)
            if not all(isinstance(m, URIRef) for m in members):
                raise Unsupported(f"{cls}: a union of anything but named classes")
            out.append(Definition(cls, [Condition("class", target=m) for m in members], union=True))
        elif (tbox.value(definition, RDF.type)) == OWL.Restriction:
            out.append(Definition(cls, [_restriction(tbox, definition)]))
        else:
            raise Unsupported(f"{cls}: equivalent to a class expression that is not realised here")
    return out


def _pattern(condition: Condition, index: int) -> str:
    """The SPARQL group an individual ``?i`` must match for one condition."""
    if condition.kind == "class":
        return f"?i a {condition.target.n3()} ."  # type: ignore[union-attr]
    if condition.kind == "anyclass":
        return " UNION ".join(f"{{ ?i a {c.n3()} . }}" for c in condition.values)
    p = condition.prop.n3()  # type: ignore[union-attr]
    if condition.kind == "value":
        return f"?i {p} {condition.target.n3()} ."  # type: ignore[union-attr]
    if condition.kind == "some":
        return f"?i {p} ?x{index} . ?x{index} a {condition.target.n3()} ."  # type: ignore[union-attr]
    if condition.kind == "oneof":
        values = " ".join(v.n3() for v in condition.values)
        return f"?i {p} ?x{index} . VALUES ?x{index} {{ {values} }}"
    tests = " && ".join(f"?x{index} {op} {bound.n3()}" for op, bound in condition.facets)
    return f"?i {p} ?x{index} . FILTER(isLiteral(?x{index}) && {tests})"


def membership_query(definition: Definition) -> str:
    """The individuals that meet a definition and are not typed with its class yet (known types are in the
    store: asserted ones in the asserted graphs, found ones in the work graph)."""
    groups = [_pattern(c, n) for n, c in enumerate(definition.conditions)]
    body = " UNION ".join(f"{{ {g} }}" for g in groups) if definition.union else "\n  ".join(groups)
    return f"SELECT DISTINCT ?i WHERE {{\n  {{ {body} }}\n  FILTER NOT EXISTS {{ ?i a {definition.cls.n3()} }}\n}}"
