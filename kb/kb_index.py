"""Read-only lookups over the loaded KB that explanations and results need (labels, claims, templates...).

Built with a few queries when first asked for, then cached on the KnowledgeBase (which is read-only). The
claims are read from the query's own terms (only the cells that are used are converted), and the asserted
facts are looked up by subject and predicate when asked: on a KB of 1e6 triples the index no longer converts
every triple to rdflib terms.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kb import paths
from kb.labels import LabelIndex, literal_text
from kb.namespaces import GRAPH_FACTS, GRAPH_INFERRED, GRAPH_ONTOLOGY, sparql_prologue
from kb.store import OxigraphStore, QueryResult, Store, Triple
from kb.terms import from_ox, to_ox

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


class AssertedFacts:
    """What the KB asserts (ontology and facts graphs) about a subject through a predicate, in the store's order.

    ``get((subject, predicate), default)`` as on a dict keyed by (subject, predicate), for IRI subjects only. On
    the embedded store each key is looked up in the store when first asked (a quad pattern, no SPARQL) and
    kept; other stores are read once, whole, when first asked.
    """

    def __init__(self, store: Store, graphs: Sequence[URIRef] = (GRAPH_ONTOLOGY, GRAPH_FACTS)) -> None:
        self._store = store
        self._graphs = tuple(graphs)
        # on the embedded store, read its native store when asked: a compaction may replace it
        self._embedded = isinstance(store, OxigraphStore)
        self._native_graphs = [ox.NamedNode(str(g)) for g in self._graphs]
        self._found: dict[tuple[Node, Node], list[Node]] = {}
        self._whole: dict[tuple[Node, Node], list[Node]] | None = None

    def _all(self) -> dict[tuple[Node, Node], list[Node]]:
        if self._whole is None:
            whole: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
            for g in self._graphs:
                for s, p, o in self._store.triples(g):
                    if isinstance(s, URIRef):
                        whole[(s, p)].append(o)
            self._whole = dict(whole)
        return self._whole

    def get(self, key: tuple[Node, Node], default: list[Node] | None = None) -> list[Node] | None:
        """The objects of ``(subject, predicate)`` (ontology first, then facts), or ``default`` if none."""
        if not self._embedded:
            return self._all().get(key, default)
        found = self._found.get(key)
        if found is None:
            s, p = key
            found = []
            if isinstance(s, URIRef) and isinstance(p, URIRef):
                subject, predicate = to_ox(s), to_ox(p)
                found = [
                    from_ox(q.object)  # type: ignore[misc]
                    for g in self._native_graphs
                    for q in self._store.native.quads_for_pattern(subject, predicate, None, g)
                ]
            self._found[key] = found
        return found if found else default

    def __getitem__(self, key: tuple[Node, Node]) -> list[Node]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, tuple) and len(key) == 2 and self.get(key) is not None  # type: ignore[arg-type]

    def subjects(self, predicate: URIRef) -> list[URIRef]:
        """Every IRI subject with an asserted ``predicate`` (no order promised: sort what you show)."""
        if not self._embedded:
            return [s for s, p in self._all() if p == predicate]  # type: ignore[misc]
        native = to_ox(predicate)
        found = {
            q.subject.value
            for g in self._native_graphs
            for q in self._store.native.quads_for_pattern(None, native, None, g)
            if isinstance(q.subject, ox.NamedNode)
        }
        return [URIRef(s) for s in found]


LABEL_MEMO_LIMIT = 200_000  # labels shown, remembered per KB; past this the memo starts again


@dataclass
class KBIndex:
    """Lookups over the KB: labels, statement templates, claims by triple, defined-class properties, facts."""

    labels: LabelIndex = field(default_factory=LabelIndex)
    templates: dict[Node, str] = field(default_factory=dict)
    claims: dict[tuple[object, object, object], list[SourceRef]] = field(default_factory=dict)
    definition_properties: dict[Node, list[tuple[Node, Node | None]]] = field(default_factory=dict)
    asserted: AssertedFacts | dict[tuple[Node, Node], list[Node]] = field(default_factory=dict)
    inferred: set[Triple] = field(default_factory=set)

    _shown: dict[Node, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def label(self, node: Node) -> str:
        """The English label of a term, or its local name, or a literal's text (each found once: a result at
        1e6 triples names ~6,000 treatments)."""
        shown = self._shown.get(node)
        if shown is None:
            shown = (
                literal_text(node) if isinstance(node, Literal) else self.labels.label(node, fallback="local")
            )
            if len(self._shown) >= LABEL_MEMO_LIMIT:
                self._shown.clear()
            self._shown[node] = shown
        return shown

    def sources(self, triple: Triple) -> list[SourceRef]:
        """The claims' sources backing an asserted triple (an object term or a literal value)."""
        return self.claims.get(tuple(_key(t) for t in triple), [])  # type: ignore[arg-type]


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


