"""A treatment's ranking parts, read from the ranking policy's row: one value reader per part kind.

The policy (:mod:`kb.ranking_policy`) declares which columns are shown, under which key and in which words; this
module only knows the kinds of value: a number, a term, a list of terms (IRIs separated by spaces, e.g. a
``GROUP_CONCAT``), and two read from the treatment's column: the patient's likely causes it addresses
(``addressed-causes``: rule K00's ``pkb:addressesCause``, which the KB's derivation already holds, so the query
need not aggregate them) and the claim that limits its best chain to a likely cause (``weakest-link``: the claim
behind rule R60's evidence strength).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from kb.explain.tree import literal_value
from kb.kb_index import KBIndex, SourceRef
from kb.namespaces import PKB
from kb.ranking_policy import PartSpec, render_template
from kb.recommend.model import Ranking, RankingPart, Term


@dataclass(frozen=True)
class _Context:
    index: KBIndex
    causes: set[Node]
    addresses: Mapping[Node, list[Node]]


@dataclass(frozen=True)
class _Value:
    json: Any
    fields: dict[str, str]
    empty: bool


def ranking_of(
    parts: Sequence[PartSpec],
    row: dict[str, Node | None],
    index: KBIndex,
    causes: set[Node],
    addresses: Mapping[Node, list[Node]],
) -> Ranking:
    """The ranking parts of one policy row, in the policy's order (a column the row lacks reads as empty).

    ``causes`` are the patient's likely causes; ``addresses`` the causes each treatment addresses (the KB's)."""
    context = _Context(index, causes, addresses)
    out = []
    for spec in parts:
        value = _READERS[spec.kind](row.get(spec.column), spec, context)
        template = spec.empty if value.empty and spec.empty is not None else spec.text
        text = render_template(template, value.fields) if template else ""
        out.append(RankingPart(spec.key, value.json, text))
    return Ranking(out)


def _number(node: Node | None, spec: PartSpec, context: _Context) -> _Value:
    number = literal_value(node) if node is not None else 0
    return _Value(number, {"value": str(number)}, not number)


def _term(node: Node | None, spec: PartSpec, context: _Context) -> _Value:
    if node is None:
        return _Value(Term("", spec.empty or "").to_json(), {"id": "", "label": ""}, True)
    term = Term(str(node), context.index.label(node))
    return _Value(term.to_json(), {"id": term.id, "label": term.label}, False)


def _terms(node: Node | None, spec: PartSpec, context: _Context) -> _Value:
    nodes = [URIRef(i) for i in sorted(set(str(node).split()))] if node is not None else []
    return _term_list(nodes, context.index)


def _addressed_causes(node: Node | None, spec: PartSpec, context: _Context) -> _Value:
    addressed = set(context.addresses.get(node, [])) & context.causes if node is not None else set()
    return _term_list(addressed, context.index)


def _term_list(nodes: Iterable[Node], index: KBIndex) -> _Value:
    """Terms sorted by label; fields ``count`` and ``labels`` (joined by ', ')."""
    terms = [Term(str(n), index.label(n)) for n in sorted(nodes, key=index.label)]
    fields = {"count": str(len(terms)), "labels": ", ".join(t.label for t in terms)}
    return _Value([t.to_json() for t in terms], fields, not terms)


def _weakest_link(node: Node | None, spec: PartSpec, context: _Context) -> _Value:
    source = weakest_link_of_best_chain(context.index, node, context.causes) if node is not None else None
    if source is None:
        return _Value(None, {}, True)
    fields = {k: getattr(source, k) for k in ("document", "title", "kind", "evidence", "quote", "claim")}
    return _Value(source.to_json(), fields, False)


_READERS: dict[str, Callable[[Node | None, PartSpec, _Context], _Value]] = {
    "number": _number,
    "term": _term,
    "terms": _terms,
    "addressed-causes": _addressed_causes,
    "weakest-link": _weakest_link,
}


def weakest_link_of_best_chain(index: KBIndex, t: Node, causes: set[Node]) -> SourceRef | None:
    """The claim that limits the treatment's best chain to a likely cause (what rule R60's strength reflects).

    Ties are broken by the claim's IRI, so every store gives the same answer.
    """
    best: SourceRef | None = None
    for m in sorted(index.asserted.get((t, PKB.actsThrough), []), key=str):  # type: ignore[arg-type]
        for c in sorted(index.asserted.get((m, PKB.counteracts), []), key=str):  # type: ignore[arg-type]
            if c not in causes:
                continue
            links = [
                max(index.sources(triple), key=lambda s: (s.strength, s.claim), default=None)
                for triple in ((t, PKB.actsThrough, m), (m, PKB.counteracts, c))
            ]
            if None in links:
                continue
            weakest = min(links, key=lambda s: (s.strength, s.claim))  # type: ignore[union-attr]
            if best is None or (weakest.strength, weakest.claim) > (best.strength, best.claim):  # type: ignore[union-attr]
                best = weakest
    return best
