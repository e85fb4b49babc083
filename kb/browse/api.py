"""The browsing functions behind :mod:`kb.browse` (see its docstring)."""

from __future__ import annotations

import threading
import weakref
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.term import Node

from kb.namespaces import ASSERTED_GRAPHS, GRAPH_DERIVED, GRAPH_INFERRED, PKB, PREFIXES

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

# Where a triple comes from: what curators asserted, what the OWL reasoner inferred, what KB rules derived.
ORIGINS: dict[str, tuple[URIRef, ...]] = {
    "asserted": tuple(ASSERTED_GRAPHS),
    "inferred": (GRAPH_INFERRED,),
    "derived": (GRAPH_DERIVED,),
}
_CACHES: weakref.WeakKeyDictionary[KnowledgeBase, dict[str, object]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_XREF_LABELS = {
    "http://www.w3.org/2004/02/skos/core#exactMatch": "exact match",
    "http://www.w3.org/2004/02/skos/core#closeMatch": "close match",
    "http://www.w3.org/2004/02/skos/core#relatedMatch": "related match",
    "http://www.w3.org/2004/02/skos/core#broadMatch": "broad match",
    "http://www.w3.org/2004/02/skos/core#narrowMatch": "narrow match",
}
_FALLBACK_LABELS = {
    _SUBCLASS_OF: "subclass of",
    "http://www.w3.org/2002/07/owl#disjointWith": "disjoint with",
    "http://www.w3.org/2002/07/owl#equivalentClass": "equivalent to",
    "http://www.w3.org/2002/07/owl#inverseOf": "inverse of",
    "http://www.w3.org/2000/01/rdf-schema#domain": "domain",
    "http://www.w3.org/2000/01/rdf-schema#range": "range",
    "http://www.w3.org/2004/02/skos/core#notation": "code",
    "http://www.w3.org/2004/02/skos/core#inScheme": "in scheme",
}


# ---------------------------------------------------------------------------------------------- records
@dataclass(frozen=True)
class TermRef:
    """A term named by its IRI, with its label and kind (class, property, individual or other)."""

    iri: str
    label: str
    kind: str = "other"

    @property
    def curie(self) -> str:
        """The IRI written with a known prefix (``pkb:SkinPore``), or the IRI itself."""
        return curie(self.iri)


@dataclass(frozen=True)
class XRef:
    """A cross-reference to a standard ontology: the SKOS mapping relation and the target IRI."""

    relation: str
    relation_label: str
    target: str

    @property
    def target_curie(self) -> str:
        """The target as ``obo:UBERON_0002073`` style text."""
        return curie(self.target)


@dataclass(frozen=True)
class Relation:
    """One edge at a term: the property, the term at the other end (or a literal value), and its origin.

    ``direction`` is ``out`` (the term is the subject) or ``in`` (the term is the object). ``quantifier`` is
    ``some``/``only``/``value`` for an OWL restriction on a class, else empty.
    """

    direction: str
    property: TermRef
    other: TermRef | None
    value: str | None
    origin: str
    quantifier: str = ""

    @property
    def inferred(self) -> bool:
        """True when the reasoner or a KB-level rule produced this edge."""
        return self.origin != "asserted"


@dataclass(frozen=True)
class ClaimInfo:
    """A claim: what it says, the triple it backs, its source, verbatim quote and evidence."""

    iri: str
    label: str
    statement: str
    subject: TermRef | None
    predicate: TermRef | None
    object: TermRef | None
    value: str | None
    source: TermRef | None
    quote: str
    evidence: str | None
    note: str | None
    conflicts_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceInfo:
    """A source document with its title, publisher/creator, subjects, file name and definition."""

    iri: str
    label: str
    title: str
    publishers: tuple[str, ...]
    creators: tuple[str, ...]
    subjects: tuple[str, ...]
    file: str | None
    definition: str | None


@dataclass(frozen=True)
class DisagreementInfo:
    """A question on which sources disagree, with the claims on each side."""

    iri: str | None
    label: str
    definition: str | None
    sides: tuple[ClaimInfo, ...]

    def positions(self) -> list[tuple[str, list[ClaimInfo]]]:
        """The sides grouped by what they assert (``size can be reduced: false`` ...), in first-seen order."""
        grouped: dict[str, list[ClaimInfo]] = {}
        for claim in self.sides:
            predicate = claim.predicate.label if claim.predicate else "claims"
            target = claim.object.label if claim.object else (claim.value or "")
            grouped.setdefault(f"{predicate}: {target}", []).append(claim)
        return list(grouped.items())


@dataclass(frozen=True)
class Contraindication:
    """A patient attribute a treatment must not be used for, with the claims (and so sources) behind it."""

    attribute: TermRef
    claims: tuple[ClaimInfo, ...]


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
    """The named classes with their direct subclass links and most specific members, asserted and inferred."""

    labels: dict[str, str]
    classes: list[str]
    edges: list[SubclassEdge]
    members: list[Membership]
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
        return self.labels.get(iri) or _local_name(iri)

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


@dataclass(frozen=True)
class TermDetails:
    """Everything a term page shows: label, definition, types, cross-references, relations and claims."""

    term: TermRef
    definition: str | None
    alt_labels: tuple[str, ...]
    types: tuple[tuple[TermRef, str], ...]
    xrefs: tuple[XRef, ...]
    outgoing: tuple[Relation, ...]
    incoming: tuple[Relation, ...]
    claims: tuple[ClaimInfo, ...]


# ---------------------------------------------------------------------------------------------- helpers
@cache
def load_query(name: str) -> str:
    """The text of ``kb/browse/queries/<name>.rq`` (package data); raises FileNotFoundError if unknown."""
    if not name.replace("_", "").isalnum():
        raise FileNotFoundError(f"no browse query named {name!r}")
    return (resources.files("kb.browse") / "queries" / f"{name}.rq").read_text(encoding="utf-8")


def curie(iri: str) -> str:
    """Compact an IRI with the KB's prefixes (longest namespace wins); unknown namespaces stay as IRIs."""
    best = ""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(namespace) > len(PREFIXES.get(best, "")):
            best = prefix
    if not best:
        return iri
    return f"{best}:{iri[len(PREFIXES[best]) :]}"


def _local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _select(
    kb: KnowledgeBase,
    name: str,
    bindings: dict[str, Node] | None = None,
    graphs: Sequence[URIRef] | None = None,
) -> list[dict[str, Node | None]]:
    if graphs is None:
        return kb.select(load_query(name), bindings)
    return kb.select(load_query(name), bindings, graphs=graphs)


def _cache(kb: KnowledgeBase) -> dict[str, object]:
    """What browse has read from a KB, kept as long as the KB lives."""
    with _CACHE_LOCK:
        return _CACHES.setdefault(kb, {})


def _labels(kb: KnowledgeBase) -> dict[str, TermRef]:
    """Every labelled IRI as a TermRef (English label preferred; kind from its OWL declaration)."""
    cache = _cache(kb)
    if "labels" not in cache:
        refs: dict[str, TermRef] = {}
        for row in _select(kb, "labels"):
            iri, label, kind = str(row["term"]), row["label"], row.get("kind")
            old = refs.get(iri)
            is_en = isinstance(label, Literal) and label.language == "en"
            kind_text = str(kind) if kind is not None else (old.kind if old else "other")
            if old is None or (is_en and old.kind == "other") or (old.kind == "other" and kind is not None):
                refs[iri] = TermRef(iri, str(label), kind_text)
            elif kind is not None and old.kind in ("other", "individual") and str(kind) != "individual":
                refs[iri] = TermRef(iri, old.label, str(kind))
        cache["labels"] = refs
    return cache["labels"]  # type: ignore[return-value]


def _ref(kb: KnowledgeBase, node: Node | str | None) -> TermRef | None:
    if node is None:
        return None
    iri = str(node)
    found = _labels(kb).get(iri)
    if found is not None:
        return found
    label = _FALLBACK_LABELS.get(iri) or _XREF_LABELS.get(iri) or curie(iri)
    return TermRef(iri, label, "other")


# ---------------------------------------------------------------------------------------------- terms
def terms(kb: KnowledgeBase, kind: str | None = None) -> list[TermRef]:
    """Labelled terms of the KB's own namespace, sorted by label; ``kind`` keeps class/property/individual."""
    found = [
        t for t in _labels(kb).values() if t.iri.startswith(str(PKB)) and (kind is None or t.kind == kind)
    ]
    return sorted(found, key=lambda t: (t.label.lower(), t.iri))


def find_term(kb: KnowledgeBase, text: str) -> TermRef | None:
    """Resolve a full IRI, a CURIE (``pkb:SkinPore``) or an exact label (case-insensitive) to a term."""
    text = text.strip()
    refs = _labels(kb)
    if text in refs:
        return refs[text]
    if ":" in text:
        prefix, _, local = text.partition(":")
        namespace = PREFIXES.get(prefix)
        if namespace and namespace + local in refs:
            return refs[namespace + local]
    lowered = text.lower()
    for ref in refs.values():
        if ref.label.lower() == lowered:
            return ref
    return None


def term_details(kb: KnowledgeBase, iri: str) -> TermDetails | None:
    """The term page of ``iri``: label, definition, types (with origin), cross-references, relations in
    and out (asserted, inferred by the reasoner, or derived by rules) and the claims about it. None if the KB
    does not mention the IRI at all."""
    term = URIRef(iri)
    bind = {"term": term}
    ref = _ref(kb, term)
    assert ref is not None
    rows = _select(kb, "term", bind)
    definition = next((str(r["definition"]) for r in rows if r.get("definition") is not None), None)
    alt_labels = tuple(sorted({str(r["altLabel"]) for r in rows if r.get("altLabel") is not None}))

    types: list[tuple[TermRef, str]] = []
    outgoing: list[Relation] = []
    incoming: list[Relation] = []
    seen_types: set[str] = set()
    seen_out: set[tuple[str, str]] = set()
    seen_in: set[tuple[str, str]] = set()
    for origin, graphs in ORIGINS.items():
        for row in _select(kb, "term_types", bind, graphs):
            type_ref = _ref(kb, row["type"])
            if type_ref and type_ref.iri not in seen_types and not type_ref.iri.startswith(PREFIXES["owl"]):
                seen_types.add(type_ref.iri)
                types.append((type_ref, origin))
        for row in _select(kb, "relations_out", bind, graphs):
            prop, obj = row["property"], row["object"]
            key = (str(prop), str(obj))
            if key in seen_out:
                continue
            seen_out.add(key)
            other = None if isinstance(obj, Literal) else _ref(kb, obj)
            value = str(obj) if isinstance(obj, Literal) else None
            outgoing.append(Relation("out", _ref(kb, prop), other, value, origin))  # type: ignore[arg-type]
        for row in _select(kb, "relations_in", bind, graphs):
            prop, subj = row["property"], row["subject"]
            key = (str(prop), str(subj))
            if key in seen_in:
                continue
            seen_in.add(key)
            incoming.append(Relation("in", _ref(kb, prop), _ref(kb, subj), None, origin))  # type: ignore[arg-type]
    for row in _select(kb, "restrictions", bind, ORIGINS["asserted"]):
        filler = row["filler"]
        other = None if isinstance(filler, Literal) else _ref(kb, filler)
        value = str(filler) if isinstance(filler, Literal) else None
        outgoing.append(
            Relation(
                "out",
                _ref(kb, row["property"]),
                other,
                value,
                "asserted",  # type: ignore[arg-type]
                str(row["quantifier"]),
            )
        )
    xrefs = tuple(
        XRef(
            str(r["relation"]),
            _XREF_LABELS.get(str(r["relation"]), curie(str(r["relation"]))),
            str(r["target"]),
        )
        for r in _select(kb, "term_xrefs", bind)
    )
    about = tuple(c for c in claims(kb) if iri in {t.iri for t in (c.subject, c.object) if t is not None})
    mentioned = (rows and (definition or alt_labels)) or types or outgoing or incoming or xrefs or about
    if not mentioned and iri not in _labels(kb):
        return None
    order = {"out": 0, "in": 1}
    outgoing.sort(
        key=lambda r: (order[r.direction], r.property.label, r.other.label if r.other else r.value or "")
    )
    incoming.sort(key=lambda r: (r.property.label, r.other.label if r.other else ""))
    return TermDetails(
        ref, definition, alt_labels, tuple(types), xrefs, tuple(outgoing), tuple(incoming), about
    )


# ---------------------------------------------------------------------------------------------- hierarchy
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
    cache = _cache(kb)
    if "hierarchy" in cache:
        return cache["hierarchy"]  # type: ignore[return-value]
    classes = sorted(str(r["class"]) for r in _select(kb, "classes", graphs=ORIGINS["asserted"]))
    class_set = set(classes)
    links: dict[tuple[str, str], bool] = {}
    types: dict[tuple[str, str], bool] = {}
    for origin, graphs in ORIGINS.items():
        inferred = origin != "asserted"
        for row in _select(kb, "subclass_edges", graphs=graphs):
            key = (str(row["child"]), str(row["parent"]))
            if key[0] in class_set and key[1] in class_set:
                links.setdefault(key, inferred)
        for row in _select(kb, "instance_types", graphs=graphs):
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
    labels = {iri: ref.label for iri, ref in _labels(kb).items()}
    edges = [SubclassEdge(c, p, inf) for (c, p), inf in sorted(direct.items())]
    hierarchy = ClassHierarchy(labels, classes, edges, members)
    cache["hierarchy"] = hierarchy
    return hierarchy


# ------------------------------------------------------------------------------------ claims & sources
def claims(kb: KnowledgeBase, *, about: str | None = None, source: str | None = None) -> list[ClaimInfo]:
    """The claims of the KB (computed once per loaded KB), optionally only those about a term (as claim
    subject or object) or citing a source document."""
    cache = _cache(kb)
    if "claims" not in cache:
        conflicts: dict[str, set[str]] = defaultdict(set)
        for row in _select(kb, "conflicts"):
            a, b = str(row["claim"]), str(row["other"])
            conflicts[a].add(b)
            conflicts[b].add(a)
        found: dict[str, ClaimInfo] = {}
        for row in _select(kb, "claims"):
            iri = str(row["claim"])
            if iri in found:
                continue
            obj = row.get("object")
            found[iri] = ClaimInfo(
                iri=iri,
                label=_text(row.get("label")) or curie(iri),
                statement=_text(row.get("statement")) or "",
                subject=_ref(kb, row.get("subject")),
                predicate=_ref(kb, row.get("predicate")),
                object=_ref(kb, obj) if obj is not None and not isinstance(obj, Literal) else None,
                value=_text(row.get("value"))
                if row.get("value") is not None
                else (str(obj) if isinstance(obj, Literal) else None),
                source=_ref(kb, row.get("source")),
                quote=_text(row.get("quote")) or "",
                evidence=curie(str(row["evidence"])) if row.get("evidence") is not None else None,
                note=_text(row.get("note")),
                conflicts_with=tuple(sorted(conflicts.get(iri, ()))),
            )
        cache["claims"] = list(found.values())
    result: list[ClaimInfo] = cache["claims"]  # type: ignore[assignment]
    if about is not None:
        result = [c for c in result if about in {t.iri for t in (c.subject, c.object) if t is not None}]
    if source is not None:
        result = [c for c in result if c.source is not None and c.source.iri == source]
    return result


def sources(kb: KnowledgeBase) -> list[SourceInfo]:
    """The source documents with their bibliographic details, in IRI order (``source-000`` first)."""

    def split(node: Node | None) -> tuple[str, ...]:
        text = _text(node) or ""
        return tuple(p for p in text.split(" | ") if p)

    found = []
    for row in _select(kb, "sources"):
        ref = _ref(kb, row["source"])
        assert ref is not None
        found.append(
            SourceInfo(
                ref.iri,
                ref.label,
                _text(row.get("title")) or ref.label,
                split(row.get("publisher")),
                split(row.get("creator")),
                split(row.get("subject")),
                _text(row.get("file")),
                _text(row.get("definition")),
            )
        )
    return found


def disagreements(kb: KnowledgeBase) -> list[DisagreementInfo]:
    """Each ``pkb:Disagreement`` with the claims on its sides, then any ``pkb:conflictsWith`` pair that no
    disagreement groups (labelled "conflicting claims")."""
    by_iri = {c.iri: c for c in claims(kb)}
    grouped: dict[str, list[ClaimInfo]] = defaultdict(list)
    definitions: dict[str, str | None] = {}
    for row in _select(kb, "disagreements"):
        iri = str(row["disagreement"])
        definitions.setdefault(iri, _text(row.get("definition")))
        side = row.get("claim")
        if side is not None and str(side) in by_iri and by_iri[str(side)] not in grouped[iri]:
            grouped[iri].append(by_iri[str(side)])
    result = [
        DisagreementInfo(iri, _ref(kb, iri).label, definitions[iri], tuple(grouped[iri]))  # type: ignore[union-attr]
        for iri in definitions
    ]
    covered = {c.iri for d in result for c in d.sides}
    for claim in by_iri.values():
        loose = [by_iri[o] for o in claim.conflicts_with if o in by_iri]
        if claim.iri in covered or not loose:
            continue
        sides = (claim, *(o for o in loose if o.iri not in covered))
        covered |= {c.iri for c in sides}
        result.append(DisagreementInfo(None, "conflicting claims", None, sides))
    return result


def source_conflicts(kb: KnowledgeBase, source: str) -> list[tuple[ClaimInfo, ClaimInfo]]:
    """Pairs ``(claim of this source, conflicting claim of another source)``."""
    by_iri = {c.iri: c for c in claims(kb)}
    pairs = []
    for claim in claims(kb, source=source):
        for other_iri in claim.conflicts_with:
            other = by_iri.get(other_iri)
            if other is not None and (other.source is None or other.source.iri != source):
                pairs.append((claim, other))
    return pairs


def causes_addressed(kb: KnowledgeBase, treatment: str, among: Sequence[str] | None = None) -> list[TermRef]:
    """The causes a treatment addresses (through a mechanism that counteracts them), sorted by label;
    ``among`` keeps only those IRIs (e.g. a patient's likely causes)."""
    keep = None if among is None else set(among)
    found = {str(r["cause"]) for r in _select(kb, "addressed_causes", {"treatment": URIRef(treatment)})}
    refs = [_ref(kb, c) for c in found if keep is None or c in keep]
    return sorted((r for r in refs if r is not None), key=lambda r: r.label.lower())


def contraindications(kb: KnowledgeBase, treatment: str) -> list[Contraindication]:
    """The patient attributes a treatment must not be used for, each with the claims that back it."""
    by_iri = {c.iri: c for c in claims(kb)}
    grouped: dict[str, list[ClaimInfo]] = {}
    for row in _select(kb, "contraindications", {"treatment": URIRef(treatment)}):
        backing = grouped.setdefault(str(row["attribute"]), [])
        claim = by_iri.get(str(row["claim"])) if row.get("claim") is not None else None
        if claim is not None and claim not in backing:
            backing.append(claim)
    found = [Contraindication(_ref(kb, a), tuple(c)) for a, c in grouped.items()]  # type: ignore[arg-type]
    return sorted(found, key=lambda c: c.attribute.label.lower())


# ---------------------------------------------------------------------------------------------- DOT
def _dot_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _wrap(text: str, width: int = 28) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines)


