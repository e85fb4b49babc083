"""Read-only lookups over the loaded KB that explanations and results need (labels, claims, templates...).

Built with a few queries when first asked for, then cached on the KnowledgeBase (which is read-only).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from kb import paths
from kb.labels import LabelIndex, literal_text
from kb.namespaces import GRAPH_FACTS, GRAPH_INFERRED, GRAPH_ONTOLOGY, sparql_prologue
from kb.store import Triple

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase


_TEMPLATES = "SELECT ?p ?template WHERE { ?p pkb:statementTemplate ?template }"
# The one claims query (the term pages read it too).
_CLAIMS = paths.browse_queries_dir() / "claims.rq"
_DEFINITIONS = """
SELECT DISTINCT ?cls ?prop ?value WHERE {
  ?cls owl:equivalentClass ?e .
  ?e owl:intersectionOf ?list .
  ?list rdf:rest*/rdf:first ?r .
  ?r owl:onProperty ?prop .
  OPTIONAL { ?r owl:hasValue ?value }
}
"""


@dataclass(frozen=True)
class SourceRef:
    """One source behind a fact: the document, the verbatim quote, the claim, and how strong the evidence is.

    ``strength`` grades the claim as the ranking does: 10 x the source kind's rank + the evidence rank.
    """

    document: str
    quote: str
    claim: str = ""
    title: str = ""
    kind: str = ""
    evidence: str = ""
    url: str = ""
    note: str = ""
    strength: int = 0

    def to_json(self) -> dict[str, str]:
        """The source object of the JSON contract: document, title, kind, evidence, quote, url and note."""
        out = {
            "document": self.document,
            "title": self.title or self.document,
            "kind": self.kind or "unknown kind",
            "evidence": self.evidence or "unknown",
            "quote": self.quote,
        }
        if self.url:
            out["url"] = self.url
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class KBIndex:
    """Lookups over the KB: labels, statement templates, claims by triple, defined-class properties, facts."""

    labels: LabelIndex = field(default_factory=LabelIndex)
    templates: dict[Node, str] = field(default_factory=dict)
    claims: dict[tuple[Node, Node, object], list[SourceRef]] = field(default_factory=dict)
    definition_properties: dict[Node, list[tuple[Node, Node | None]]] = field(default_factory=dict)
    asserted: dict[tuple[Node, Node], list[Node]] = field(default_factory=dict)
    inferred: set[Triple] = field(default_factory=set)

    def label(self, node: Node) -> str:
        """The English label of a term, or its local name, or a literal's text."""
        if isinstance(node, Literal):
            return literal_text(node)
        return self.labels.label(node, fallback="local")

    def sources(self, triple: Triple) -> list[SourceRef]:
        """The claims' sources backing an asserted triple (an object term or a literal value)."""
        s, p, o = triple
        key = (s, p, _value_key(o)) if isinstance(o, Literal) else (s, p, o)
        return self.claims.get(key, [])


def _int(value: Node | None) -> int:
    return int(value.toPython()) if isinstance(value, Literal) else 0


def _value_key(value: Literal) -> object:
    py = value.toPython()
    if isinstance(py, bool):
        return ("bool", py)
    try:
        return ("num", float(py))
    except (TypeError, ValueError):
        return ("text", str(value))


def build_index(kb: KnowledgeBase) -> KBIndex:
    """Read the lookups of a KB: labels, templates, claims, defined-class properties, asserted and inferred."""
    index = KBIndex()
    pro = sparql_prologue()
    index.labels = kb.labels
    index.templates = {r["p"]: str(r["template"]) for r in kb.select(pro + _TEMPLATES)}  # type: ignore[misc]
    claims: dict[tuple[Node, Node, object], list[SourceRef]] = defaultdict(list)
    for row in kb.select(_CLAIMS.read_text(encoding="utf-8")):
        if row.get("quote") is None or row.get("subject") is None or row.get("predicate") is None:
            continue
        document = str(row.get("file") or row.get("title") or "")
        ref = SourceRef(
            document,
            " ".join(str(row["quote"]).split()),
            str(row["claim"]),
            title=str(row.get("title") or ""),
            kind=str(row.get("kind") or ""),
            evidence=str(row.get("evidenceLabel") or ""),
            url=str(row.get("url") or ""),
            note=" ".join(str(row.get("note") or "").split()),
            strength=10 * _int(row.get("kindRank")) + _int(row.get("evidenceRank")),
        )
        value = row.get("object") if row.get("object") is not None else row.get("value")
        if value is None:
            continue
        key = (row["subject"], row["predicate"], _value_key(value) if isinstance(value, Literal) else value)
        if ref not in claims[key]:
            claims[key].append(ref)  # type: ignore[index]
    index.claims = dict(claims)
    definitions: dict[Node, list[tuple[Node, Node | None]]] = defaultdict(list)
    for row in sorted(kb.select(pro + _DEFINITIONS), key=lambda r: (str(r["prop"]), str(r.get("value")))):
        definitions[row["cls"]].append((row["prop"], row.get("value")))  # type: ignore[index,arg-type]
    index.definition_properties = dict(definitions)
    asserted: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
    for g in (GRAPH_ONTOLOGY, GRAPH_FACTS):
        for s, p, o in kb.store.triples(g):
            if isinstance(s, URIRef):
                asserted[(s, p)].append(o)
    index.asserted = dict(asserted)
    index.inferred = set(kb.store.triples(GRAPH_INFERRED))
    return index
