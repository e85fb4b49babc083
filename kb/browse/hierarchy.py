"""The class hierarchy for browsing: named classes, direct subclass links and most specific members, each
marked asserted or inferred."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.browse.lookup import ORIGINS, browse_cache, select, term_refs
from kb.labels import local_name

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase


@dataclass(frozen=True)
class SubclassEdge:
    """``child`` is a direct subclass of ``parent``; ``inferred`` when only the reasoner says so."""

    child: str
    parent: str
    inferred: bool


@dataclass(frozen=True)
class Membership:
    """``individual`` is an instance of ``cls`` (most specific types only); ``inferred`` when realised."""

    individual: str
    cls: str
    inferred: bool


@dataclass
class ClassHierarchy:
    """The named classes with their direct subclass links and most specific members (and every typing, for a
    class's page), asserted and inferred."""

    labels: dict[str, str]
    classes: list[str]
    edges: list[SubclassEdge]
    members: list[Membership]
    instances: list[Membership] = field(default_factory=list)
    _children: dict[str, list[SubclassEdge]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        children: dict[str, list[SubclassEdge]] = defaultdict(list)
        for edge in self.edges:
            children[edge.parent].append(edge)
        for edges in children.values():
            edges.sort(key=lambda e: self.label(e.child).lower())
        self._children = dict(children)

    def label(self, iri: str) -> str:
        """The label of a class or individual (its local name if unlabelled)."""
        return self.labels.get(iri) or local_name(iri)

    def children(self, parent: str) -> list[SubclassEdge]:
        """Direct subclass links below ``parent``, sorted by label."""
        return self._children.get(parent, [])

    def parents(self, child: str) -> list[SubclassEdge]:
        """Direct subclass links above ``child``."""
        return [e for e in self.edges if e.child == child]

    def members_of(self, cls: str) -> list[Membership]:
        """Individuals whose most specific type includes ``cls``, sorted by label."""
        found = [m for m in self.members if m.cls == cls]
        return sorted(found, key=lambda m: self.label(m.individual).lower())

    def instances_of(self, cls: str) -> list[Membership]:
        """Every individual typed with ``cls`` (asserted or inferred, not only the most specific types)."""
        return [m for m in self.instances if m.cls == cls]

    def roots(self) -> list[str]:
        """Classes with no named superclass, sorted by label."""
        has_parent = {e.child for e in self.edges}
        return sorted((c for c in self.classes if c not in has_parent), key=lambda c: self.label(c).lower())

    def walk(self) -> Iterator[tuple[int, str, bool]]:
        """Depth-first ``(depth, class IRI, reached by an inferred link)`` from each root; a class with
        several parents appears under each of them; cycles (equivalent classes) are cut."""

        def visit(
            cls: str, depth: int, inferred: bool, path: frozenset[str]
        ) -> Iterator[tuple[int, str, bool]]:
            yield depth, cls, inferred
            for edge in self.children(cls):
                if edge.child not in path:
                    yield from visit(edge.child, depth + 1, edge.inferred, path | {edge.child})

        for root in self.roots():
            yield from visit(root, 0, False, frozenset({root}))

    @property
    def inferred_edges(self) -> list[SubclassEdge]:
        """Subclass links that only the reasoner found."""
        return [e for e in self.edges if e.inferred]


def _reduce(
    pairs: dict[tuple[str, str], bool], ancestors: dict[str, set[str]]
) -> dict[tuple[str, str], bool]:
    """Drop links implied by transitivity (``a < c`` when ``a < b < c`` is also known)."""
    by_child: dict[str, set[str]] = defaultdict(set)
    for child, parent in pairs:
        by_child[child].add(parent)
    kept: dict[tuple[str, str], bool] = {}
    for (child, parent), inferred in pairs.items():
        others = by_child[child] - {parent}
        if any(parent in ancestors.get(o, set()) and o not in ancestors.get(parent, set()) for o in others):
            continue
        kept[(child, parent)] = inferred
    return kept


def class_hierarchy(kb: KnowledgeBase) -> ClassHierarchy:
    """The named classes with their direct subclass links and the most specific types of the individuals, each
    marked asserted or inferred (by the OWL reasoner or a KB-level rule). Computed once per loaded KB."""
    cached = browse_cache(kb)
    if "hierarchy" in cached:
        return cached["hierarchy"]  # type: ignore[return-value]
    classes = sorted(str(r["class"]) for r in select(kb, "classes", graphs=ORIGINS["asserted"]))
    class_set = set(classes)
    links: dict[tuple[str, str], bool] = {}
    types: dict[tuple[str, str], bool] = {}
    for origin, graphs in ORIGINS.items():
        inferred = origin != "asserted"
        for row in select(kb, "subclass_edges", graphs=graphs):
            key = (str(row["child"]), str(row["parent"]))
            if key[0] in class_set and key[1] in class_set:
                links.setdefault(key, inferred)
        for row in select(kb, "instance_types", graphs=graphs):
            key = (str(row["individual"]), str(row["class"]))
            if key[1] in class_set and key[0] not in class_set:
                types.setdefault(key, inferred)

    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in links:
        parents[child].add(parent)
    ancestors: dict[str, set[str]] = {}

    def up(cls: str, trail: frozenset[str]) -> set[str]:
        if cls in ancestors:
            return ancestors[cls]
        found: set[str] = set()
        for p in parents.get(cls, ()):
            if p not in trail:
                found |= {p} | up(p, trail | {p})
        ancestors[cls] = found
        return found

    for cls in classes:
        up(cls, frozenset({cls}))
    direct = _reduce(links, ancestors)
    # An individual is shown under its most specific types only.
    by_individual: dict[str, set[str]] = defaultdict(set)
    for individual, cls in types:
        by_individual[individual].add(cls)
    members = [
        Membership(individual, cls, inferred)
        for (individual, cls), inferred in sorted(types.items())
        if not any(
            cls in ancestors.get(other, set()) and other != cls and other not in ancestors.get(cls, set())
            for other in by_individual[individual]
        )
    ]
    labels = {iri: found.label for iri, found in term_refs(kb).items()}
    edges = [SubclassEdge(c, p, inf) for (c, p), inf in sorted(direct.items())]
    instances = [
        Membership(individual, cls, inferred) for (individual, cls), inferred in sorted(types.items())
    ]
    hierarchy = ClassHierarchy(labels, classes, edges, members, instances)
    cached["hierarchy"] = hierarchy
    return hierarchy
