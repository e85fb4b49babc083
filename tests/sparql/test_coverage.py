"""The coverage report (named question ``coverage``): expected answers on the real KB, read and judged by hand.

Judged against the literature added for issue 16: every new treatment is backed by a review, label or study; the
seed causes the reviews also name carry the review as a second source; the items the reviews name that the KB leaves
out are listed with the review that names them and the reason; the trial facts travel with their sources.
"""

from __future__ import annotations

from collections import defaultdict

from kb.knowledge_base import KnowledgeBase
from kb.namespaces import KB_GRAPHS, PKB
from kb.sparql.named import bind_params, discover

COVERAGE = discover()["coverage"]
REVIEWS = {"source-lit-cutis-2016", "source-lit-dermatol-surg-2016", "source-lit-jcd-2023"}
STRONG = {
    "peer-reviewed review",
    "controlled clinical trial",
    "uncontrolled study",
    "regulatory label or regulator's text",
}


def _rows(kb: KnowledgeBase, kind: str | None = None) -> list[dict]:
    params = {"kind": kind} if kind else {}
    return kb.store.query(COVERAGE.text, bind_params(COVERAGE, params), graphs=KB_GRAPHS).dicts()


def _short(term) -> str:
    return str(term).removeprefix(str(PKB))


def _by_term(rows: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        grouped[_short(r["term"])].append(r)
    return grouped


def test_every_literature_treatment_rests_on_the_literature(ox_kb: KnowledgeBase) -> None:
    treatments = _by_term(_rows(ox_kb, "treatment"))
    new = [
        "treatment-topical-tretinoin",
        "treatment-topical-tazarotene",
        "treatment-glycolic-acid-peel",
        "treatment-salicylic-acid-peel",
        "treatment-spironolactone",
        "treatment-cyproterone-ethinylestradiol",
        "treatment-nd-yag-1064-laser",
        "treatment-erbium-yag-laser",
        "treatment-nonablative-fractional-1410-laser",
        "treatment-nonablative-fractional-1565-laser",
        "treatment-topical-copper-chlorophyllin",
    ]
    for t in new:
        kinds = {str(r["sourceKind"]) for r in treatments[t]}
        assert kinds & STRONG, (t, kinds)
    # the reviews that discuss each treatment, as the curators read them
    discussed = {
        t: {_short(r["source"]) for r in rows if str(r["sourceKind"]) == "peer-reviewed review"} & REVIEWS
        for t, rows in treatments.items()
    }
    assert discussed["treatment-topical-tretinoin"] == {"source-lit-cutis-2016"}
    assert discussed["treatment-glycolic-acid-peel"] == {"source-lit-cutis-2016"}
    assert discussed["treatment-microneedling"] == {
        "source-lit-cutis-2016"
    }  # a seed treatment the review also lists
    assert discussed["treatment-pico-laser"] == set()  # seed only: not yet covered by the literature


def test_trial_facts_travel_with_their_sources(ox_kb: KnowledgeBase) -> None:
    ndyag = _by_term(_rows(ox_kb, "treatment"))["treatment-nd-yag-1064-laser"]
    trial = [r for r in ndyag if _short(r["source"]) == "source-lit-ndyag-carbon-trial"]
    assert trial, "the Nd:YAG split-face trial backs the Nd:YAG laser"
    assert str(trial[0]["sourceKind"]) == "controlled clinical trial"
    assert int(trial[0]["patients"]) == 25 and trial[0]["controlled"].toPython() is True
    assert "75%" in str(trial[0]["outcome"])
    chlorophyllin = _by_term(_rows(ox_kb, "treatment"))["treatment-topical-copper-chlorophyllin"]
    pilot = next(r for r in chlorophyllin if _short(r["source"]) == "source-lit-chlorophyllin-pilot")
    assert int(pilot["patients"]) == 10 and pilot["controlled"].toPython() is False
    # sorted strongest kind first within a term
    ranks = [int(r["kindRank"]) for r in ndyag]
    assert ranks == sorted(ranks, reverse=True)


def test_seed_causes_gain_the_reviews_as_second_source(ox_kb: KnowledgeBase) -> None:
    causes = _by_term(_rows(ox_kb, "cause"))
    for cause in (
        "cause-excess-sebum",
        "cause-ageing",
        "cause-genetics",
        "cause-acne-and-blackheads",
        "cause-sun-damage",
    ):
        sources = {_short(r["source"]) for r in causes[cause]}
        assert sources & REVIEWS, cause
        assert any(s.startswith("source-00") for s in sources), (
            cause
        )  # the seed stays a source: one term, two sources
    for cause in (
        "cause-hair-follicle-volume",
        "cause-ovulation-phase",
        "cause-comedogenic-products",
        "cause-chronic-radiodermatitis",
        "cause-vitamin-a-deficiency",
    ):
        assert {_short(r["source"]) for r in causes[cause]} & REVIEWS, cause
    assert not {_short(r["source"]) for r in causes["cause-lack-of-sleep"]} & REVIEWS  # seed only


def test_items_left_out_are_listed_with_their_reason(ox_kb: KnowledgeBase) -> None:
    left_out = _by_term(_rows(ox_kb, "not covered"))
    assert {
        "not-covered-microfocused-ultrasound",
        "not-covered-fractional-radiofrequency",
        "not-covered-photodynamic-therapy",
        "not-covered-laser-hair-removal",
        "not-covered-diode-laser-1450",
    } <= set(left_out)
    for item, rows in left_out.items():
        assert all(str(r["reasonLeftOut"]).strip() for r in rows), item
        assert any(str(r["sourceKind"]) == "peer-reviewed review" for r in rows), (
            f"{item} is not named by a review"
        )
    assert all(r["kind"].toPython() == "not covered" for rows in left_out.values() for r in rows)


def test_the_report_covers_every_cause_and_treatment(ox_kb: KnowledgeBase) -> None:
    everything = {_short(r["term"]) for r in _rows(ox_kb)}
    terms = ox_kb.select(
        "SELECT ?t WHERE { { ?t a <https://w3id.org/porekb/Cause> } "
        "UNION { ?t a <https://w3id.org/porekb/Treatment> } }"
    )
    assert {_short(r["t"]) for r in terms} <= everything