_XSD = "http://www.w3.org/2001/XMLSchema#"
_TEXT_TYPES = frozenset({_XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"})
_NUMBER_TYPES = frozenset({_XSD + "integer", _XSD + "decimal", _XSD + "double", _XSD + "float"})
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _key(term: object) -> object:
    """A term as a claim key, the same for an rdflib term and a pyoxigraph term: an IRI's text, a blank node's
    ("bnode", id), a literal's value (see :func:`_value_key`)."""
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value  # type: ignore[attr-defined]
    if kind is URIRef:
        return str(term)
    if kind is ox.Literal:
        return _native_value_key(term)  # type: ignore[arg-type]
    if isinstance(term, ox.BlankNode | BNode):
        return ("bnode", str(term) if isinstance(term, BNode) else term.value)
    literal = term if isinstance(term, Literal) else from_ox(term)
    return _value_key(literal)  # type: ignore[arg-type]


def _native_value_key(term: ox.Literal) -> object:
    """:func:`_value_key` of a pyoxigraph literal without building its rdflib term for the common datatypes."""
    datatype, text = term.datatype.value, term.value
    try:
        if datatype in _TEXT_TYPES or datatype in _NUMBER_TYPES:
            return ("num", float(text))
        if datatype == _XSD + "boolean" and text in _BOOLEANS:
            return ("bool", _BOOLEANS[text])
    except ValueError:
        return ("text", text)
    return _value_key(from_ox(term))  # type: ignore[arg-type]


def _text(cell: object) -> str:
    """A cell's text as ``str`` of its rdflib term gives it ("" when unbound)."""
    if cell is None:
        return ""
    kind = type(cell)
    return cell.value if kind is ox.Literal or kind is ox.NamedNode else str(cell)  # type: ignore[attr-defined]


def _claims(result: QueryResult) -> dict[tuple[object, object, object], list[SourceRef]]:
    """The claims query's rows as sources by the key of the triple each claim backs (rows in query order)."""
    rows = result.native_rows if result.native_rows is not None else result.rows
    column = {name: i for i, name in enumerate(result.variables)}

    def col(name: str) -> int:
        return column[name]

    quote, subject, predicate, obj, value = (
        col("quote"),
        col("subject"),
        col("predicate"),
        col("object"),
        col("value"),
    )
    file, title, claim, kind = col("file"), col("title"), col("claim"), col("kind")
    evidence, url, note, kind_rank, evidence_rank = (
        col("evidenceLabel"),
        col("url"),
        col("note"),
        col("kindRank"),
        col("evidenceRank"),
    )
    claims: dict[tuple[object, object, object], list[SourceRef]] = defaultdict(list)
    for row in rows:
        if row[quote] is None or row[subject] is None or row[predicate] is None:
            continue
        target = row[obj] if row[obj] is not None else row[value]
        if target is None:
            continue
        ref = SourceRef(
            _text(row[file]) or _text(row[title]),
            " ".join(_text(row[quote]).split()),
            _text(row[claim]),
            title=_text(row[title]),
            kind=_text(row[kind]),
            evidence=_text(row[evidence]),
            url=_text(row[url]),
            note=" ".join(_text(row[note]).split()),
            strength=10 * _int(_term(row[kind_rank])) + _int(_term(row[evidence_rank])),
        )
        refs = claims[(_key(row[subject]), _key(row[predicate]), _key(target))]
        if ref not in refs:
            refs.append(ref)
    return dict(claims)


def _term(cell: object) -> Node | None:
    return cell if cell is None or isinstance(cell, Node) else from_ox(cell)


def build_index(kb: KnowledgeBase) -> KBIndex:
    """Read the lookups of a KB: labels, templates, claims, defined-class properties, asserted and inferred."""
    index = KBIndex()
    pro = sparql_prologue()
    index.labels = kb.labels
    index.templates = {r["p"]: str(r["template"]) for r in kb.select(pro + _TEMPLATES)}  # type: ignore[misc]
    index.claims = _claims(kb.query(_CLAIMS.read_text(encoding="utf-8")))
    definitions: dict[Node, list[tuple[Node, Node | None]]] = defaultdict(list)
    for row in sorted(kb.select(pro + _DEFINITIONS), key=lambda r: (str(r["prop"]), str(r.get("value")))):
        definitions[row["cls"]].append((row["prop"], row.get("value")))  # type: ignore[index,arg-type]
    index.definition_properties = dict(definitions)
    index.asserted = AssertedFacts(kb.store)
    index.inferred = set(kb.store.triples(GRAPH_INFERRED))
    return index
