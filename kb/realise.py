"""The large-KB path of OWL reasoning: the reasoner classifies the TBox, SPARQL types the individuals.

HermiT realises every individual against every defined class; from ~1e5 triples on that takes minutes. Here
HermiT (or owlrl without Java) sees only the TBox (every triple whose subject is not an individual, plus the
nominals that class definitions name) and gives the subclass links, the unsatisfiable classes and the TBox's
consistency. The individuals are then typed by SPARQL queries over the store, iterated to a fixed point:

- asserted types; ``rdfs:domain`` of any property and ``rdfs:range`` of object properties (and of their
  ``owl:inverseOf``); the superclasses of every type (the reasoner's subclass closure, named equivalences);
- defined classes ``D owl:equivalentClass [ owl:intersectionOf (...) ]`` (or a single restriction, or
  ``owl:unionOf`` of named classes) whose parts are named classes and restrictions ``owl:hasValue``,
  ``owl:someValuesFrom`` a named class, an ``owl:oneOf`` list, or a datatype with min/max facets;
- ``owl:allValuesFrom`` on a superclass restriction (types the values).

A TBox with a defined class outside these forms is not realised here (:class:`Unsupported`: ``auto`` keeps
HermiT). The ABox's consistency is checked for what these types can break: an individual in two disjoint
classes (``owl:disjointWith``, ``owl:AllDisjointClasses``) or in an unsatisfiable class. The result equals
HermiT's realisation on the real KB and on generated KBs (tests/test_realise.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from kb.class_definitions import definitions, membership_query, rdf_list
from kb.namespaces import ASSERTED_GRAPHS
from kb.reasoning import _IGNORED_CLASSES, Classification, classify
from kb.store import OxigraphStore, Store, Triple

# Above this many asserted triples ``realiser="auto"`` types individuals with SPARQL (HermiT took 2 s at 1e4
# and did not finish in 120 s at 1e5 on the generated KBs: benchmarks/results/scale.md).
REALISER_THRESHOLD = 50_000
REALISERS = ("auto", "hermit", "sparql")
_WORK_GRAPH = URIRef("urn:porekb:realise:types")
_RDF_TYPE = RDF.type  # rdflib's namespace attribute lookup is slow in the loops below
_OX_TYPE = ox.NamedNode(str(RDF.type))

_META_TYPES = {
    OWL.Class,
    RDFS.Class,
    OWL.Restriction,
    RDFS.Datatype,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.FunctionalProperty,
    OWL.InverseFunctionalProperty,
    OWL.TransitiveProperty,
    OWL.SymmetricProperty,
    OWL.AsymmetricProperty,
    OWL.ReflexiveProperty,
    OWL.IrreflexiveProperty,
    OWL.Ontology,
    OWL.AllDisjointClasses,
    OWL.AllDifferent,
    OWL.AllDisjointProperties,
    OWL.NegativePropertyAssertion,
    OWL.Axiom,
    RDF.List,
}
_BASE_TYPES = f"""
SELECT DISTINCT ?i ?C WHERE {{
  {{ ?i ?p ?o . ?p <{RDFS.domain}> ?C }}
  UNION {{ ?s ?p ?i . ?p <{RDFS.range}> ?C ; a <{OWL.ObjectProperty}> }}
  UNION {{ ?o ?p ?i . {{ ?q <{OWL.inverseOf}> ?p }} UNION {{ ?p <{OWL.inverseOf}> ?q }} ?q <{RDFS.domain}> ?C }}
  UNION {{ ?i ?p ?o . {{ ?q <{OWL.inverseOf}> ?p }} UNION {{ ?p <{OWL.inverseOf}> ?q }} ?q <{RDFS.range}> ?C }}
  FILTER(isIRI(?i) && isIRI(?C)) FILTER NOT EXISTS {{ ?i a ?C }}
}}"""

_ALL_VALUES = f"""
SELECT DISTINCT ?x ?E WHERE {{
  ?i a ?C . ?C <{RDFS.subClassOf}> ?r . ?r <{OWL.allValuesFrom}> ?E ; <{OWL.onProperty}> ?p .
  ?i ?p ?x . FILTER(isIRI(?x) && isIRI(?E)) FILTER NOT EXISTS {{ ?x a ?E }}
}}"""

_INDIVIDUALS = f"""
SELECT DISTINCT ?i ?C WHERE {{ ?i <{RDF.type}> ?C FILTER(isIRI(?i)) }}"""


def realiser_name(reasoner: str) -> str:
    """Who typed the individuals, from a classification's reasoner string: ``sparql`` (this module, after the
    reasoner classified the TBox) or ``hermit`` (the reasoner realised the whole KB, or owlrl without Java)."""
    return "sparql" if "SPARQL realiser" in reasoner else "hermit"


REALISER_WORDS = {
    "hermit": "the OWL reasoner typed every individual",
    "sparql": "the OWL reasoner classified the TBox, SPARQL typed the individuals",
}


def asserted_size(store: Store, graphs: Sequence[URIRef] = ASSERTED_GRAPHS) -> int:
    """How many triples the asserted graphs hold."""
    rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", graphs=graphs)
    return int(rows[0]["n"]) if rows else 0


def choose_realiser(store: Store, realiser: str = "auto") -> str:
    """``hermit`` or ``sparql`` for ``realiser`` auto/hermit/sparql: auto takes ``sparql`` above
    :data:`REALISER_THRESHOLD` asserted triples (HermiT's own realisation takes minutes there)."""
    if realiser != "auto":
        return realiser
    return "sparql" if asserted_size(store) > REALISER_THRESHOLD else "hermit"


def _tbox_query() -> str:
    meta = " ".join(t.n3() for t in sorted(_META_TYPES - {OWL.NamedIndividual}))
    return f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  {{ ?s ?p ?o MINUS {{ ?s a ?any }} }}
  UNION {{ VALUES ?meta {{ {meta} }} ?s a ?meta . ?s ?p ?o }}
}}"""


def _iri_key(term: Node) -> Any:
    """An IRI as its string (Python caches a string's hash; pyoxigraph terms hash anew each time); any other
    term unchanged, so it never equals an IRI's key."""
    return str(term) if isinstance(term, URIRef) else term


def _own_terms(store: Store) -> tuple[Callable[[Node], Any], Callable[[Any], Node]]:
    """To and from the realiser's working terms: on pyoxigraph an IRI is its string (the ABox's bulk, every
    type of every individual, is never converted to rdflib terms); rdflib terms on any other store."""
    if isinstance(store, OxigraphStore):
        return _iri_key, (lambda t: URIRef(t) if isinstance(t, str) else t)
    return (lambda t: t), (lambda t: t)


def _native_key(term: object) -> Any:
    return term.value if type(term) is ox.NamedNode else term  # type: ignore[attr-defined]


def _rows(store: Store, sparql: str, graphs: Sequence[URIRef]) -> list[tuple[Any, ...]]:
    """SELECT rows in the realiser's working terms (see :func:`_own_terms`)."""
    result = store.query(sparql, graphs=graphs)
    if result.native_rows is not None:
        return [tuple(_native_key(t) for t in row) for row in result.native_rows]
    return list(result.rows)


def _add_types(store: Store, graph: URIRef, pairs: Iterable[tuple[Any, Any]]) -> None:
    """Add ``(individual, class)`` pairs (working terms: IRIs) as ``rdf:type`` triples to ``graph``."""
    if isinstance(store, OxigraphStore):
        target = ox.NamedNode(str(graph))
        store.native.extend([ox.Quad(ox.NamedNode(i), _OX_TYPE, ox.NamedNode(c), target) for i, c in pairs])
    else:
        store.add(graph, [(i, _RDF_TYPE, c) for i, c in pairs])


def split_tbox(store: Store, graphs: Sequence[URIRef]) -> tuple[list[Triple], set[Any], set[tuple[Any, Any]]]:
    """The TBox triples (subject not an individual, or a nominal a class definition names; rdflib terms), the
    individuals (IRIs typed with something, none of it an OWL/RDFS meta-class: a punned class stays in the TBox)
    and their asserted types, both in the store's own terms (:func:`_own_terms`). The ABox's triples are
    filtered out by the store, never converted."""
    own, _back = _own_terms(store)
    typed: dict[Any, set[Any]] = {}
    for i, c in _rows(store, _INDIVIDUALS, graphs):
        typed.setdefault(i, set()).add(c)
    meta = {own(m) for m in _META_TYPES - {OWL.NamedIndividual}}
    individuals = {i for i, types in typed.items() if not types & meta}
    tbox: list[Triple] = list(store.query(_tbox_query(), graphs=graphs).rows)  # type: ignore[arg-type]
    nominals = {o for _s, p, o in tbox if p in (OWL.hasValue, RDF.first) and own(o) in individuals}
    if nominals:  # hasValue and oneOf name individuals: the reasoner needs what is said about them
        values = " ".join(n.n3() for n in nominals)
        rows = store.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}", graphs=graphs)
        tbox += [(r["s"], r["p"], r["o"]) for r in rows]  # type: ignore[misc]
    asserted = {(i, c) for i in individuals for c in typed[i]}
    return tbox, individuals, asserted


