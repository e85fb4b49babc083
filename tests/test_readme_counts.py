"""The counts the README states (claims, rules, named questions) are the KB's own, so they cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

from kb.knowledge_base import load_kb
from kb.namespaces import sparql_prologue
from kb.rules.parse import load_rules

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _stated(pattern: str) -> int:
    match = re.search(pattern, README)
    assert match, f"the README no longer states {pattern!r}"
    return int(match.group(1).replace(",", ""))


def test_readme_counts_are_the_kbs() -> None:
    kb = load_kb()
    claims = kb.select(sparql_prologue() + "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a pkb:Claim }")[0]["n"]
    rules = load_rules(kb.ontology_dir / "rules")
    questions = list((kb.ontology_dir / "queries").glob("*.rq"))
    assert _stated(r"with ([\d,]+) claims") == int(claims)
    assert _stated(r"the expert system's (\d+) rules") == len(rules)
    assert _stated(r"(\d+) named competency questions") == len(questions)
