"""The generated safety suite: for every safety fact in the KB, a profile that triggers it, and what must follow.

- contraindicated / not indicated: the treatment is never recommended nor deferred, and its WHY NOT names the fact;
- defer: the treatment is never recommended; it is deferred (or not recommended) with the fact among the reasons;
- caution: wherever the treatment is recommended or deferred, the caution stands beside it.
"""

from __future__ import annotations

import json

import pytest
from rdflib import URIRef

from kb.knowledge_base import load_kb
from kb.recommend import recommend
from tests.safety.cases import SafetyCase, safety_cases

KB = load_kb()
CASES = safety_cases(KB)


def test_the_suite_covers_every_kind_of_safety_fact() -> None:
    assert {"contraindicated", "not-indicated", "defer", "caution"} <= {c.action for c in CASES}


def _mentions(nodes, fact: str) -> bool:
    """Whether an explanation names the fact (its label, without a leading "caution:")."""
    label = KB.index.label(URIRef(fact))
    label = label.split(":", 1)[1].strip() if label.lower().startswith("caution:") else label
    return label.lower() in json.dumps([n.to_json() for n in nodes], ensure_ascii=False).lower()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_safety_fact_holds(case: SafetyCase) -> None:
    result = recommend(case.profile, kb=KB)
    recommended = {r.id: r for r in result.recommended}
    deferred = {d.id: d for d in result.deferred}
    refused = {n.id: n for n in result.not_recommended}
    where = f"profile {case.profile}"
    if case.action in ("contraindicated", "not-indicated"):
        assert case.treatment not in recommended and case.treatment not in deferred, where
        assert _mentions(refused[case.treatment].why_not, case.fact), (
            f"WHY NOT does not name {case.fact}: {where}"
        )
    elif case.action == "defer":
        assert case.treatment not in recommended, where
        reasons = (
            deferred[case.treatment].why_deferred
            if case.treatment in deferred
            else refused[case.treatment].why_not
        )
        assert _mentions(reasons, case.fact), f"the reasons do not name {case.fact}: {where}"
    else:
        placed = recommended.get(case.treatment) or deferred.get(case.treatment)
        if placed is None:
            pytest.fail(f"the caution's profile does not make the treatment a candidate: {where}")
        assert case.fact in {c.id for c in placed.cautions}, f"caution missing beside the treatment: {where}"
