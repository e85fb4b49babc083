"""One translator per SHACL Core constraint component: the SPARQL that says a value node satisfies it.

The compiler (:mod:`kb.shacl.compiler`) looks a shape's parameters up in :data:`BY_PARAMETER`; a shape whose
parameters are not all here is validated by pySHACL, and :func:`untranslated_components` names the components
for the report. Each translator is a small class whose docstring links the section of the SHACL Recommendation
it implements (the way pySHACL keeps one class per constraint); the W3C test suite (``tests/validation/w3c``)
checks each one.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.components.base import Compiling, Translator, Unsupported, members, sparql_string, sparql_term
from kb.shacl.components.counts import MaxCountT, MinCountT
from kb.shacl.components.logical import AndT, NodeT, NotT, OrT, XoneT
from kb.shacl.components.pairs import DisjointT, EqualsT, LessThanOrEqualsT, LessThanT
from kb.shacl.components.strings import LanguageInT, MaxLengthT, MinLengthT, PatternT, UniqueLangT
from kb.shacl.components.values import (
    ClassT,
    DatatypeT,
    HasValueT,
    InT,
    MaxExclusiveT,
    MaxInclusiveT,
    MinExclusiveT,
    MinInclusiveT,
    NodeKindT,
)

__all__ = [
    "BY_PARAMETER",
    "TRANSLATORS",
    "Compiling",
    "Translator",
    "Unsupported",
    "members",
    "sparql_string",
    "sparql_term",
    "untranslated_components",
]

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
    UniqueLangT(),
    EqualsT(),
    DisjointT(),
    LessThanT(),
    LessThanOrEqualsT(),
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
