"""Small display helpers shared by the pages (no knowledge, no queries: they lay out what ``kb`` returns)."""

from __future__ import annotations

import streamlit as st

from kb.browse import ORIGIN_NOTE, ClaimInfo, DisagreementInfo, Relation, TermRef
from kb.escapes import MARKDOWN_QUOTE, markdown
from kb.explain.markdown import numbered_tree_markdown, tree_markdown
from kb.explain.repeat import Numbering
from kb.explain.summary import Disputed, source_name
from kb.explain.tree import ExplanationNode
from kb.kb_index import SourceRef

# Icons that need no emoji font: Streamlit's bundled Material Symbols (served from 127.0.0.1).
ICON_CAUTION = ":material/warning:"
ICON_CONTRAINDICATED = ":material/block:"
ICON_DISCLAIMER = ":material/medical_information:"
ICON_DISPUTED = ":material/balance:"
ICON_ERROR = ":material/error:"


def quote_markdown(quote: str) -> str:
    """A verbatim source quote as a Markdown block quote (Markdown specials escaped)."""
    return "> " + markdown(quote, MARKDOWN_QUOTE)


def claim_value(claim: ClaimInfo) -> str:
    """What a claim asserts of its subject, as ``predicate object`` text."""
    target = claim.object.label if claim.object else (claim.value or "")
    predicate = claim.predicate.label if claim.predicate else ""
    subject = claim.subject.label if claim.subject else ""
    return f"{subject} · {predicate} · {target}".strip(" ·")


def source_label(label: str) -> str:
    """A source's label without its "source NNN:" prefix (the caption already says Source)."""
    head, _, rest = label.partition(":")
    return rest.strip() if rest and head.lower().startswith("source") else label


def show_claim(claim: ClaimInfo, *, source_titles: dict[str, str] | None = None) -> None:
    """A claim: its statement, the triple it backs, the verbatim quote, and its source and evidence in words."""
    st.markdown(f"**{claim.statement or claim.label}**")
    st.caption(claim_value(claim))
    if claim.quote:
        st.markdown(quote_markdown(claim.quote))
    if claim.source:
        title = (source_titles or {}).get(claim.source.iri, "") or source_label(claim.source.label)
        evidence = claim.evidence.label if claim.evidence else ""
        st.caption(f"Source: *{title}*" + (f" · evidence: {evidence}" if evidence else ""))
    if claim.note:
        st.caption(f"Curator note: {claim.note}")


def show_disagreement(item: DisagreementInfo, *, source_titles: dict[str, str] | None = None) -> None:
    """A disagreement with its positions side by side, each with its claims, quotes and sources."""
    question = (
        item.label.split(":", 1)[1].strip() if item.label.lower().startswith("disagreement:") else item.label
    )
    st.markdown(f"#### {ICON_DISPUTED} {question[:1].upper()}{question[1:]}")
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


def placed_markdown(refs: tuple[tuple[TermRef, str], ...] | list[tuple[TermRef, str]]) -> str:
    """Terms with their origin, as one line: ``a, b *(inferred by the OWL reasoner)*``."""
    return ", ".join(
        markdown(ref.label) + ("" if origin == "asserted" else f" *({ORIGIN_NOTE.get(origin, origin)})*")
        for ref, origin in refs
    )


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


def show_tree(node: ExplanationNode, numbering: Numbering | None = None) -> None:
    """An explanation tree (statement, rule, source quotes in words, reasons) as a nested list; with a shared
    ``numbering``, a subtree already drawn above is a pointer back to it."""
    lines = numbered_tree_markdown(numbering, node) if numbering is not None else tree_markdown(node)
    st.markdown("\n".join(lines))


def source_markdown(ref: SourceRef) -> str:
    """A source in words: the verbatim quote, then its title, kind and evidence type, and the curator's note."""
    kind = "; ".join(x for x in (ref.kind or "kind not recorded", ref.evidence) if x)
    text = f"{quote_markdown(ref.quote)}  \n> — *{source_name(ref)}* ({kind})"
    if ref.note:
        text += f"  \n> Curator note: {ref.note}"
    return text


def show_sources(refs: list[SourceRef]) -> None:
    """Source quotes behind a fact, one block quote each with title, kind and evidence (one Markdown element)."""
    if refs:
        st.markdown("\n\n".join(source_markdown(ref) for ref in refs))


def disputed_markdown(item: Disputed) -> str:
    """A disagreement a recommendation rests on, in one line: the question, this side, the other side's sources
    by title (their quotes are shown by :func:`show_sources`)."""
    titles = "; ".join(dict.fromkeys(f"*{source_name(ref)}*" for ref in item.other_side.sources))
    return (
        f"**Disputed: {item.question}** This recommendation rests on the answer **{item.this_side.position}**; "
        f"other sources answer **{item.other_side.position}**: {titles}."
    )
