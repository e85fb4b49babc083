"""WHY trees: from a derived triple down through its justifications to profile facts and sourced KB facts."""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node

from kb.kb_index import KBIndex, SourceRef
from kb.namespaces import PKB
from kb.rules.model import Justification, Rule, Triple

PROFILE_RULE = "profile"
KB_FACT_RULE = "kb-fact"
REASONER_RULE = "owl-reasoner"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class ExplanationNode:
    """One step of an explanation: a statement, the rule that concluded it, its sources, and its reasons."""

    statement: str
    rule: str
    sources: list[SourceRef] = field(default_factory=list)
    because: list[ExplanationNode] = field(default_factory=list)
    kind: str = "derived"  # derived | profile | kb-fact | reasoner | condition | reference

    def to_json(self) -> dict[str, Any]:
        """The node as in the JSON contract: statement, rule, sources, because (a fresh dict each call)."""
        return {
            "statement": self.statement,
            "rule": self.rule,
            "kind": self.kind,
            "sources": [s.to_json() for s in self.sources],
            "because": [c.to_json() for c in self.because],
        }

    def with_reasons(self, extra: list[ExplanationNode]) -> ExplanationNode:
        """A copy of this node with more reasons appended (nodes may be shared between trees)."""
        return ExplanationNode(
            self.statement, self.rule, list(self.sources), [*self.because, *extra], self.kind
        )

    def leaves(self) -> list[ExplanationNode]:
        """The nodes without reasons below this one."""
        if not self.because:
            return [self]
        return [leaf for child in self.because for leaf in child.leaves()]