def neighbourhood_dot(kb: KnowledgeBase, iri: str, *, max_edges: int = 40) -> str:
    """The term and its direct neighbours as a Graphviz digraph: types as ``is a`` edges, relations in and out
    labelled by property, restrictions as ``property some``; inferred and derived edges dashed. At most
    ``max_edges`` edges (the rest are counted in a note node)."""
    details = term_details(kb, iri)
    lines = [
        "digraph neighbourhood {",
        "  rankdir=LR;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=9];',
    ]
    if details is None:
        lines.append(f"  unknown [label={_dot_string('unknown term')}];")
        lines.append("}")
        return "\n".join(lines)
    ids: dict[str, str] = {}

    def node(key: str, label: str, extra: str = "") -> str:
        if key not in ids:
            ids[key] = f"n{len(ids)}"
            lines.append(f"  {ids[key]} [label={_dot_string(_wrap(label))}{extra}];")
        return ids[key]

    centre = node(details.term.iri, details.term.label, ', fillcolor="#ffe8a8", penwidth=2')
    edges: list[tuple[str, str, str, bool]] = []
    for type_ref, origin in details.types:
        edges.append((centre, node(type_ref.iri, type_ref.label), "is a", origin != "asserted"))
    for rel in details.outgoing:
        label = rel.property.label + (f" {rel.quantifier}" if rel.quantifier else "")
        if rel.other is not None:
            target = node(rel.other.iri, rel.other.label)
        else:
            target = node(f"literal:{rel.property.iri}:{rel.value}", rel.value or "", ", shape=note")
        edges.append((centre, target, label, rel.inferred))
    for rel in details.incoming:
        if rel.other is not None:
            edges.append((node(rel.other.iri, rel.other.label), centre, rel.property.label, rel.inferred))
    for source, target, label, inferred in edges[:max_edges]:
        style = ', style=dashed, color="#1f6fb2", fontcolor="#1f6fb2"' if inferred else ""
        lines.append(f"  {source} -> {target} [label={_dot_string(label)}{style}];")
    if len(edges) > max_edges:
        more = node("more", f"... {len(edges) - max_edges} more edges", ", shape=plaintext, fillcolor=white")
        lines.append(f"  {centre} -> {more} [style=dotted, arrowhead=none];")
    lines.append("}")
    # Nodes created for dropped edges stay in the drawing unconnected; remove them for a tidy picture.
    used = {centre} | {s for s, _, _, _ in edges[:max_edges]} | {t for _, t, _, _ in edges[:max_edges]}
    if len(edges) > max_edges:
        used.add(ids["more"])
    return "\n".join(
        line
        for line in lines
        if not (
            line.startswith("  n") and " [label=" in line and "->" not in line and line.split()[0] not in used
        )
    )
