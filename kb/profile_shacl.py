"""SHACL validation of a case graph (``ontology/shapes/profile.ttl``) with pySHACL, as ProfileIssues."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rdflib import Graph, Namespace, URIRef

from kb.errors import ProfileIssue
from kb.namespaces import PKB
from kb.profile_contract import ValueKind
from kb.store import Triple

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase
    from kb.profile import CodeTables

SH = Namespace("http://www.w3.org/ns/shacl#")


def shapes_graph(kb: KnowledgeBase) -> Graph:
    """The profile shapes, parsed once per KB (:attr:`KnowledgeBase.profile_shapes`)."""
    return kb.profile_shapes


def validate_case(kb: KnowledgeBase, triples: Sequence[Triple], tables: CodeTables) -> list[ProfileIssue]:
    """Validate the profile triples; one issue per (field, message), naming the JSON field."""
    from pyshacl import validate

    data = Graph()
    for t in triples:
        data.add(t)
    shapes = shapes_graph(kb)
    conforms, results, _ = validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    field_of_property = {prop: name for name, prop in tables.properties.items()}
    issues: dict[tuple[str, str], ProfileIssue] = {}
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        name = shapes.value(shape, PKB.jsonField) if shape is not None else None
        if name is None and isinstance(path, URIRef):
            name = field_of_property.get(path)
        name = str(name or "profile")
        message = str(results.value(result, SH.resultMessage) or "is not valid")
        field = tables.contract.field(name)
        yes_no = field is not None and field.kind is ValueKind.YES_NO
        allowed = ("true", "false") if yes_no else tables.allowed(name)
        issues.setdefault((name, message), ProfileIssue(name, message, allowed))
    return list(issues.values())
