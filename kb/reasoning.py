"""OWL reasoning: HermiT through owlready2 for consistency and classification; owlrl as a pure-Python fallback.

The reasoner sees the asserted graphs (ontology + facts) and returns what it inferred that was not asserted:
``rdf:type`` of individuals into named classes and ``rdfs:subClassOf`` between named classes, plus the
unsatisfiable classes and whether the whole is consistent.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef

from kb.errors import ReasonerError
from kb.store import Triple

log = logging.getLogger(__name__)

OWL_NOTHING = OWL.Nothing
_IGNORED_CLASSES = {OWL.Thing, OWL.NamedIndividual, OWL.Nothing, RDFS.Resource, OWL.Class}


@dataclass
class Classification:
    """What the reasoner concluded about the asserted graphs."""

    reasoner: str
    consistent: bool
    inferred: list[Triple] = field(default_factory=list)
    unsatisfiable: list[URIRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    explanation: str = ""
    seconds: float = 0.0


FALLBACK_WARNING = (
    "Java was not found: HermiT cannot run, so the pure-Python OWL-RL reasoner (owlrl) was used, with the "
    "datatype restrictions (such as 'downtime > 1 day') realised by PoreKB. It does not check the satisfiability "
    "of every class. Install Java 17 for full reasoning; the JSON output names the reasoner that ran."
)


def java_available() -> bool:
    """True when a ``java`` executable is on the PATH (HermiT needs it)."""
    return shutil.which("java") is not None


def classify(asserted: Iterable[Triple], *, reasoner: str = "auto") -> Classification:
    """Classify the asserted triples. ``reasoner`` is ``auto`` (HermiT if Java is there), ``hermit`` or ``owlrl``."""
    graph = Graph()
    for t in asserted:
        graph.add(t)
    if reasoner == "owlrl" or (reasoner == "auto" and not java_available()):
        result = _classify_owlrl(graph)
        if reasoner == "auto":
            result.warnings.append(FALLBACK_WARNING)
        return result
    return _classify_hermit(graph)


def _named(node: object) -> bool:
    return isinstance(node, URIRef)


def _entailed_closure(graph: Graph, triples: set[Triple]) -> set[Triple]:
    """Types and subclass links in ``triples`` that are new w.r.t. ``graph`` and between named terms."""
    out: set[Triple] = set()
    for s, p, o in triples:
        if p not in (RDF.type, RDFS.subClassOf) or not (_named(s) and _named(o)):
            continue
        if o in _IGNORED_CLASSES or s == o or (s, p, o) in graph:
            continue
        out.add((s, p, o))
    return out


# For a small KB most of HermiT's time is JVM start-up and warm-up: the client compiler alone (C1) and the serial
# GC halve it here (1.8 s -> 0.9 s for PoreKB). Large inputs keep the JVM's defaults, where C2 pays off.
FAST_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto"
FAST_JVM_MAX_TRIPLES = 50_000
_ENV_LOCK = threading.Lock()
_HERMIT_LOCK = threading.Lock()


@contextmanager
def _fast_jvm_start(triples: int) -> Iterator[None]:
    """Run the JVM that owlready2 starts with fast-start options when the input is small."""
    if triples > FAST_JVM_MAX_TRIPLES or "JAVA_TOOL_OPTIONS" in os.environ:
        yield
        return
    with _ENV_LOCK:
        os.environ["JAVA_TOOL_OPTIONS"] = FAST_JVM_OPTIONS
        try:
            yield
        finally:
            os.environ.pop("JAVA_TOOL_OPTIONS", None)


def reasoner_timeout_s() -> float:
    """HermiT's time limit: ``POREKB_REASONER_TIMEOUT_S`` or 300 s."""
    try:
        value = float(os.environ.get("POREKB_REASONER_TIMEOUT_S", "300"))
    except ValueError:
        value = 300.0
    return value if value > 0 and value == value and value != float("inf") else 300.0


