"""Term-level diff of the asserted graphs: terms added, removed and changed, values by label."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.term import Node

from kb.labels import GraphLabels, TermRef
from kb.namespaces import curie


@dataclass
class PropertyChange:
    """The values of one property of one term that were removed and added (rendered by label)."""

    property: str
    property_label: str
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready (the fields as they are)."""
        return asdict(self)


@dataclass
class TermChange:
    """A term present on both sides whose asserted description changed."""

    term: TermRef
    changes: list[PropertyChange]

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {**self.term.to_dict(), "changes": [c.to_dict() for c in self.changes]}


@dataclass
class TermDiff:
    """Terms added, removed and changed, plus anonymous axioms (such as disjointness) added or removed."""

    added: list[TermRef] = field(default_factory=list)
    removed: list[TermRef] = field(default_factory=list)
    changed: list[TermChange] = field(default_factory=list)
    axioms_added: list[str] = field(default_factory=list)
    axioms_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing asserted changed."""
        return not (self.added or self.removed or self.changed or self.axioms_added or self.axioms_removed)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "added": [t.to_dict() for t in self.added],
            "removed": [t.to_dict() for t in self.removed],
            "changed": [c.to_dict() for c in self.changed],
            "axioms_added": self.axioms_added,
            "axioms_removed": self.axioms_removed,
        }


def _descriptions(graph: Graph, labels: GraphLabels) -> tuple[dict[URIRef, dict[Node, set[str]]], set[str]]:
    """Each named subject's property values (rendered), and the top-level anonymous axioms (rendered)."""
    described: dict[URIRef, dict[Node, set[str]]] = defaultdict(lambda: defaultdict(set))
    objects = set(graph.objects())
    axioms: set[str] = set()
    for s, p, o in graph:
        if isinstance(s, URIRef):
            value = labels.expression(o, graph) if isinstance(o, BNode) else _value(o, labels)
            described[s][p].add(value)
        elif isinstance(s, BNode) and s not in objects and p == RDF.type:
            axioms.add(labels.expression(s, graph))
    return described, axioms


def _value(term: Node, labels: GraphLabels) -> str:
    if isinstance(term, URIRef):
        name = labels.label(term)
        short = curie(str(term))
        return name if name == short else f"{name} ({short})"
    return labels.label(term)


def _ref(term: URIRef, labels: GraphLabels, graph: Graph) -> TermRef:
    return TermRef(str(term), labels.label(term), labels.kind(term, graph))


def diff_terms(base: Graph, head: Graph) -> TermDiff:
    """Compare two asserted graphs term by term; labels come from ``head`` first, then ``base``."""
    labels = GraphLabels([head, base])
    old, old_axioms = _descriptions(base, labels)
    new, new_axioms = _descriptions(head, labels)
    result = TermDiff(
        axioms_added=sorted(new_axioms - old_axioms), axioms_removed=sorted(old_axioms - new_axioms)
    )
    for term in new.keys() - old.keys():
        result.added.append(_ref(term, labels, head))
    base_labels = GraphLabels([base])
    for term in old.keys() - new.keys():
        result.removed.append(_ref(term, base_labels, base))
    for term in old.keys() & new.keys():
        changes = []
        for prop in sorted(old[term].keys() | new[term].keys(), key=lambda p: labels.label(p)):
            before, after = old[term].get(prop, set()), new[term].get(prop, set())
            if before != after:
                changes.append(
                    PropertyChange(
                        str(prop), labels.label(prop), sorted(before - after), sorted(after - before)
                    )
                )
        if changes:
            result.changed.append(TermChange(_ref(term, labels, head), changes))
    order = lambda t: (t.kind == "claim", t.kind, t.label.lower())  # noqa: E731  (claims last)
    result.added.sort(key=order)
    result.removed.sort(key=order)
    result.changed.sort(key=lambda c: order(c.term))
    return result
