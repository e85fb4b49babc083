"""Claim-backed properties are marked in the KB (``pkb:requiresClaim true``); the QC check ``unbacked-triple``
and the named question ``unbacked-facts`` both read that mark, so the two cannot drift apart again."""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from kb.knowledge_base import load_kb
from kb.namespaces import GRAPH_FACTS, KB_GRAPHS, PKB, sparql_prologue
from kb.sparql.named import discover
from kb.validation import validate

REPO = Path(__file__).resolve().parents[2]

# A property the engine reasons with but the KB does not assert as a plain triple (class-level anatomy facts as
# OWL restrictions, the two sides of a disagreement) has claims but no triple to back: it is not marked.
_MARKED = "SELECT ?p WHERE { ?p pkb:requiresClaim true }"
_CLAIMED_AND_ASSERTED = f"""
SELECT DISTINCT ?p WHERE {{
  ?claim pkb:claimPredicate ?p .
  GRAPH <{GRAPH_FACTS}> {{ ?s ?p ?o }}
  FILTER(STRSTARTS(STR(?p), STR(pkb:)))  # our properties; a claim on an rdfs:subClassOf axiom backs the TBox
}}"""

OVERLAY = """\
@prefix pkb: <https://w3id.org/porekb/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .

pkb:zzNewFact a owl:AnnotationProperty ; pkb:requiresClaim true ;
    rdfs:label "new fact"@en ; obo:IAO_0000115 "A property added by the test, marked as needing a claim."@en .

pkb:treatment-microneedling pkb:zzNewFact "asserted with no claim"@en .
pkb:treatment-microneedling pkb:poreOutcome "an outcome no claim backs"@en .
pkb:SkinPore pkb:visibleAboveMillimetre 9 .
pkb:treatment-hydrafacial pkb:onsetWeeks 3 .
pkb:cause-excess-sebum pkb:treatmentImplication "not marked: curators' reading, needs no claim"@en .
"""
EXPECTED = {
    (PKB["treatment-microneedling"], PKB.zzNewFact),
    (PKB["treatment-microneedling"], PKB.poreOutcome),
    (PKB.SkinPore, PKB.visibleAboveMillimetre),
    (PKB["treatment-hydrafacial"], PKB.onsetWeeks),
}


def test_marked_properties_are_those_the_kb_asserts_and_backs_with_claims() -> None:
    kb = load_kb(REPO / "ontology")
    marked = {r["p"] for r in kb.select(sparql_prologue() + _MARKED)}
    claimed = {r["p"] for r in kb.select(sparql_prologue() + _CLAIMED_AND_ASSERTED)}
    assert marked == claimed
    assert {
        PKB.actsThrough,
        PKB.hasCaution,
        PKB.safetyAction,
        PKB.poreOutcome,
        PKB.visibleAboveMillimetre,
    } <= marked
    assert len(marked) == 29  # the 28 of the old QC list, and pkb:poreOutcome


def test_qc_and_named_question_report_the_same_unbacked_facts(kb_copy: Path) -> None:
    (kb_copy / "facts" / "zz-unbacked.ttl").write_text(OVERLAY, encoding="utf-8")

    report = validate(kb_copy)
    qc = {
        (URIRef(str(PKB) + r.focus.removeprefix("pkb:")), r.message.split("(pkb:")[2].split(")")[0])
        for r in report.errors
        if r.rule == "unbacked-triple" and r.focus
    }
    assert {(s, PKB[p]) for s, p in qc} == EXPECTED, [r.message for r in report.errors]

    question = discover(kb_copy)["unbacked-facts"]
    kb = load_kb(kb_copy, strict=False)
    named = {(r["subject"], r["predicate"]) for r in kb.store.select(question.text, graphs=KB_GRAPHS)}
    assert named == EXPECTED
