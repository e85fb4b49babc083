"""The named questions: headers, expected answers on the real KB, and the same answers on every store.

Stores compared: pyoxigraph (embedded default), rdflib's memory store, our RemoteStore on a real Oxigraph
server, and SPARQLWrapper (a client we did not write) on that server.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from SPARQLWrapper import JSON, SPARQLWrapper

from kb.knowledge_base import KnowledgeBase
from kb.namespaces import KB_GRAPHS, PKB
from kb.sparql.formats import result_from_json
from kb.sparql.named import PARAM_KINDS, NamedQuery, bind_params, discover
from kb.sparql.remote import RemoteStore
from kb.sparql.safety import check_query
from kb.sparql.server import OxigraphServer
from kb.sparql.text import inline_bindings
from kb.store import QueryResult

QUESTIONS = discover()

# One example binding per question (for the parametrised runs): values read from the real KB.
EXAMPLES: dict[str, dict[str, str]] = {
    "causes-modifiability": {"modifiable": "false"},
    "causes-of-finding": {"finding": "pkb:finding-enlarged-pores"},
    "claim-quotes": {"subject": "pkb:treatment-microneedling", "source": "pkb:source-002"},
    "claims-per-source": {"source": "pkb:source-002"},
    "cross-references": {"term": "pkb:HairFollicle"},
    "disagreements": {"disagreement": "pkb:disagreement-pore-shrinking"},
    "inferred-subclasses": {"superClass": "pkb:Treatment"},
    "inferred-types": {"class": "pkb:CollagenInducingTreatment"},
    "mechanisms-for-cause": {"cause": "pkb:cause-excess-sebum"},
    "pore-sizes": {"structure": "pkb:SkinPore"},
    "profile-codes": {"field": "avoid"},
    "structures-involved": {"structure": "pkb:SebaceousGland"},
    "suggested-causes": {"code": "pkb:history-sun-exposure"},
    "treatment-logistics": {"treatment": "pkb:treatment-microneedling"},
    "treatment-map": {"treatment": "pkb:treatment-microneedling"},
    "treatment-safety": {"treatment": "pkb:treatment-isotretinoin"},
    "treatments-by-feature": {"feature": "pkb:feature-needles"},
    "treatments-by-mechanism": {"mechanism": "pkb:mechanism-collagen-induction"},
    "treatments-for-cause": {"cause": "pkb:cause-excess-sebum"},
    "treatments-in-defined-class": {"class": "pkb:PrescriptionOnlyTreatment"},
    "treatments-within-downtime": {"maxDays": "7"},
    "unbacked-facts": {"predicate": "pkb:actsThrough"},
}


def term_key(term: object) -> tuple:
    """A term compared by value: stores may write the same decimal as 7 or 7.0."""
    if term is None:
        return ()
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            value = value.normalize()
        return ("Literal", repr(value), str(term.datatype or ""), term.language or "")
    return (type(term).__name__, str(term))


def key(result: QueryResult) -> Counter:
    """An order-free multiset of a result's rows or triples, comparable across stores."""
    if result.kind == "ASK":
        return Counter([result.boolean])
    items = result.rows if result.kind == "SELECT" else result.triples
    return Counter(tuple(term_key(t) for t in item) for item in items)


def run(kb: KnowledgeBase, name: str, params: dict[str, str] | None = None) -> QueryResult:
    query = QUESTIONS[name]
    return kb.store.query(query.text, bind_params(query, params or {}), graphs=KB_GRAPHS)


def rows(kb: KnowledgeBase, name: str, params: dict[str, str] | None = None) -> list[dict]:
    return run(kb, name, params).dicts()


def test_at_least_15_named_questions_with_full_headers() -> None:
    assert len(QUESTIONS) >= 15
    for name, query in QUESTIONS.items():
        assert query.title and query.answers and query.graphs, name
        assert all(p.kind in PARAM_KINDS and p.description for p in query.params), name
        assert check_query(query.text) in ("SELECT", "CONSTRUCT"), name
        for p in query.params:  # a parameter is a projected variable (pyoxigraph binds only those)
            assert f"?{p.name}" in query.text.split("WHERE")[0], (name, p.name)
    assert set(EXAMPLES) <= set(QUESTIONS)


