"""The profile contract comes from the KB: fields from ``pkb:jsonField``, cardinality, order and titles from the
profile shapes. A new field is added in Turtle only, and the engine then reads, checks and refuses it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kb.errors import ProfileError
from kb.knowledge_base import KnowledgeBase, load_kb
from kb.namespaces import PKB
from kb.profile import parse_profile, profile_contract
from kb.profile_contract import ValueKind

ROOT = Path(__file__).parents[2]
BASE = {"age": 30, "sex": "female", "skin_type": "oily", "findings": ["acne"]}

# A new yes/no field, written the way docs/MODELING.md says ("Add a profile field"): a property with its JSON
# field, a code scheme with the codes "true" and "false", and a shape with its cardinality, title and place.
NEW_FIELD_FACTS = """\
@prefix pkb: <https://w3id.org/porekb/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .

pkb:SunscreenUse a owl:Class ; rdfs:subClassOf pkb:PatientAttribute ;
    rdfs:label "sunscreen use"@en ; obo:IAO_0000115 "Whether a patient uses sunscreen daily."@en .
pkb:sunscreenUse a owl:ObjectProperty, owl:FunctionalProperty ;
    rdfs:label "has sunscreen use"@en ; rdfs:domain pkb:PatientProfile ; rdfs:range pkb:SunscreenUse ;
    obo:IAO_0000115 "Links a profile to whether the patient uses sunscreen daily."@en ;
    pkb:jsonField "uses_sunscreen" .
pkb:scheme-sunscreen a skos:ConceptScheme, owl:NamedIndividual ;
    rdfs:label "sunscreen code scheme"@en ; obo:IAO_0000115 "Codes for daily sunscreen use."@en ;
    pkb:jsonField "uses_sunscreen" .
pkb:sunscreen-yes a pkb:SunscreenUse, owl:NamedIndividual ; rdfs:label "uses sunscreen"@en ;
    obo:IAO_0000115 "The patient uses sunscreen daily."@en ; skos:notation "true" ; skos:inScheme pkb:scheme-sunscreen .
pkb:sunscreen-no a pkb:SunscreenUse, owl:NamedIndividual ; rdfs:label "no sunscreen"@en ;
    obo:IAO_0000115 "The patient does not use sunscreen daily."@en ; skos:notation "false" ;
    skos:inScheme pkb:scheme-sunscreen .
"""
NEW_FIELD_SHAPE = """
pkbs:PatientProfileShape sh:property pkbs:SunscreenValue .
pkbs:SunscreenValue a sh:PropertyShape ; sh:path pkb:sunscreenUse ; pkb:jsonField "uses_sunscreen" ;
    sh:name "Daily sunscreen" ; sh:order 11 ;
    sh:maxCount 1 ; sh:nodeKind sh:IRI ; sh:message "takes one value: true or false" .
"""


def test_the_contract_is_read_from_the_kb(real_kb: KnowledgeBase) -> None:
    contract = profile_contract(real_kb)
    assert contract.names == (
        "age",
        "sex",
        "pregnant",
        "breastfeeding",
        "skin_type",
        "phototype",
        "findings",
        "history",
        "avoid",
        "max_downtime_days",
    )
    kinds = {f.name: (f.kind, f.many) for f in contract.fields}
    assert {n for n, (k, _) in kinds.items() if k is ValueKind.NUMBER} == {"age", "max_downtime_days"}
    assert {n for n, (k, _) in kinds.items() if k is ValueKind.YES_NO} == {"pregnant", "breastfeeding"}
    assert {n for n, (k, many) in kinds.items() if k is ValueKind.CODE and many} == {
        "findings",
        "history",
        "avoid",
    }
    assert {f.name for f in contract.fields if f.required} == {"age", "sex", "skin_type", "findings"}
    assert {f.name: f.property for f in contract.fields}["pregnant"] == PKB.pregnancyStatus


def test_titles_are_the_shapes_names(real_kb: KnowledgeBase) -> None:
    """Every title is the sh:name of one of the field's shapes; the profile's is the node shape's."""
    shapes = Graph().parse(ROOT / "ontology" / "shapes" / "profile.ttl", format="turtle")
    titles = profile_contract(real_kb).titles()
    for name, title in titles.items():
        rows = list(
            shapes.query(
                "SELECT ?s WHERE { { ?s pkb:jsonField ?f } UNION { ?s sh:targetClass pkb:PatientProfile "
                "FILTER(?f = 'profile') } ?s sh:name ?t }",
                initNs={"pkb": PKB, "sh": "http://www.w3.org/ns/shacl#"},
                initBindings={"f": Literal(name), "t": Literal(title)},
            )
        )
        assert rows, f"{name}: title {title!r} is not a sh:name of its shapes"
    assert titles["pregnant"] == "Pregnancy" and titles["profile"] == "Profile"


@pytest.fixture(scope="module")
def kb_with_new_field(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    copy = tmp_path_factory.mktemp("kb") / "ontology"
    shutil.copytree(ROOT / "ontology", copy)
    (copy / "facts" / "zz-sunscreen.ttl").write_text(NEW_FIELD_FACTS, encoding="utf-8")
    with (copy / "shapes" / "profile.ttl").open("a", encoding="utf-8") as fh:
        fh.write(NEW_FIELD_SHAPE)
    return load_kb(copy, strict=False)


def test_a_field_added_in_turtle_is_read_checked_and_titled(kb_with_new_field: KnowledgeBase) -> None:
    contract = profile_contract(kb_with_new_field)
    field = contract.field("uses_sunscreen")
    assert field is not None and field.kind is ValueKind.YES_NO and not field.many and not field.required
    assert contract.names[-1] == "uses_sunscreen" and contract.titles()["uses_sunscreen"] == "Daily sunscreen"

    case = parse_profile(kb_with_new_field, {**BASE, "uses_sunscreen": True})
    assert (case.iri, PKB.sunscreenUse, PKB["sunscreen-yes"]) in case.triples

    with pytest.raises(ProfileError) as info:
        parse_profile(kb_with_new_field, {**BASE, "uses_sunscreen": "daily"})
    assert [(i.field, i.message, tuple(i.allowed)) for i in info.value.issues] == [
        ("uses_sunscreen", '"daily" is not true or false', ("true", "false"))
    ]

    with pytest.raises(ProfileError) as info:
        parse_profile(kb_with_new_field, {**BASE, "weight": 70})
    (issue,) = info.value.issues
    assert issue.field == "weight" and "uses_sunscreen" in issue.allowed


def test_a_yes_no_field_in_turtle_must_be_a_code(real_kb: KnowledgeBase) -> None:
    """Both yes/no fields refuse a literal the same way (before, only "pregnant" was listed as coded)."""
    for prop, name in ((PKB.pregnancyStatus, "pregnant"), (PKB.breastfeedingStatus, "breastfeeding")):
        turtle = (
            "@prefix pkb: <https://w3id.org/porekb/> . [] a pkb:PatientProfile ; pkb:age 30 ; pkb:sex pkb:sex-female ; "
            f'pkb:skinType pkb:skin-oily ; pkb:hasFinding pkb:finding-acne ; <{prop}> "true" .'
        )
        graph = Graph().parse(
            data=turtle,
            format="turtle",
        )
        with pytest.raises(ProfileError) as info:
            parse_profile(real_kb, graph)
        assert [(i.field, i.message) for i in info.value.issues] == [
            (name, 'must be a code IRI of the KB, not the literal "true"')
        ]
