"""Safety cases generated from the KB: one triggering profile per contraindication, exclusion, deferral and caution.

Nothing here lists a treatment or a code: every case is read from the KB's safety facts
(``pkb:contraindicatedFor``; cautions with ``pkb:cautionAppliesWith``, age bounds and ``pkb:safetyAction``), so
adding a safety fact to the Turtle adds its test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kb.knowledge_base import KnowledgeBase
from kb.namespaces import sparql_prologue
from kb.profile_contract import ValueKind

_CONTRAINDICATIONS = "SELECT ?t ?code WHERE { ?t pkb:contraindicatedFor ?code } ORDER BY ?t ?code"
_CAUTIONS = """
SELECT ?t ?k ?action (GROUP_CONCAT(STR(?code); separator=" ") AS ?codes) ?from ?below WHERE {
  ?t pkb:hasCaution ?k .
  OPTIONAL { ?k pkb:safetyAction ?action0 }
  BIND (COALESCE(?action0, pkb:action-caution) AS ?action)
  OPTIONAL { ?k pkb:cautionAppliesWith ?code }
  OPTIONAL { ?k pkb:appliesFromAge ?from }
  OPTIONAL { ?k pkb:appliesBelowAge ?below }
} GROUP BY ?t ?k ?action ?from ?below ORDER BY ?t ?k
"""
_SUGGESTS = "SELECT ?code ?cause WHERE { ?code pkb:suggestsCause ?cause } ORDER BY ?code"
_GROUPS = "SELECT ?code ?g WHERE { ?code skos:broader ?g } ORDER BY ?code"
_AGE_CAUSES = """
SELECT ?cause ?min ?max WHERE {
  ?cause a pkb:Cause .
  OPTIONAL { ?cause pkb:minAge ?min }
  OPTIONAL { ?cause pkb:maxAge ?max }
  FILTER (BOUND(?min) || BOUND(?max))
}
"""


@dataclass
class SafetyCase:
    """A treatment, the safety fact about it, what it must do, and a profile that triggers it."""

    treatment: str
    fact: str  # the caution or the contraindicated code
    action: str  # contraindicated | not-indicated | defer | caution
    profile: dict[str, Any] = field(default_factory=dict)
    why: str = ""

    @property
    def id(self) -> str:
        short = lambda iri: iri.rsplit("/", 1)[-1]  # noqa: E731
        return f"{short(self.treatment)}--{short(self.fact)}--{self.action}"


def safety_cases(kb: KnowledgeBase) -> list[SafetyCase]:
    """Every safety fact of the KB with a profile that triggers it and, where possible, makes it a candidate."""
    pro = sparql_prologue()
    builder = _ProfileBuilder(kb)
    cases = []
    for row in kb.select(pro + _CONTRAINDICATIONS):
        t, code = row["t"], row["code"]
        profile = builder.profile(t, [code], None, None)
        cases.append(SafetyCase(str(t), str(code), "contraindicated", profile))
    for row in kb.select(pro + _CAUTIONS):
        codes = [URIRef(c) for c in str(row.get("codes") or "").split()]
        frm = int(row["from"]) if row.get("from") is not None else None
        below = int(row["below"]) if row.get("below") is not None else None
        action = str(row["action"]).rsplit("action-", 1)[-1]
        profile = builder.profile(row["t"], codes, frm, below)
        cases.append(SafetyCase(str(row["t"]), str(row["k"]), action, profile))
    return cases


class _ProfileBuilder:
    """Builds the smallest valid profile that has some codes, an age in bounds, and a cause the treatment treats."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.tables = kb.code_tables
        pro = sparql_prologue()
        self.suggests: dict[URIRef, list[URIRef]] = {}
        for row in kb.select(pro + _SUGGESTS):
            self.suggests.setdefault(row["cause"], []).append(row["code"])  # type: ignore[arg-type]
        self.age_causes = {
            row["cause"]: (row.get("min"), row.get("max")) for row in kb.select(pro + _AGE_CAUSES)
        }
        self.members: dict[URIRef, URIRef] = {}  # code group -> one member code
        for row in kb.select(pro + _GROUPS):
            self.members.setdefault(row["g"], row["code"])  # type: ignore[arg-type]

    def profile(self, treatment, codes, frm: int | None, below: int | None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "age": 30,
            "sex": "female",
            "skin_type": "normal",
            "findings": ["enlarged-pores"],
        }
        if frm is not None:
            data["age"] = max(frm, 30) if below is None else frm
        if below is not None:
            data["age"] = below - 1 if frm is None else frm
        for code in codes:
            self._add(data, self.members.get(code, code))
        self._make_candidate(data, treatment)
        return data

    def _add(self, data: dict[str, Any], code: URIRef) -> None:
        name, notation = self.tables.notation_of[code]
        field = self.tables.contract.field(name)
        if field is not None and field.kind is ValueKind.YES_NO:
            data[name] = notation == "true"
        elif field is not None and field.many:
            data.setdefault(name, [])
            if notation not in data[name]:
                data[name].append(notation)
        else:
            data[name] = notation

    def _make_candidate(self, data: dict[str, Any], treatment) -> None:
        for cause in sorted(self.kb.addresses.get(treatment, []), key=str):
            for code in sorted(self.suggests.get(cause, []), key=str):
                name, _ = self.tables.notation_of.get(code, ("", ""))
                field = self.tables.contract.field(name)
                if field is not None and (field.many or name == "skin_type"):
                    self._add(data, code)
                    return
            low, high = self.age_causes.get(cause, (None, None))
            if low is not None and data["age"] >= int(low):
                return
            if high is not None and data["age"] <= int(high):
                return