@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_same_answers_on_both_embedded_stores(
    name: str, ox_kb: KnowledgeBase, rdflib_kb: KnowledgeBase
) -> None:
    for params in ({}, EXAMPLES.get(name, {})):
        ox, rl = run(ox_kb, name, params), run(rdflib_kb, name, params)
        assert key(ox) == key(rl), (name, params)


@pytest.mark.server
@pytest.mark.parametrize("name", sorted(QUESTIONS))
def test_same_answers_on_the_oxigraph_server(
    name: str, ox_kb: KnowledgeBase, oxigraph_server: OxigraphServer
) -> None:
    query: NamedQuery = QUESTIONS[name]
    remote = RemoteStore(oxigraph_server.query_url, timeout_s=30)
    for params in ({}, EXAMPLES.get(name, {})):
        bindings = bind_params(query, params)
        embedded = run(ox_kb, name, params)
        assert key(remote.query(query.text, bindings, graphs=KB_GRAPHS)) == key(embedded), (name, params)
        # a client we did not write: SPARQLWrapper, on the server's union default graph
        client = SPARQLWrapper(oxigraph_server.query_url)
        client.setQuery(inline_bindings(query.text, bindings))
        client.setMethod("POST")
        if embedded.kind == "SELECT":
            client.setReturnFormat(JSON)
            theirs = result_from_json(client.query().convert())
        else:
            graph = client.queryAndConvert()  # CONSTRUCT: an rdflib Graph parsed from RDF/XML
            theirs = QueryResult("CONSTRUCT", triples=list(graph))
        assert key(theirs) == key(embedded), (name, params)


# -- expected answers, read from the real KB and checked by hand ----------------------------------------


def ids(items: list[dict], var: str) -> set[str]:
    return {str(r[var]).removeprefix(str(PKB)) for r in items if r[var] is not None}


def test_treatments_by_mechanism(ox_kb: KnowledgeBase) -> None:
    got = rows(ox_kb, "treatments-by-mechanism", {"mechanism": "pkb:mechanism-collagen-induction"})
    assert {
        "treatment-microneedling",
        "treatment-pico-laser",
        "treatment-laser-genesis",
        "treatment-cutera-pearl",
    } <= ids(got, "treatment")
    assert all(r["mechanism"] == PKB["mechanism-collagen-induction"] for r in got)


def test_mechanisms_and_treatments_for_a_cause(ox_kb: KnowledgeBase) -> None:
    mechanisms = ids(rows(ox_kb, "mechanisms-for-cause", {"cause": "pkb:cause-excess-sebum"}), "mechanism")
    assert "mechanism-sebum-suppression" in mechanisms
    treatments = rows(ox_kb, "treatments-for-cause", {"cause": "pkb:cause-excess-sebum"})
    assert "treatment-isotretinoin" in ids(treatments, "treatment")
    assert {str(r["mechanism"]) for r in treatments} <= {str(PKB[m]) for m in mechanisms}


def test_causes_modifiability_matches_reasoner(ox_kb: KnowledgeBase) -> None:
    got = rows(ox_kb, "causes-modifiability")
    by_cause = {str(r["cause"]).removeprefix(str(PKB)): r for r in got}
    assert by_cause["cause-genetics"]["modifiable"].toPython() is False
    assert by_cause["cause-smoking"]["modifiable"].toPython() is True
    for r in got:  # the reasoner's class agrees with the asserted value
        expected = "ModifiableCause" if r["modifiable"].toPython() else "NonModifiableCause"
        assert str(r["inferredClass"]).endswith(expected)
    fixed = ids(rows(ox_kb, "causes-modifiability", {"modifiable": "false"}), "cause")
    assert "cause-genetics" in fixed and "cause-smoking" not in fixed


def test_causes_of_a_finding(ox_kb: KnowledgeBase) -> None:
    got = rows(ox_kb, "causes-of-finding", {"finding": "pkb:finding-enlarged-pores"})
    assert {"cause-genetics", "cause-excess-sebum", "cause-ageing"} <= ids(got, "cause")


