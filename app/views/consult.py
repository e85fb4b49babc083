"""Consult: a profile form whose choices come from the KB, ranked recommendations with mechanisms, causes
addressed and cautions, WHY / WHY NOT explanations with source quotes and graphs, and the sources'
disagreement.

Speed: the form and its results form one fragment, so a submission redraws only them (not the title,
disclaimer or disagreement section); each explanation tree is sent to the browser only when its toggle is
switched on, in its own fragment, so opening one reruns only that explanation. The ranked list with
mechanisms, causes addressed, cautions and contraindications is always drawn.

Privacy: the profile and its result live only in this session's memory (``st.session_state``); they are not
cached across sessions, stored or logged.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import streamlit as st
from state import get_kb
from ui import show_claim, show_disagreement, show_sources, show_tree

from kb import browse
from kb.browse import Contraindication
from kb.errors import ProfileError
from kb.explain import render
from kb.explain.tree import ExplanationNode
from kb.profile import BOOLEAN_CODE_FIELDS, LIST_CODE_FIELDS, SINGLE_CODE_FIELDS, profile_codes
from kb.recommend import DISCLAIMER, Deferred, Recommendation, RecommendationResult, recommend

kb = get_kb()
codes = profile_codes(kb)
labels = {field: dict(pairs) for field, pairs in codes.items()}

FIELD_TITLES = {
    "sex": "Sex",
    "skin_type": "Skin type",
    "phototype": "Skin phototype (Fitzpatrick)",
    "pregnant": "Pregnancy",
    "breastfeeding": "Breastfeeding",
    "findings": "Findings",
    "history": "History",
    "avoid": "Wants to avoid",
}


@dataclasses.dataclass(frozen=True)
class Consultation:
    """One submission's result and the KB look-ups its cards show, computed once per submission."""

    result: RecommendationResult
    contraindications: dict[str, list[Contraindication]]  # treatment id -> its contraindications
    number: int  # which submission of this session it is


def consult(profile: dict[str, object], number: int) -> Consultation:
    """Recommend for ``profile`` and look up what every recommendation's card shows (raises ProfileError)."""
    result = recommend(profile, kb=kb)
    return Consultation(
        result=result,
        contraindications={
            r.id: browse.contraindications(kb, r.id) for r in [*result.recommended, *result.deferred]
        },
        number=number,
    )


@st.fragment
def explanation(
    label: str, key: str, nodes: Sequence[ExplanationNode], graph_of: RecommendationResult | None = None
) -> None:
    """A WHY / WHY NOT explanation behind a toggle: its tree (and, on request, its graph) is drawn only when
    the toggle is on. A fragment, so switching it reruns only this explanation."""
    if not st.toggle(label, key=key):
        return
    with st.container(border=True):
        if not nodes:
            st.caption("No explanation is recorded.")
        for node in nodes:
            show_tree(node)
        # Graphs are drawn on request: laying out a dozen graphs would slow every submission.
        if graph_of is not None and st.toggle("Draw the explanation as a graph", key=f"graph-{key}"):
            st.graphviz_chart(render(graph_of, "dot"), width="stretch")


def show_form() -> dict[str, object] | None:
    """The profile form; the entered profile (JSON field names, empty fields left out) once submitted."""
    with st.form("profile"):
        left, right = st.columns(2)
        with left:
            # a float field: an integer field would truncate 12.7 to 12 (and read "1e308" as 1) unseen;
            # a non-whole age reaches the profile checks, which refuse it with a message
            age = st.number_input(
                "Age (years)", min_value=0.0, max_value=130.0, value=None, step=1.0, format="%g", key="age"
            )
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
            flags = {
                field: st.selectbox(
                    FIELD_TITLES.get(field, field),
                    [n for n, _ in codes.get(field, [])],
                    index=None,
                    format_func=labels.get(field, {}).get,
                    key=field,
                    placeholder="not recorded",
                )
                for field in BOOLEAN_CODE_FIELDS
            }
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
        if not st.form_submit_button("Recommend", type="primary"):
            return None
    profile: dict[str, object] = {
        "age": None if age is None else (int(age) if float(age).is_integer() else age),
        **single,
        **{field: None if flag is None else flag == "true" for field, flag in flags.items()},
        **multi,
        "max_downtime_days": downtime,
    }
    return {k: v for k, v in profile.items() if v not in (None, [])}