def realise(
    store: Store, *, reasoner: str = "auto", graphs: Sequence[URIRef] = ASSERTED_GRAPHS
) -> Classification:
    """Classify the TBox with the OWL reasoner and type the individuals of ``graphs`` with SPARQL.

    Raises :class:`Unsupported` when the TBox defines a class in a form not realised here."""
    started = time.perf_counter()
    own, back = _own_terms(store)
    tbox_triples, individuals, asserted_types = split_tbox(store, graphs)
    tbox = Graph()
    for t in tbox_triples:
        tbox.add(t)
    defined = definitions(tbox)
    tbox_result = classify(tbox_triples, reasoner=reasoner)
    name = f"{tbox_result.reasoner} (TBox) + SPARQL realiser"
    if not tbox_result.consistent:
        return Classification(
            name, False, explanation=tbox_result.explanation, seconds=time.perf_counter() - started
        )
    supers = {own(c): {own(s) for s in up} for c, up in _superclasses(tbox, tbox_result.inferred).items()}
    work = [*graphs, _WORK_GRAPH]
    known: set[tuple[Any, Any]] = set()

    def add(pairs: Iterable[tuple[Any, Any]]) -> int:
        new = set()
        for i, c in pairs:
            if i not in individuals:
                continue
            for s in supers.get(c, (c,)):  # a class's closure holds the class itself
                if (i, s) not in known:
                    new.add((i, s))
        known.update(new)
        _add_types(store, _WORK_GRAPH, new - asserted_types)  # the asserted ones are in the store already
        return len(new)

    try:
        add(asserted_types)  # with their superclasses
        add(_rows(store, _BASE_TYPES, graphs))
        queries = [(own(d.cls), membership_query(d)) for d in defined]
        while True:
            found = [(row[0], cls) for cls, q in queries for row in _rows(store, q, work)]
            found += _rows(store, _ALL_VALUES, work)
            if not add(found):
                break
    finally:
        store.drop(_WORK_GRAPH)
    inconsistency = _abox_clash(known, tbox, tbox_result.unsatisfiable, own, back)
    ignored = {own(c) for c in _IGNORED_CLASSES}
    types = {
        (back(i), _RDF_TYPE, back(c))
        for i, c in known
        if c not in ignored and i != c and (i, c) not in asserted_types
    }  # what is new w.r.t. the asserted graphs (as kb.reasoning keeps only entailed triples)
    inferred = types | set(tbox_result.inferred)
    return Classification(
        name,
        consistent=not inconsistency,
        inferred=sorted(inferred, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))),  # named terms only
        unsatisfiable=tbox_result.unsatisfiable,
        warnings=tbox_result.warnings,
        explanation=inconsistency,
        seconds=time.perf_counter() - started,
    )


