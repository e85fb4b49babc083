"""Explore: the class hierarchy (asserted and inferred) and a page per term."""

from __future__ import annotations

import streamlit as st
from state import get_kb
from ui import placed_markdown, relation_rows, show_claim

from kb import browse
from kb.escapes import markdown

kb = get_kb()
st.title("Explore the knowledge base")
hierarchy_tab, term_tab = st.tabs(["Class hierarchy", "Term"])

with hierarchy_tab:
    hierarchy = browse.class_hierarchy(kb)
    show_members = st.toggle("Show individuals under their most specific classes", value=True)
    st.caption(
        "Links marked *(inferred)* were found by the OWL reasoner (HermiT), not written by the curators."
    )
    lines = []
    for depth, cls, inferred in hierarchy.walk():
        mark = " *(inferred)*" if inferred else ""
        lines.append(f"{'  ' * depth}- **{hierarchy.label(cls)}**{mark} `{browse.curie(cls)}`")
        if show_members:
            for member in hierarchy.members_of(cls):
                note = " *(inferred)*" if member.inferred else ""
                lines.append(f"{'  ' * (depth + 1)}- ◦ {hierarchy.label(member.individual)}{note}")
    st.markdown("\n".join(lines))

with term_tab:
    choices = browse.terms(kb)
    by_curie = {t.curie: t for t in choices}
    asked = st.query_params.get("term")
    initial = browse.find_term(kb, asked) if asked else None
    index = choices.index(initial) if initial in choices else None
    chosen = st.selectbox(
        "Term",
        choices,
        index=index,
        format_func=lambda t: f"{t.label} ({t.curie})",
        placeholder="Pick a class, property or individual…",
        key="explore_term",
    )
    if asked and initial is None:
        st.warning("The term in the address is not in the knowledge base.")
    if chosen is not None:
        st.query_params["term"] = chosen.curie
        details = browse.term_details(kb, chosen.iri)
        if details is None:
            st.error("This term is not in the knowledge base.")
        else:
            st.header(details.term.label)
            st.caption(f"{details.term.kind} · `{details.term.curie}` · {details.term.iri}")
            st.write(details.definition or "*No definition.*")
            if details.alt_labels:
                st.write("Also called: " + ", ".join(details.alt_labels))
            if details.types:
                st.markdown("**Types:** " + placed_markdown(details.types))
            place = details.place
            if place:
                st.subheader("Place in the ontology")
                lines = [
                    f"**{title}:** {placed_markdown(refs)}"
                    for title, refs in (
                        ("Subclass of", place.superclasses),
                        ("Subclasses", place.subclasses),
                        ("Members", place.members),
                    )
                    if refs
                ]
                lines += [f"**Axiom:** {a.relation} {markdown(a.expression)}" for a in place.axioms]
                st.markdown("  \n".join(lines))
            st.subheader("Cross-references")
            if details.xrefs:
                st.dataframe(
                    [
                        {"relation": x.relation_label, "term": x.target_curie, "IRI": x.target}
                        for x in details.xrefs
                    ],
                    hide_index=True,
                )
            else:
                st.caption("No cross-references to standard ontologies.")
            for column, title, relations in zip(
                st.columns(2),
                ("Relations out", "Relations in"),
                (details.outgoing, details.incoming),
                strict=True,
            ):
                with column:
                    st.subheader(title)
                    if relations:
                        st.dataframe(relation_rows(relations), hide_index=True)
                    else:
                        st.caption("None.")
            st.subheader("Neighbourhood")
            st.graphviz_chart(browse.neighbourhood_dot(kb, chosen.iri))
            st.caption("Dashed blue edges were inferred by the reasoner or derived by a rule.")
            titles = {s.iri: s.title for s in browse.sources(kb)}
            if details.claim is not None:
                st.subheader("The claim")
                with st.container(border=True):
                    show_claim(details.claim, source_titles=titles)
            st.subheader(f"Claims about {details.term.label}")
            if not details.claims:
                st.caption("No claims name this term.")
            for claim in details.claims:
                with st.container(border=True):
                    show_claim(claim, source_titles=titles)
            if details.cited_by:
                st.subheader(f"Claims citing {details.term.label} ({len(details.cited_by)})")
                for claim in details.cited_by:
                    with st.container(border=True):
                        show_claim(claim, source_titles=titles)
            if details.claims_using:
                st.subheader(
                    f"Claims asserting a triple with {details.term.label} ({len(details.claims_using)})"
                )
                st.markdown("\n".join(f"- {markdown(c.label)}" for c in details.claims_using))
    elif by_curie:
        st.info("Pick a term to see its page.")
