"""kb.recommend.patient: the codes a profile names (with their groups) and contraindications split by whether
they apply to the patient, on the real KB."""

from __future__ import annotations

from kb.browse import contraindications
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import PKB
from kb.recommend import recommend
from kb.recommend.patient import contraindications_by_treatment, patient_codes, split_contraindications

ISOTRETINOIN = str(PKB["treatment-isotretinoin"])
PREGNANT = str(PKB["pregnancy-pregnant"])


def test_patient_codes_names_each_field_code_and_its_group(real_kb: KnowledgeBase) -> None:
    profile = {
        "age": 30,
        "sex": "female",
        "phototype": "V",
        "pregnant": True,
        "findings": ["enlarged-pores", "oily-skin"],
        "max_downtime_days": 3,
    }
    expected = {
        PKB["sex-female"],
        PKB["phototype-V"],
        PKB["phototype-darker"],  # skos:broader of phototype V
        PKB["pregnancy-pregnant"],
        PKB["finding-enlarged-pores"],
        PKB["finding-oily-skin"],
    }
    assert patient_codes(real_kb, profile) == frozenset(str(c) for c in expected)


def test_patient_codes_adds_no_group_a_code_lacks(real_kb: KnowledgeBase) -> None:
    codes = patient_codes(real_kb, {"phototype": "II", "pregnant": False})
    assert codes == {str(PKB["phototype-II"]), str(PKB["pregnancy-not-pregnant"])}


def test_patient_codes_ignores_values_that_are_not_codes(real_kb: KnowledgeBase) -> None:
    assert patient_codes(real_kb, {"age": 40, "sex": "unknown", "max_downtime_days": 0}) == frozenset()


def test_a_contraindication_applies_when_the_patient_has_its_attribute(real_kb: KnowledgeBase) -> None:
    pregnant = split_contraindications(real_kb, ISOTRETINOIN, patient_codes(real_kb, {"pregnant": True}))
    assert [c.attribute.iri for c in pregnant.apply] == [PREGNANT]
    assert pregnant.apply[0].claims, "the contraindication comes with the claims behind it"
    assert PREGNANT not in [c.attribute.iri for c in pregnant.other]

    not_pregnant = split_contraindications(real_kb, ISOTRETINOIN, patient_codes(real_kb, {"pregnant": False}))
    assert not_pregnant.apply == ()
    assert PREGNANT in [c.attribute.iri for c in not_pregnant.other]


def test_the_split_keeps_every_contraindication_once(real_kb: KnowledgeBase) -> None:
    every = contraindications(real_kb, ISOTRETINOIN)
    split = split_contraindications(real_kb, ISOTRETINOIN, patient_codes(real_kb, {"pregnant": True}))
    assert len(every) > 1
    assert sorted(c.attribute.iri for c in [*split.apply, *split.other]) == sorted(
        c.attribute.iri for c in every
    )


def test_contraindications_by_treatment_covers_the_recommended_and_deferred(real_kb: KnowledgeBase) -> None:
    profile = {"age": 25, "sex": "female", "skin_type": "oily", "findings": ["enlarged-pores", "oily-skin"]}
    result = recommend(profile, kb=real_kb)
    split = contraindications_by_treatment(real_kb, result, profile)
    assert set(split) == {r.id for r in [*result.recommended, *result.deferred]}
    assert all(not s.apply for s in split.values()), "nothing contraindicated applies to this patient"
    others = [c.attribute.label for s in split.values() for c in s.other]
    assert any("male" in label for label in others), others