def _superclasses(tbox: Graph, inferred: list[Triple]) -> dict[Node, set[Node]]:
    """Every named class's named superclasses (reflexive-transitive): asserted, inferred, equivalences."""
    direct: dict[Node, set[Node]] = {}
    edges = [(s, o) for s, o in tbox.subject_objects(RDFS.subClassOf)]
    edges += [(s, o) for s, p, o in inferred if p == RDFS.subClassOf]
    for s, o in tbox.subject_objects(OWL.equivalentClass):
        edges += [(s, o), (o, s)]
    for s, o in edges:
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            direct.setdefault(s, set()).add(o)
    closure: dict[Node, set[Node]] = {}
    for start in direct:
        seen, todo = {start}, [start]
        while todo:
            for nxt in direct.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closure[start] = seen
    return closure


def _abox_clash(
    known: set[tuple[Any, Any]],
    tbox: Graph,
    unsatisfiable: list[URIRef],
    own: Callable[[Node], Any],
    back: Callable[[Any], Node],
) -> str:
    """Why the typed individuals (``known``: every type of every individual, asserted and inferred, in the
    store's own terms) are inconsistent (disjoint or unsatisfiable classes), or ''."""
    pairs: set[tuple[Node, Node]] = set()
    for a, b in tbox.subject_objects(OWL.disjointWith):
        pairs.add((a, b))
    for group in tbox.subjects(RDF.type, OWL.AllDisjointClasses):
        members = [m for head in tbox.objects(group, OWL.members) for m in rdf_list(tbox, head)]
        pairs |= {(a, b) for n, a in enumerate(members) for b in members[n + 1 :]}
    named = sorted((a, b) for a, b in pairs if isinstance(a, URIRef) and isinstance(b, URIRef))
    bad = [*unsatisfiable, OWL.Nothing]
    wanted = {own(c) for pair in named for c in pair} | {own(c) for c in bad}
    members_of: dict[Any, set[Any]] = {}
    for i, c in known:
        if c in wanted:
            members_of.setdefault(c, set()).add(i)
    for a, b in named:
        both = members_of.get(own(a), set()) & members_of.get(own(b), set())
        if both:
            first = min(str(back(i)) for i in both)
            return f"{first} is a member of the disjoint classes {a} and {b}"
    for c in bad:
        if members := members_of.get(own(c)):
            return f"{min(str(back(i)) for i in members)} is a member of the unsatisfiable class {c}"
    return ""
