"""Run compiled shapes on a pyoxigraph store; shapes the compiler leaves out go to pySHACL."""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import OWL, SH
from rdflib.term import Node

from kb.shacl.compiler import Job, Plan, compile_shapes
from kb.shacl.findings import Finding
from kb.shacl.reference import pyshacl_findings
from kb.store import Triple
from kb.terms import from_ox, to_ox

_TARGET_PREDICATES = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target}
_CLASSES = {RDFS.Class, OWL.Class}
_PLANS: weakref.WeakKeyDictionary[Graph, Plan] = weakref.WeakKeyDictionary()
_PLANS_LOCK = threading.Lock()


@dataclass
class FastReport:
    """The findings, how long validation took, and which shapes pySHACL handled (``notes`` say why)."""

    findings: list[Finding]
    seconds: float
    queries: int
    fallback_shapes: list[str]
    notes: list[str]


def run_job(store: ox.Store, job: Job, options: dict[str, object]) -> list[Finding]:
    """The findings of one compiled query."""
    out = []
    for row in store.query(job.sparql, **options):  # type: ignore[union-attr]
        focus = from_ox(row["this"])
        # a node shape's value node is its focus; a property shape's is ?v, or none for counts and the like
        value = from_ox(row["v"]) if job.has_value else (focus if job.path is None else None)
        out.append(
            Finding(
                focus,
                job.component,
                job.shape,
                job.severity,
                job.path,
                value,
                job.messages,
                job.rule,
                job.source,
            )  # type: ignore[arg-type]
        )
    return out


def validate_store(
    store: ox.Store,
    shapes: Graph,
    *,
    graphs: Sequence[str] | None = None,
    workers: int = 2,
    rdflib_data: Graph | None = None,
    plan: Plan | None = None,
    predicates: set[str] | None = None,
) -> FastReport:
    """Validate the union of ``graphs`` (all graphs if None) of a pyoxigraph store against ``shapes``.

    Shapes the compiler does not translate are validated by pySHACL on ``rdflib_data`` (built from the store
    when not given). ``workers`` threads run queries in parallel (pyoxigraph releases the GIL while evaluating).
    ``plan`` is ``compile_shapes(shapes)`` when the caller keeps one. ``predicates``, when given, are every
    predicate IRI in the data: a job that cannot match without a predicate the data lacks is not run.
    """
    started = time.perf_counter()
    plan = plan if plan is not None else compile_shapes(shapes)
    jobs = [
        job
        for job in plan.jobs
        if predicates is None or (needed := job.cannot_match_without()) is None or needed in predicates
    ]
    if graphs is None:
        options: dict[str, object] = {"use_default_graph_as_union": True}
    else:
        options = {"default_graph": [ox.NamedNode(str(g)) for g in graphs]}
    findings: list[Finding] = []
    if workers > 1 and len(jobs) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(lambda j: run_job(store, j, options), jobs):
                findings += part
    else:
        for job in jobs:
            findings += run_job(store, job, options)
    if plan.fallback:
        data = rdflib_data if rdflib_data is not None else to_rdflib(store, options)
        findings += pyshacl_findings(data, only_shapes(shapes, plan.fallback))
    findings.sort(key=lambda f: f.key)
    return FastReport(
        findings, time.perf_counter() - started, len(jobs), [str(s) for s in plan.fallback], plan.notes
    )


def validate_triples(triples: Iterable[Triple], shapes: Graph) -> list[Finding]:
    """Validate a small graph (e.g. one patient profile) in a fresh in-memory store, queries run in turn."""
    triples = list(triples)
    store = ox.Store()
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in triples])
    predicates = {str(p) for _, p, _ in triples}
    return validate_store(store, shapes, workers=1, plan=cached_plan(shapes), predicates=predicates).findings


def cached_plan(shapes: Graph) -> Plan:
    """``compile_shapes(shapes)``, kept while the shapes graph lives (do not change a graph once compiled)."""
    with _PLANS_LOCK:
        plan = _PLANS.get(shapes)
        if plan is None:
            plan = _PLANS[shapes] = compile_shapes(shapes)
        return plan


def only_shapes(shapes: Graph, keep: Sequence[Node]) -> Graph:
    """A copy of ``shapes`` where only the shapes in ``keep`` have targets (so pySHACL validates just those).

    pySHACL's own ``use_shapes`` misses named property shapes and sibling shapes (sh:qualifiedValueShapesDisjoint).
    """
    kept = set(keep)
    out = Graph()
    for prefix, namespace in shapes.namespaces():
        out.bind(prefix, namespace)
    for triple in shapes:
        s, p, o = triple
        if s not in kept and (p in _TARGET_PREDICATES or (p == RDF.type and o in _CLASSES)):
            continue
        out.add(triple)
    return out


def to_rdflib(store: ox.Store, options: dict[str, object]) -> Graph:
    """The (union) default graph of the store as an rdflib graph, for pySHACL."""
    graph = Graph()
    for t in store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", **options):  # type: ignore[union-attr]
        graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))  # type: ignore[arg-type]
    return graph