def test_prescription_and_needle_treatments(ox_kb: KnowledgeBase) -> None:
    rx = ids(
        rows(ox_kb, "treatments-in-defined-class", {"class": "pkb:PrescriptionOnlyTreatment"}), "treatment"
    )
    assert rx == {
        "treatment-isotretinoin",
        "treatment-oral-contraceptive",
        "treatment-topical-tretinoin",  # the literature's treatments (issue 16): retinoid labels
        "treatment-topical-tazarotene",
        "treatment-spironolactone",
        "treatment-cyproterone-ethinylestradiol",
    }
    needles = ids(rows(ox_kb, "treatments-by-feature", {"feature": "pkb:feature-needles"}), "treatment")
    assert "treatment-microneedling" in needles and "treatment-isotretinoin" not in needles
    inferred = ids(rows(ox_kb, "treatments-in-defined-class", {"class": "pkb:NeedleTreatment"}), "treatment")
    assert (
        inferred == needles
    )  # the reasoner's NeedleTreatment is exactly the treatments with the needles feature


def test_treatment_logistics(ox_kb: KnowledgeBase) -> None:
    got = rows(ox_kb, "treatment-logistics", {"treatment": "pkb:treatment-microneedling"})
    assert got and all(r["treatment"] == PKB["treatment-microneedling"] for r in got)
    assert {float(r["downtimeDaysMax"]) for r in got} == {1.0}
    short = rows(ox_kb, "treatments-within-downtime", {"maxDays": "1"})
    assert "treatment-microneedling" in ids(short, "treatment")
    assert all(float(r["downtimeDaysMax"]) <= 1 for r in short)


def test_treatment_safety(ox_kb: KnowledgeBase) -> None:
    got = rows(ox_kb, "treatment-safety", {"treatment": "pkb:treatment-isotretinoin"})
    assert {str(r["kind"]) for r in got} == {"caution", "contraindication"}
    assert "pregnancy-pregnant" in ids([r for r in got if str(r["kind"]) == "contraindication"], "item")
    under_12 = [r for r in got if r["item"] == PKB["caution-isotretinoin-under-12"]]
    assert len(under_12) == 1 and int(under_12[0]["belowAge"]) == 12
    assert under_12[0]["action"] == PKB["action-not-indicated"] and under_12[0]["appliesWith"] is None
    pill = rows(ox_kb, "treatment-safety", {"treatment": "pkb:treatment-oral-contraceptive"})
    smoking = [r for r in pill if r["item"] == PKB["caution-coc-smoking-35"]]
    assert [(r["appliesWith"], int(r["fromAge"]), r["action"]) for r in smoking] == [
        (PKB["history-smoking"], 35, PKB["action-contraindicated"])
    ]
    # pregnancy and male sex are "not indicated" cautions now, not contraindications of the pill
    assert not [r for r in pill if str(r["kind"]) == "contraindication"]
    not_indicated = {r["appliesWith"] for r in pill if r["action"] == PKB["action-not-indicated"]}
    assert not_indicated == {PKB["pregnancy-pregnant"], PKB["sex-male"]}
    # a caution without a declared action reads as "caution only"
    plain = [r for r in got if r["item"] == PKB["caution-prescription-only"]]
    assert plain and all(r["action"] == PKB["action-caution"] for r in plain)


def test_claims_per_source_and_quotes(ox_kb: KnowledgeBase) -> None:
    per_source = {
        str(r["source"]).removeprefix(str(PKB)): int(r["claims"]) for r in rows(ox_kb, "claims-per-source")
    }
    assert len(per_source) >= 5 and all(n >= 1 for n in per_source.values())
    only = rows(ox_kb, "claims-per-source", {"source": "pkb:source-002"})
    assert len(only) == 1 and int(only[0]["claims"]) == per_source["source-002"]
    quotes = rows(
        ox_kb, "claim-quotes", {"subject": "pkb:treatment-microneedling", "source": "pkb:source-002"}
    )
    assert quotes and all(r["quote"] is not None for r in quotes)
    assert any("collagen" in str(r["quote"]) for r in quotes)


def test_disagreements_have_both_sides(ox_kb: KnowledgeBase) -> None:
    got = rows(ox_kb, "disagreements", {"disagreement": "pkb:disagreement-pore-shrinking"})
    assert {r["value"].toPython() for r in got} == {True, False}
    assert all(int(r["conflicts"]) >= 1 and r["quote"] is not None for r in got)


