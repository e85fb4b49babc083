"""Small display helpers shared by the pages (no knowledge, no queries: they lay out what ``kb`` returns)."""

from __future__ import annotations

import streamlit as st

from kb.browse import ClaimInfo, DisagreementInfo, Relation
from kb.explain.markdown import tree_markdown
from kb.explain.tree import ExplanationNode
from kb.kb_index import SourceRef

ORIGIN_NOTE = {
    "asserted": "asserted",
    "inferred": "inferred by the OWL reasoner",
    "derived": "derived by a KB rule",
}


def quote_markdown(quote: str) -> str:
    """A verbatim source quote as a Markdown block quote (Markdown specials escaped)."""
    escaped = quote.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
    return "> " + escaped.replace("\n", " ")


def claim_value(claim: ClaimInfo) -> str:
    """What a claim asserts of its subject, as ``predicate object`` text."""
    target = claim.object.label if claim.object else (claim.value or "")
    predicate = claim.predicate.label if claim.predicate else ""
    subject = claim.subject.label if claim.subject else ""
    return f"{subject} · {predicate} · {target}".strip(" ·")


def show_claim(claim: ClaimInfo, *, source_titles: dict[str, str] | None = None) -> None:
    """A claim: its statement, the triple it backs, the verbatim quote, and its source and evidence."""
    st.markdown(f"**{claim.statement or claim.label}**")
    st.caption(claim_value(claim))
    if claim.quote:
        st.markdown(quote_markdown(claim.quote))
    if claim.source:
        title = (source_titles or {}).get(claim.source.iri, "")
        name = (
            claim.source.label
            if not title or title in claim.source.label
            else f"{claim.source.label} — {title}"
        )
        st.caption(f"Source: {name}" + (f" · evidence {claim.evidence}" if claim.evidence else ""))
    if claim.note:
        st.caption(f"Curator note: {claim.note}")


def show_disagreement(item: DisagreementInfo, *, source_titles: dict[str, str] | None = None) -> None:
    """A disagreement with its positions side by side, each with its claims, quotes and sources."""
    st.markdown(f"#### ⚖ {item.label}")
    if item.definition:
        st.write(item.definition)
    positions = item.positions()
    if not positions:
        st.caption("No claims recorded on either side.")
        return
    for column, (position, claims) in zip(st.columns(len(positions)), positions, strict=True):
        with column:
            st.markdown(f"**{position}** ({len(claims)} source{'s' if len(claims) != 1 else ''})")
            for claim in claims:
                with st.container(border=True):
                    show_claim(claim, source_titles=source_titles)


def relation_rows(relations: tuple[Relation, ...] | list[Relation]) -> list[dict[str, str]]:
    """Relations as table rows: property, the other end, and where the edge comes from."""
    return [
        {
            "property": r.property.label + (f" ({r.quantifier})" if r.quantifier else ""),
            "term": r.other.label if r.other else (r.value or ""),
            "id": r.other.curie if r.other else "",
            "origin": ORIGIN_NOTE.get(r.origin, r.origin),
        }
        for r in relations
    ]


def show_tree(node: ExplanationNode) -> None:
    """An explanation tree (statement, rule, source quotes, reasons) as a nested list."""
    st.markdown("\n".join(tree_markdown(node)))


def show_sources(refs: list[SourceRef]) -> None:
    """Source quotes behind a fact, one block quote each with the document (in one Markdown element)."""
    if refs:
        st.markdown(
            "\n\n".join(
                f"{quote_markdown(ref.quote)}  \n> — *{ref.title or ref.document}* ({ref.kind or 'source'})"
                for ref in refs
            )
        )