class TreeBuilder:
    """Builds explanation nodes for one case from the case and KB justifications."""

    def __init__(
        self,
        index: KBIndex,
        patient: URIRef,
        profile: Sequence[Triple],
        justifications: Mapping[Triple, list[Justification]],
        rules: Mapping[str, Rule],
        *,
        kb_memo: dict[Triple, ExplanationNode] | None = None,
        case_derived: Container[Triple] = (),
    ) -> None:
        """``kb_memo``: subtrees of the KB's own facts (neither the profile's nor in ``case_derived``, what the
        case rules derived), kept across cases: they hold the KB's facts and rules only, so they are the same
        for every patient (one dict per KB; the nodes in it are never changed)."""
        self.index, self.patient, self.rules = index, patient, rules
        self.profile = set(profile)
        self.justifications = justifications
        self._memo: dict[
            Triple, ExplanationNode
        ] = {}  # subtrees are shared: the same fact has the same reasons
        self._kb_memo = kb_memo
        self._case_derived = case_derived
        self._drops = 0

    # ---------------------------------------------------------------- text
    def label(self, node: Node) -> str:
        """A term's label; the patient node is "the patient"."""
        return "the patient" if node == self.patient else self.index.label(node)

    def statement(self, triple: Triple) -> str:
        """An English sentence for a triple, from its property's statement template."""
        s, p, o = triple
        if p == RDF.type:
            text = f"{self.label(s)} is a {self.label(o)}"
        else:
            template = self.index.templates.get(p) or "{subject} " + self.index.label(p) + " {object}"
            text = template.replace("{subject}", self.label(s)).replace("{object}", self.label(o))
        return _capitalise(text)

    def explains(self, just: Justification) -> str:
        """The rule's ``explains`` sentence with the labels of its bindings, else the statement."""
        rule = self.rules.get(just.rule_id)
        if rule is None or not rule.explains:
            return self.statement(just.triple)
        values = dict(just.bindings)

        return _capitalise(_PLACEHOLDER.sub(lambda m: self._filled(m, values), rule.explains))

    def _filled(self, m: re.Match[str], values: dict) -> str:
        value = values.get(m.group(1))
        return m.group(0) if value is None else self.label(value)

    # ---------------------------------------------------------------- trees
    def node(self, triple: Triple, path: frozenset[Triple] = frozenset()) -> ExplanationNode:
        """The explanation of one triple (derived, profile, inferred or asserted); subtrees are memoised."""
        memo = self._memo.get(triple)
        if memo is not None:
            return memo
        kb_only = (
            self._kb_memo is not None and triple not in self.profile and triple not in self._case_derived
        )
        if kb_only and (memo := self._kb_memo.get(triple)) is not None:  # type: ignore[union-attr]
            return memo
        drops = self._drops
        node = self._node(triple, path)
        if self._drops == drops:  # no reason was left out to avoid a cycle: the subtree holds on any path
            self._memo[triple] = node
            if kb_only:
                self._kb_memo[triple] = node  # type: ignore[index]
        return node

    def _node(self, triple: Triple, path: frozenset[Triple], expand: bool = True) -> ExplanationNode:
        if triple in self.profile:
            return ExplanationNode(self.statement(triple), PROFILE_RULE, kind="profile")
        all_justs = self.justifications.get(triple, [])
        on_path = path | {triple}
        justs = [j for j in all_justs if on_path.isdisjoint(j.premises)]
        self._drops += len(all_justs) - len(justs)
        if justs:
            nodes = [self.justification_node(j, path | {triple}, expand=expand) for j in justs]
            if len(nodes) == 1:
                return nodes[0]
            rules = sorted({j.rule_id for j in justs})
            return ExplanationNode(self.statement(triple), " | ".join(rules), because=nodes if expand else [])
        if triple in self.index.inferred:
            return self.reasoner_node(triple, expand)
        return ExplanationNode(
            self.statement(triple), KB_FACT_RULE, self.index.sources(triple), kind="kb-fact"
        )

    def head(self, triple: Triple) -> ExplanationNode:
        """The node :meth:`node` gives for a triple, without the nodes below it (cheap: no subtree is built)."""
        return self._node(triple, frozenset(), expand=False)

    def justification_node(
        self,
        just: Justification,
        path: frozenset[Triple],
        shallow: frozenset[Node] = frozenset(),
        omit: frozenset[Node] = frozenset(),
        expand: bool = True,
    ) -> ExplanationNode:
        """One rule firing as a node: its premises (minus bare typing facts) and its negated conditions.

        Premises whose predicate is in ``shallow`` are stated without their reasons (kind ``reference``: they
        are explained elsewhere in the result); those in ``omit`` are left out. ``expand=False``: the node
        alone, nothing below it.
        """
        if not expand:
            return ExplanationNode(self.explains(just), just.rule_id)
        children = [
            ExplanationNode(self.statement(p), self._rule_of(p), kind="reference")
            if p[1] in shallow
            else self.node(p, path)
            for p in just.premises
            if not self._bare_type(p) and p[1] not in omit
        ]
        children += [
            ExplanationNode(self.negation(i, text, just), just.rule_id, kind="condition")
            for i, text in enumerate(just.negated)
        ]
        return ExplanationNode(self.explains(just), just.rule_id, because=children)

    def negation(self, index: int, text: str, just: Justification) -> str:
        """A NOT EXISTS condition: the rule's ``checks`` sentence, else the condition with labels for terms."""
        values = dict(just.bindings)
        rule = self.rules.get(just.rule_id)
        if rule is not None and index < len(rule.checks):
            return _capitalise(_PLACEHOLDER.sub(lambda m: self._filled(m, values), rule.checks[index]))

        def term(m: re.Match[str]) -> str:
            token = m.group(0)
            if token.startswith("?"):
                value = values.get(token[1:])
                return self.label(value) if value is not None else "something"
            if token == "a":
                return "is a"
            return self.index.label(PKB[token.split(":", 1)[1]])

        inner = text[text.index("{") + 1 : text.rindex("}")].strip().rstrip(".")
        inner = re.sub(r"\?\w+|\bpkb:[\w-]+|\ba\b", term, inner)
        return f"Checked that it is not the case that: {inner}"

    def _rule_of(self, triple: Triple) -> str:
        justs = self.justifications.get(triple, [])
        return " | ".join(sorted({j.rule_id for j in justs})) or KB_FACT_RULE

    def reasoner_node(self, triple: Triple, expand: bool = True) -> ExplanationNode:
        """An OWL-inferred type, explained by the asserted facts the class definition is about."""
        s, _, cls = triple
        children = []
        for prop, wanted in self.index.definition_properties.get(cls, []) if expand else []:
            for value in self.index.asserted.get((s, prop), []):  # type: ignore[arg-type]
                if wanted is None or value == wanted:
                    children.append(self.node((s, prop, value)))
        text = f"{self.label(s)} is classified as a {self.label(cls)} by the OWL reasoner"
        return ExplanationNode(_capitalise(text), REASONER_RULE, because=children, kind="reasoner")

    def _bare_type(self, triple: Triple) -> bool:
        """Typing facts (``x a pkb:Cause``, ``p a pkb:PatientProfile``): no proof needed."""
        s, p, o = triple
        return (
            p == RDF.type
            and triple not in self.index.inferred
            and (s == self.patient or (isinstance(o, URIRef) and str(o).startswith(str(PKB))))
        )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def literal_value(node: Node) -> Any:
    """A literal as a JSON-friendly Python value (numbers stay numbers)."""
    if isinstance(node, Literal):
        value = node.toPython()
        if hasattr(value, "as_integer_ratio") and not isinstance(value, bool | int | float):
            value = float(value)
        return int(value) if isinstance(value, float) and value.is_integer() else value
    return str(node)