def show_recommendation(consultation: Consultation, rec: Recommendation) -> None:
    """A ranked treatment's card: score, mechanisms, causes addressed, and beside them its cautions and
    contraindications (always shown); its WHY explanation on request."""
    prefix = "D" if isinstance(rec, Deferred) else ""
    with st.container(border=True, key=f"rec-{prefix}{rec.rank}"):
        st.subheader(f"{prefix}{rec.rank}. {rec.label}")
        info, safety = st.columns(2)
        with info:
            addressed = rec.ranking.causes_addressed if rec.ranking else []
            st.markdown(  # one element, not three: every element drawn costs the browser time
                f"**Ranking:** {rec.score_text}  \n"
                "**Acts through:** " + (", ".join(m.label for m in rec.mechanisms) or "—") + "  \n"
                "**Causes addressed:** " + (", ".join(c.label for c in addressed) or "—")
            )
        with safety:
            st.markdown("**Cautions**")
            if not rec.cautions:
                st.caption("No caution is recorded for this patient.")
            for caution in rec.cautions:
                action = "" if caution.action in ("caution", "caution only") else f" ({caution.action})"
                st.warning(f"{caution.label}{action}", icon="⚠")
                show_sources(caution.sources)
            for contra in consultation.contraindications.get(rec.id, []):
                st.error(f"Contraindicated for: **{contra.attribute.label}**", icon="⛔")
                for claim in contra.claims:
                    show_claim(claim)
        if isinstance(rec, Deferred):
            single = dataclasses.replace(
                consultation.result, recommended=[], deferred=[rec], not_recommended=[]
            )
            explanation(f"Why is {rec.label} deferred?", f"why-deferred-{rec.id}", rec.why_deferred, single)
            return
        single_rec = dataclasses.replace(
            consultation.result, recommended=[rec], deferred=[], not_recommended=[]
        )
        explanation(
            f"Why is {rec.label} recommended?", f"why-{rec.id}", [rec.why] if rec.why else [], single_rec
        )


def show_results(consultation: Consultation) -> None:
    """Likely causes, ranked recommendations and the treatments not recommended, with their explanations."""
    result = consultation.result
    st.header("Likely causes")
    if not result.causes:
        st.caption("No likely cause was found for this profile.")
    if result.no_cause:
        st.info(
            "**No likely cause was found.** Considered: "
            + "; ".join(result.no_cause.considered)
            + "  \n**What could be checked next:**  \n"
            + "  \n".join(f"- {line}" for line in result.no_cause.check_next)
        )
    for cause in result.causes:
        explanation(
            f"{cause.label}: why is it likely?", f"cause-why-{cause.id}", [cause.why] if cause.why else []
        )
    for item in result.advice:
        cause = f" (for {item.cause.label})" if item.cause else ""
        st.info(f"**{item.label}**{cause}: {item.text}")
        show_sources(item.sources)

    st.header("Recommended treatments (step-up care: first step first)")
    if not result.recommended:
        st.caption("No treatment is recommended for this profile without a check first.")
    for rec in result.recommended:
        show_recommendation(consultation, rec)

    if result.deferred:
        st.header("Deferred: wait, or check first")
        for item in result.deferred:
            show_recommendation(consultation, item)

    st.header("Not recommended")
    if not result.not_recommended:
        st.caption("Every treatment in the KB is recommended for this profile.")
    for item in result.not_recommended:
        single_not = dataclasses.replace(result, recommended=[], deferred=[], not_recommended=[item])
        explanation(f"Why not {item.label}?", f"why-not-{item.id}", item.why_not, single_not)
    # Drawn last, so a browser (or a benchmark) can tell this submission's results are complete.
    st.caption(f"Consultation {consultation.number} of this session")


@st.fragment
def consultation_panel() -> None:
    """The form and its results: a fragment, so a submission redraws only this part of the page."""
    profile = show_form()
    if profile is not None:
        number = st.session_state.get("consult_count", 0) + 1
        st.session_state["consult_count"] = number
        try:
            st.session_state["consult"] = consult(profile, number)
            st.session_state.pop("consult_issues", None)
        except ProfileError as exc:
            st.session_state.pop("consult", None)
            st.session_state["consult_issues"] = exc.issues
    for issue in st.session_state.get("consult_issues", []):
        allowed = f" Allowed: {', '.join(map(str, issue.allowed))}." if issue.allowed else ""
        st.error(f"**{issue.field}**: {issue.message}.{allowed}")
    current = st.session_state.get("consult")
    if current is not None:
        show_results(current)


st.title("Consult")
st.warning(f"**{DISCLAIMER}**", icon="⚕")
consultation_panel()

st.header("Where the sources disagree")
titles = {s.iri: s.title for s in browse.sources(kb)}
for disagreement in browse.disagreements(kb):
    show_disagreement(disagreement, source_titles=titles)
