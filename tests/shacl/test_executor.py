"""The executor skips only jobs that cannot match: the same findings with and without the data's predicates."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph

from kb.shacl import compile_shapes
from kb.shacl.executor import validate_store

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:Patient ;
  sh:property [ sh:path ex:sex ; sh:minCount 1 ; sh:maxCount 1 ; sh:in ( ex:female ex:male ) ] ;
  sh:property [ sh:path ex:avoids ; sh:maxCount 2 ; sh:nodeKind sh:IRI ] .
"""
EX = "http://example.org/"


def _findings(triples: list[tuple], predicates: set[str] | None) -> tuple[list, int]:
    store = ox.Store()
    for s, p, o in triples:
        obj = ox.NamedNode(o) if o.startswith("http") else ox.Literal(o)
        store.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), obj))
    report = validate_store(
        store, Graph().parse(data=SHAPES, format="turtle"), workers=1, predicates=predicates
    )
    return sorted(f.key for f in report.findings), report.queries


def test_jobs_that_need_an_absent_predicate_are_skipped_with_the_same_findings() -> None:
    patient = EX + "p"
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    cases = [
        [(patient, rdf_type, EX + "Patient")],  # sex missing: minCount still found
        [(patient, rdf_type, EX + "Patient"), (patient, EX + "sex", EX + "other")],  # not in the list
        [(patient, rdf_type, EX + "Patient"), (patient, EX + "sex", "female")],  # a literal, not in the list
        [(patient, rdf_type, EX + "Patient")] + [(patient, EX + "avoids", "x" + str(i)) for i in range(3)],
    ]
    for triples in cases:
        everything, all_jobs = _findings(triples, None)
        skipped, run = _findings(triples, {p for _, p, _ in triples})
        assert skipped == everything
        assert everything  # every case has a finding
    _, run = _findings(cases[0], {p for _, p, _ in cases[0]})
    assert run < all_jobs  # sex's list and both of avoids' value checks need values that are not there


def test_a_shape_on_a_path_needs_its_predicate_only_for_value_and_maximum_checks() -> None:
    plan = compile_shapes(Graph().parse(data=SHAPES, format="turtle"))
    needs = {(job.component, job.cannot_match_without()) for job in plan.jobs}
    assert ("MinCountConstraintComponent", None) in needs
    assert ("MaxCountConstraintComponent", EX + "sex") in needs
    assert ("InConstraintComponent", EX + "sex") in needs