class _TimedSubprocess:
    """Stands in for the ``subprocess`` module inside owlready2's reasoning code while HermiT runs: the JVM
    gets a time limit (``subprocess.run`` kills it then), and on failure the N-Triples copy of the KB that
    owlready2 wrote for it is deleted (owlready2 deletes it only on success)."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s

    def __getattr__(self, name: str) -> object:
        return getattr(subprocess, name)

    def check_output(self, command: list[str], **kwargs: object) -> bytes:
        kwargs.setdefault("timeout", self.timeout_s)
        try:
            return subprocess.check_output(command, **kwargs)  # type: ignore[call-overload]
        except BaseException:
            for arg in command:
                if isinstance(arg, str) and arg.startswith("file:///"):
                    Path("/" + arg[len("file:///") :].lstrip("/")).unlink(missing_ok=True)
            raise


@contextmanager
def _hermit_guard() -> Iterator[None]:
    import owlready2.reasoning as owl_reasoning

    with _HERMIT_LOCK:
        saved = owl_reasoning.subprocess
        owl_reasoning.subprocess = _TimedSubprocess(reasoner_timeout_s())  # type: ignore[assignment]
        try:
            yield
        finally:
            owl_reasoning.subprocess = saved


def _classify_hermit(graph: Graph) -> Classification:
    import owlready2

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="porekb-owl-") as tmp:
        path = Path(tmp) / "kb.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load()
        try:
            with onto, _fast_jvm_start(len(graph)), _hermit_guard():
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            world.close()
            return Classification(
                "HermiT",
                consistent=False,
                explanation=str(exc).strip()[-2000:],
                seconds=time.perf_counter() - started,
            )
        except subprocess.TimeoutExpired:
            world.close()
            raise ReasonerError(
                f"the OWL reasoner (HermiT) did not finish within {reasoner_timeout_s():g} s and was "
                "stopped (POREKB_REASONER_TIMEOUT_S sets the limit)"
            ) from None
        except (owlready2.OwlReadyJavaError, OSError) as exc:
            world.close()
            detail = " ".join(str(exc).split())[:300]
            raise ReasonerError(f"the OWL reasoner (HermiT, Java) failed: {detail}") from None
        unsat = sorted(URIRef(c.iri) for c in world.inconsistent_classes() if hasattr(c, "iri"))
        inferred: set[Triple] = set()
        for ind in world.individuals():
            for cls in ind.is_a:
                if hasattr(cls, "iri"):
                    inferred.add((URIRef(ind.iri), RDF.type, URIRef(cls.iri)))
            for cls in ind.INDIRECT_is_a:
                if hasattr(cls, "iri"):
                    inferred.add((URIRef(ind.iri), RDF.type, URIRef(cls.iri)))
        for cls in world.classes():
            for sup in cls.is_a:
                if hasattr(sup, "iri"):
                    inferred.add((URIRef(cls.iri), RDFS.subClassOf, URIRef(sup.iri)))
        world.close()
    return Classification(
        "HermiT",
        consistent=True,
        inferred=sorted(_entailed_closure(graph, inferred)),
        unsatisfiable=unsat,
        seconds=time.perf_counter() - started,
    )


def _classify_owlrl(graph: Graph) -> Classification:
    import owlrl

    started = time.perf_counter()
    closure = Graph()
    for t in graph:
        closure.add(t)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        closure
    )
    for triple in _datatype_restriction_types(closure):  # OWL 2 RL has no datatype facets: realise them here
        closure.add(triple)
    below_nothing = closure.subjects(RDFS.subClassOf, OWL_NOTHING)
    unsat = sorted(s for s in below_nothing if _named(s) and s != OWL_NOTHING)  # owl:Nothing is no finding
    nothing_members = [s for s in closure.subjects(RDF.type, OWL_NOTHING)]
    inferred = _entailed_closure(graph, set(closure))
    return Classification(
        "owlrl (OWL 2 RL, pure Python, with datatype-facet realisation)",
        consistent=not nothing_members,
        inferred=sorted(inferred),
        unsatisfiable=unsat,
        seconds=time.perf_counter() - started,
    )


_FACETS = {
    XSD.minExclusive: lambda v, b: v > b,
    XSD.minInclusive: lambda v, b: v >= b,
    XSD.maxExclusive: lambda v, b: v < b,
    XSD.maxInclusive: lambda v, b: v <= b,
}


def _datatype_restriction_types(closure: Graph) -> set[Triple]:
    """Types OWL 2 RL cannot infer: members of defined classes ``C ≡ A ⊓ ... ⊓ ∃p.(datatype with facets)``.

    An individual of every named class of the intersection whose ``p`` value meets every facet is a ``C``
    (e.g. a treatment whose downtime exceeds one day is a downtime treatment), as HermiT concludes.
    """
    out: set[Triple] = set()
    for cls, definition in closure.subject_objects(OWL.equivalentClass):
        members = list(closure.items(closure.value(definition, OWL.intersectionOf))) if definition else []
        named = [m for m in members if isinstance(m, URIRef)]
        facets: list[tuple[URIRef, list[tuple[URIRef, object]]]] = []
        for m in members:
            prop, datatype = closure.value(m, OWL.onProperty), closure.value(m, OWL.someValuesFrom)
            restrictions = closure.value(datatype, OWL.withRestrictions) if datatype is not None else None
            if prop is None or restrictions is None:
                continue
            bounds = [
                (f, b.toPython())
                for r in closure.items(restrictions)
                for f, b in closure.predicate_objects(r)
                if f in _FACETS  # OWL RL adds owl:sameAs and the like to every node
            ]
            facets.append((prop, bounds))  # type: ignore[arg-type]
        if not facets or not isinstance(cls, URIRef):
            continue
        candidates = set(closure.subjects(RDF.type, named[0])) if named else set(closure.subjects())
        for ind in candidates:
            if not all((ind, RDF.type, n) in closure for n in named):
                continue
            if all(
                any(
                    isinstance(v, Literal)
                    and all(_FACETS[f](float(v.toPython()), float(b)) for f, b in bounds)
                    for v in closure.objects(ind, prop)
                )
                for prop, bounds in facets
            ):
                out.add((ind, RDF.type, cls))
    return out
