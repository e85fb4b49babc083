"""The ranking's parts come from the policy's columns: parts declared in a copy of ``ranking.rq`` (and nothing
else changed) show up in the result's JSON and words; the header's part lines are read or refused clearly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from kb import paths
from kb.errors import RuleError
from kb.explain.render import render
from kb.knowledge_base import load_kb
from kb.namespaces import PKB
from kb.ranking_policy import KINDS, parse_parts, render_template
from kb.recommend import recommend
from kb.recommend.ranking import _READERS
from kb.rules.model import ANY_PREDICATE
from kb.rules.reads import query_predicates
from kb.validation.syntax import check_sparql

ROOT = Path(__file__).resolve().parents[2]
PROFILE = json.loads(
    (ROOT / "tests" / "scenarios" / "issue-example" / "profile.json").read_text(encoding="utf-8")
)
ADDED_PARTS = (
    '# part: onset_weeks = number ?onset; text "works within {value} weeks"; empty "onset not recorded"\n'
    '# part: acts_through = terms ?mechanisms; text "acts through {labels}"\n'
)
ADDED_PATTERNS = """
  OPTIONAL { ?t pkb:onsetWeeks ?onset }
  OPTIONAL {
    { SELECT ?t (GROUP_CONCAT(STR(?m); separator=" ") AS ?mechanisms) WHERE { ?t pkb:actsThrough ?m } GROUP BY ?t }
  }"""


def _with_two_more_columns(policy: str) -> str:
    """The policy with two more columns (the onset in weeks, the mechanisms) and their part lines; nothing else."""
    header, query = policy.split("SELECT DISTINCT ", 1)
    query = query.replace(" WHERE {", " ?onset ?mechanisms WHERE {", 1)
    label = "  OPTIONAL { ?t rdfs:label ?label }"
    query = query.replace(label, label + ADDED_PATTERNS)
    return header + ADDED_PARTS + "SELECT DISTINCT " + query


def test_columns_added_to_the_policy_show_up_in_the_result(tmp_path: Path) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(paths.ontology_dir(), ontology)
    policy = ontology / "policy" / "ranking.rq"
    policy.write_text(_with_two_more_columns(policy.read_text(encoding="utf-8")), encoding="utf-8")
    kb = load_kb()
    base = recommend(PROFILE, kb=kb)
    changed = recommend(PROFILE, kb=load_kb(ontology))

    assert [r.id for r in changed.recommended] == [r.id for r in base.recommended]
    onsets = {}
    for before, after in zip(base.recommended, changed.recommended, strict=True):
        assert before.ranking is not None and after.ranking is not None
        keys = [p.key for p in after.ranking.parts]
        assert keys == [p.key for p in before.ranking.parts] + ["onset_weeks", "acts_through"]
        ranking = after.ranking.to_json()
        onset = onsets[after.label] = ranking["onset_weeks"]
        mechanisms = sorted(kb.index.asserted[(URIRef(after.id), PKB.actsThrough)], key=kb.index.label)
        assert [m["id"] for m in ranking["acts_through"]] == [str(m) for m in mechanisms]
        words = f"works within {onset} weeks" if onset else "onset not recorded"
        labels = ", ".join(kb.index.label(m) for m in mechanisms)
        assert after.score_text == f"{before.score_text}; {words}; acts through {labels}"
    assert any(onsets.values()) and not all(onsets.values()), onsets  # both wordings are exercised

    data = json.loads(render(changed, "json"))
    assert [r["ranking"]["onset_weeks"] for r in data["recommended"]] == list(onsets.values())
    assert "works within" in render(changed, "markdown")


def test_the_installed_policy_declares_its_parts_in_order() -> None:
    text = (paths.ontology_dir() / "policy" / "ranking.rq").read_text(encoding="utf-8")
    parts = parse_parts(text, "ranking.rq")
    assert [p.key for p in parts] == [
        "care_tier",
        "care_tier_rank",
        "evidence_strength",
        "evidence",
        "causes_addressed",
        "co_benefits",
    ]
    assert set(_READERS) == set(KINDS)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("# part: x = colour ?c", "unknown part kind 'colour'"),
        ("# part: x ?c", "a part line reads"),
        ('# part: x = number ?c; txt "a"', "cannot read"),
        ("# part: x = number ?c\n# part: x = term ?d", "declared twice"),
    ],
)
def test_a_bad_part_line_is_refused_with_its_place(line: str, message: str) -> None:
    with pytest.raises(RuleError, match=message) as caught:
        parse_parts(f"# id: ranking\n{line}\nSELECT ?t WHERE {{ ?t ?p ?o }}", "policy/ranking.rq")
    assert str(caught.value).startswith("policy/ranking.rq:")


def test_a_template_falls_back_to_another_field_or_to_words() -> None:
    fields = {"kind": "", "title": "", "document": "000.txt", "evidence": "ECO"}
    assert render_template("{kind|ungraded source}, {evidence} ({title|document})", fields) == (
        "ungraded source, ECO (000.txt)"
    )


def test_validation_names_a_bad_part_line(tmp_path: Path) -> None:
    """The syntax check reads the policy's part lines: a bad one is an error naming the file and the line."""
    policy = tmp_path / "policy" / "ranking.rq"
    policy.parent.mkdir()
    text = (paths.ontology_dir() / "policy" / "ranking.rq").read_text(encoding="utf-8")
    policy.write_text(text.replace("= number ?nb", "= count ?nb"), encoding="utf-8")
    results = check_sparql(tmp_path)
    assert [(r.check, r.rule) for r in results] == [("syntax", "ranking-part")]
    assert results[0].message == (
        "ranking part: unknown part kind 'count' (allowed: number, term, terms, addressed-causes, weakest-link)"
    )
    assert results[0].file is not None and results[0].file.endswith("ranking.rq")
    assert results[0].line == text[: text.index("= number ?nb")].count("\n") + 1
    policy.write_text(text, encoding="utf-8")
    assert check_sparql(tmp_path) == []


def test_the_policy_names_the_predicates_it_reads_so_the_engine_keeps_them_stored() -> None:
    text = (paths.ontology_dir() / "policy" / "ranking.rq").read_text(encoding="utf-8")
    reads = query_predicates(text)
    assert {PKB.recommendedTreatment, PKB.pendingTreatment, PKB.evidenceStrength, PKB.inCareTier} <= reads
    assert PKB.notIndicatedTreatment not in reads
    # a variable predicate may read anything: the engine then keeps every derived triple stored
    assert ANY_PREDICATE in query_predicates("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(RuleError, match="does not parse"):
        query_predicates("SELECT * WHERE {")