def test_every_fact_is_backed_by_a_claim(ox_kb: KnowledgeBase) -> None:
    assert rows(ox_kb, "unbacked-facts") == []


def test_cross_references(ox_kb: KnowledgeBase) -> None:
    got = rows(ox_kb, "cross-references", {"term": "pkb:HairFollicle"})
    assert [(str(r["matchKind"]).split("#")[1], str(r["external"])) for r in got] == [
        ("exactMatch", "http://purl.obolibrary.org/obo/UBERON_0002073")
    ]
    assert all(
        str(r["external"]).startswith("http://purl.obolibrary.org/obo/")
        for r in rows(ox_kb, "cross-references")
    )


def test_inferred_classes(ox_kb: KnowledgeBase) -> None:
    got = ids(rows(ox_kb, "inferred-types", {"class": "pkb:CollagenInducingTreatment"}), "individual")
    assert "treatment-microneedling" in got
    assert (
        ids(
            rows(ox_kb, "treatments-in-defined-class", {"class": "pkb:CollagenInducingTreatment"}),
            "treatment",
        )
        == got
    )
    subclasses = ids(rows(ox_kb, "inferred-subclasses", {"superClass": "pkb:Treatment"}), "subClass")
    assert {"NeedleTreatment", "PrescriptionOnlyTreatment"} <= subclasses


def test_profile_codes_and_suggested_causes(ox_kb: KnowledgeBase) -> None:
    avoid = {str(r["notation"]) for r in rows(ox_kb, "profile-codes", {"field": "avoid"})}
    assert {"needles", "prescription", "lasers"} <= avoid
    got = rows(ox_kb, "suggested-causes", {"code": "pkb:history-sun-exposure"})
    assert "cause-sun-damage" in ids(got, "cause")


def test_anatomy_questions(ox_kb: KnowledgeBase) -> None:
    sizes = rows(ox_kb, "pore-sizes", {"structure": "pkb:SkinPore"})
    assert [(float(r["diameterMinMicrometre"]), float(r["diameterMaxMicrometre"])) for r in sizes] == [
        (25.0, 50.0)
    ]
    assert rows(ox_kb, "structures-involved", {"structure": "pkb:SebaceousGland"})


def test_graph_summary_shows_the_layout(ox_kb: KnowledgeBase) -> None:
    graphs = {str(r["graph"]).rsplit("/", 1)[1]: int(r["triples"]) for r in rows(ox_kb, "graph-summary")}
    assert {"ontology", "facts", "inferred"} <= set(graphs) and all(n > 0 for n in graphs.values())


def test_treatment_map_is_a_graph(ox_kb: KnowledgeBase) -> None:
    result = run(ox_kb, "treatment-map", {"treatment": "pkb:treatment-microneedling"})
    assert result.kind == "CONSTRUCT"
    acts = {(s, o) for s, p, o in result.triples if p == PKB.actsThrough}
    assert acts and {s for s, _ in acts} == {URIRef(PKB["treatment-microneedling"])}
    json.dumps([str(t) for t in result.triples])


def test_unbacked_facts_finds_facts_without_a_claim(tmp_path) -> None:
    """A fact (object or literal) asserted with no claim behind it is listed; claimed facts are not."""
    import shutil

    from kb.knowledge_base import load_kb
    from kb.paths import ontology_dir

    copy = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), copy)
    (copy / "facts" / "unbacked.ttl").write_text(
        "@prefix pkb: <https://w3id.org/porekb/> .\n"
        "pkb:treatment-microneedling pkb:actsThrough pkb:mechanism-sebum-suppression .\n"
        "pkb:treatment-hydrafacial pkb:onsetWeeks 3 .\n"
    )
    kb = load_kb(copy, strict=False)
    found = {(str(r["subject"]), str(r["predicate"]), str(r["object"])) for r in rows(kb, "unbacked-facts")}
    assert found == {
        (str(PKB["treatment-microneedling"]), str(PKB.actsThrough), str(PKB["mechanism-sebum-suppression"])),
        (str(PKB["treatment-hydrafacial"]), str(PKB.onsetWeeks), "3"),
    }
