"""Consult: a profile form whose choices come from the KB, ranked recommendations with mechanisms, causes
addressed and cautions, WHY / WHY NOT explanations with source quotes and graphs, and the sources'
disagreement.

Privacy: the profile lives only in this session's memory; it is not cached across sessions, stored or logged.
"""

from __future__ import annotations

import dataclasses

import streamlit as st
from state import get_kb
from ui import score_summary, show_claim, show_disagreement, show_sources, show_tree

from kb import browse
from kb.errors import ProfileError
from kb.explain import render
from kb.profile import LIST_CODE_FIELDS, SINGLE_CODE_FIELDS, profile_codes
from kb.recommend import DISCLAIMER, recommend

kb = get_kb()
codes = profile_codes(kb)
labels = {field: dict(pairs) for field, pairs in codes.items()}

st.title("Consult")
st.warning(f"**{DISCLAIMER}**", icon="⚕")

FIELD_TITLES = {
    "sex": "Sex",
    "skin_type": "Skin type",
    "findings": "Findings",
    "history": "History",
    "avoid": "Wants to avoid",
}

with st.form("profile"):
    left, right = st.columns(2)
    with left:
        age = st.number_input("Age (years)", min_value=0, max_value=130, value=None, step=1, key="age")
        single = {
            field: st.selectbox(
                FIELD_TITLES.get(field, field),
                [n for n, _ in codes.get(field, [])],
                index=None,
                format_func=labels.get(field, {}).get,
                key=field,
                placeholder="not recorded",
            )
            for field in SINGLE_CODE_FIELDS
        }
        pregnant = st.selectbox(
            "Pregnancy",
            [n for n, _ in codes.get("pregnant", [])],
            index=None,
            format_func=labels.get("pregnant", {}).get,
            key="pregnant",
            placeholder="not recorded",
        )
        downtime = st.number_input(
            "Most days of downtime accepted", min_value=0.0, value=None, step=1.0, key="max_downtime_days"
        )
    with right:
        multi = {
            field: st.multiselect(
                FIELD_TITLES.get(field, field),
                [n for n, _ in codes.get(field, [])],
                format_func=labels.get(field, {}).get,
                key=field,
            )
            for field in LIST_CODE_FIELDS
        }
    submitted = st.form_submit_button("Recommend", type="primary")

if submitted:
    profile: dict[str, object] = {
        "age": None if age is None else int(age),
        **single,
        "pregnant": None if pregnant is None else pregnant == "true",
        **multi,
        "max_downtime_days": downtime,
    }
    profile = {k: v for k, v in profile.items() if v not in (None, [])}
    st.session_state["consult_count"] = st.session_state.get("consult_count", 0) + 1
    try:
        st.session_state["consult"] = recommend(profile, kb=kb)
        st.session_state.pop("consult_issues", None)
    except ProfileError as exc:
        st.session_state.pop("consult", None)
        st.session_state["consult_issues"] = exc.issues

for issue in st.session_state.get("consult_issues", []):
    allowed = f" Allowed: {', '.join(map(str, issue.allowed))}." if issue.allowed else ""
    st.error(f"**{issue.field}**: {issue.message}.{allowed}")

result = st.session_state.get("consult")
if result is not None:
    cause_ids = [c.id for c in result.causes]
    st.header("Likely causes")
    if not result.causes:
        st.caption("No likely cause was found for this profile.")
    for cause in result.causes:
        with st.expander(f"{cause.label}: why is it likely?"):
            if cause.why:
                show_tree(cause.why)
    for item in result.advice:
        st.info(
            f"**{item.label}**: a likely cause the patient can change; no treatment in the KB addresses it."
        )

    st.header("Recommended treatments (best first)")
    if not result.recommended:
        st.caption("No treatment is recommended for this profile.")
    for rec in result.recommended:
        with st.container(border=True, key=f"rec-{rec.rank}"):
            st.subheader(f"{rec.rank}. {rec.label}")
            info, safety = st.columns(2)
            with info:
                st.markdown(f"**Score** {rec.score} ({score_summary(rec.score_parts)})")
                st.markdown("**Acts through:** " + (", ".join(m.label for m in rec.mechanisms) or "—"))
                addressed = browse.causes_addressed(kb, rec.id, among=cause_ids)
                st.markdown("**Causes addressed:** " + (", ".join(c.label for c in addressed) or "—"))
            with safety:
                st.markdown("**Cautions**")
                if not rec.cautions:
                    st.caption("No caution is recorded for this patient.")
                for caution in rec.cautions:
                    st.warning(caution.label, icon="⚠")
                    show_sources(caution.sources)
                for contra in browse.contraindications(kb, rec.id):
                    st.error(f"Contraindicated for: **{contra.attribute.label}**", icon="⛔")
                    for claim in contra.claims:
                        show_claim(claim)
            with st.expander(f"Why is {rec.label} recommended?"):
                if rec.why:
                    show_tree(rec.why)
                # Graphs are drawn on request: laying out a dozen hidden graphs would slow every submission.
                if st.toggle("Draw the explanation as a graph", key=f"graph-why-{rec.id}"):
                    single_rec = dataclasses.replace(result, recommended=[rec], not_recommended=[])
                    st.graphviz_chart(render(single_rec, "dot"), width="stretch")

    st.header("Not recommended")
    if not result.not_recommended:
        st.caption("Every treatment in the KB is recommended for this profile.")
    for item in result.not_recommended:
        with st.expander(f"Why not {item.label}?"):
            for node in item.why_not:
                show_tree(node)
            if st.toggle("Draw the explanation as a graph", key=f"graph-why-not-{item.id}"):
                single_not = dataclasses.replace(result, recommended=[], not_recommended=[item])
                st.graphviz_chart(render(single_not, "dot"), width="stretch")
    # Drawn last, so a browser (or a benchmark) can tell this submission's results are complete.
    st.caption(f"Consultation {st.session_state.get('consult_count', 1)} of this session")

st.header("Where the sources disagree")
titles = {s.iri: s.title for s in browse.sources(kb)}
for disagreement in browse.disagreements(kb):
    show_disagreement(disagreement, source_titles=titles)
