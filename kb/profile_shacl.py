"""SHACL validation of a case graph (``ontology/shapes/profile.ttl``) as ProfileIssues.

The profile shapes are compiled to SPARQL once (:mod:`kb.shacl`) and run on the case's triples in a small
in-memory store; this gives pySHACL's findings (``tests/profiles`` checks the two agree) in less time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef

from kb.errors import ProfileIssue
from kb.namespaces import PKB
from kb.profile_contract import ValueKind
from kb.shacl import Finding, validate_triples
from kb.store import Triple

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase
    from kb.profile import CodeTables


def validate_case(kb: KnowledgeBase, triples: Sequence[Triple], tables: CodeTables) -> list[ProfileIssue]:
    """Validate the profile triples; one issue per (field, message), naming the JSON field."""
    shapes = kb.profile_shapes
    return issues(validate_triples(triples, shapes), shapes, tables)


def issues(findings: Iterable[Finding], shapes: Graph, tables: CodeTables) -> list[ProfileIssue]:
    """The violations among ``findings`` as ProfileIssues: the field from the shape's ``pkb:jsonField`` (or the
    path's property), the message from the shape's ``sh:message``."""
    field_of_property = {prop: name for name, prop in tables.properties.items()}
    found: dict[tuple[str, str], ProfileIssue] = {}
    for f in findings:
        if f.severity != "Violation":
            continue
        name = shapes.value(f.source, PKB.jsonField) if f.source is not None else None
        if name is None and f.path is not None and f.path.is_iri:
            name = field_of_property.get(URIRef(f.path.iri))
        name = str(name or "profile")
        message = f.messages[0] if f.messages else "is not valid"
        field = tables.contract.field(name)
        yes_no = field is not None and field.kind is ValueKind.YES_NO
        allowed = ("true", "false") if yes_no else tables.allowed(name)
        found.setdefault((name, message), ProfileIssue(name, message, allowed))
    return list(found.values())
