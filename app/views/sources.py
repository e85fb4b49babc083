"""Sources: each source document, the claims drawn from it, and where it disagrees with another."""

from __future__ import annotations

import streamlit as st
from state import get_kb
from ui import claim_value, show_disagreement

from kb import browse

kb = get_kb()
st.title("Sources")
all_sources = browse.sources(kb)
titles = {s.iri: s.title for s in all_sources}

st.header("Where the sources disagree")
found = browse.disagreements(kb)
if not found:
    st.caption("No disagreements are recorded.")
for item in found:
    show_disagreement(item, source_titles=titles)

st.header("Documents")
for source in all_sources:
    drawn = browse.claims(kb, source=source.iri)
    with st.expander(f"{source.label}: {source.title} ({len(drawn)} claims)", expanded=False):
        details = []
        if source.publishers:
            details.append("Publisher: " + "; ".join(source.publishers))
        if source.creators:
            details.append("Author: " + "; ".join(source.creators))
        if source.subjects:
            details.append("Topic: " + "; ".join(source.subjects))
        if source.file:
            details.append(f"File: `{source.file}`")
        st.markdown("  \n".join(details))
        if source.definition:
            st.write(source.definition)
        conflicts = browse.source_conflicts(kb, source.iri)
        if conflicts:
            st.markdown("**Disagrees with another source:**")
            for mine, theirs in conflicts:
                other = theirs.source.label if theirs.source else "another source"
                other_title = titles.get(theirs.source.iri, "") if theirs.source else ""
                st.markdown(f"- {mine.statement} — but {other} ({other_title}) says: {theirs.statement}")
        st.markdown("**Claims drawn from it:**")
        st.dataframe(
            [
                {
                    "statement": c.statement,
                    "claim": claim_value(c),
                    "quote": c.quote,
                    "evidence": c.evidence.curie if c.evidence else "",
                }
                for c in drawn
            ],
            hide_index=True,
        )
