"""Consult: a profile form whose choices come from the KB, ranked recommendations with their summaries,
mechanisms, causes addressed, cautions, contraindications and disagreements, WHY / WHY NOT explanations with
sources in words and graphs, and the consult note to download (HTML or Markdown).

Speed: the form and its results form one fragment, so a submission redraws only them (not the title or
disclaimer); each explanation tree is sent to the browser only when its toggle is switched on, in its own
fragment, so opening one reruns only that explanation. The ranked list with summaries, cautions and
contraindications is always drawn.

Privacy: the profile and its result live only in this session's memory (``st.session_state``); they are not
cached across sessions, stored or logged. The downloads are built in memory; nothing is written to disk.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import streamlit as st
from state import get_kb
from ui import (
    ICON_CAUTION,
    ICON_CONTRAINDICATED,
    ICON_DISCLAIMER,
    ICON_DISPUTED,
    ICON_ERROR,
    disputed_markdown,
    show_claim,
    show_disagreement,
    show_sources,
    show_tree,
)

from kb import browse
from kb.errors import ProfileError, ProfileIssue
from kb.explain.render import render
from kb.explain.repeat import Numbering
from kb.explain.summary import reasons_of
from kb.explain.text import caution_text
from kb.explain.tree import ExplanationNode
from kb.profile import profile_codes, profile_contract
from kb.profile_contract import ValueKind
from kb.recommend import DISCLAIMER, Deferred, Recommendation, RecommendationResult, recommend
from kb.recommend.patient import ContraindicationSplit, contraindications_by_treatment

kb = get_kb()
codes = profile_codes(kb)
labels = {field: dict(pairs) for field, pairs in codes.items()}

contract = profile_contract(kb)
FIELD_TITLES = contract.titles()  # the form's titles: sh:name in ontology/shapes/profile.ttl
REQUIRED = tuple(f.name for f in contract.fields if f.required)
MAX_AGE = 130


@dataclasses.dataclass(frozen=True)
class Consultation:
    """One submission's result and the KB look-ups its cards show, computed once per submission."""

    result: RecommendationResult
    contraindications: dict[str, ContraindicationSplit]  # treatment id -> its contraindications
    number: int  # which submission of this session it is


def consult(profile: dict[str, object], number: int) -> Consultation:
    """Recommend for ``profile`` and look up what every recommendation's card shows (raises ProfileError)."""
    result = recommend(profile, kb=kb)
    split = contraindications_by_treatment(kb, result, profile)
    return Consultation(result=result, contraindications=split, number=number)


@st.fragment
def explanation(
    label: str,
    key: str,
    nodes: Sequence[ExplanationNode] | Callable[[], Sequence[ExplanationNode]],
    graph_of: RecommendationResult | None = None,
) -> None:
    """A WHY / WHY NOT explanation behind a toggle: its tree (and, on request, its graph) is drawn only when
    the toggle is on; ``nodes`` may be a callable, so a WHY NOT tree is built only then. A fragment, so
    switching it reruns only this explanation."""
    if not st.toggle(label, key=key):
        return
    if callable(nodes):
        nodes = nodes()
    with st.container(border=True):
        if not nodes:
            st.caption("No explanation is recorded.")
        numbering = Numbering()
        for node in nodes:
            show_tree(node, numbering)
        # Graphs are drawn on request: laying out a dozen graphs would slow every submission.
        if graph_of is not None and st.toggle("Draw the explanation as a graph", key=f"graph-{key}"):
            # The summary picture (facts -> causes -> mechanisms -> treatment) exists for a chosen treatment;
            # a treatment not recommended is drawn with its full justification.
            full = not (graph_of.recommended or graph_of.deferred) or st.toggle(
                "Show the full justification (every rule and quote)", key=f"fullgraph-{key}"
            )
            st.graphviz_chart(render(graph_of, "dot", "full" if full else "summary"), width="stretch")


def required(title: str) -> str:
    """A required field's label: marked with an asterisk."""
    return f"{title} *"


def check_form(profile: dict[str, object]) -> list[str]:
    """What is missing or wrong in the entered profile, in a clinician's words (empty when it can be sent)."""
    problems = []
    age = profile.get("age")
    if age is None:
        problems.append("Age is required: enter the patient's age in whole years.")
    elif not 0 <= int(age) <= MAX_AGE:  # type: ignore[call-overload]
        problems.append(f"Age must be between 0 and {MAX_AGE} years (entered {age}).")
    if "sex" not in profile:
        problems.append("Sex is required: choose female or male.")
    if "skin_type" not in profile:
        problems.append("Skin type is required: choose the patient's skin type.")
    if not profile.get("findings"):
        problems.append("Findings: choose at least one finding (for example enlarged pores).")
    days = profile.get("max_downtime_days")
    if days is not None and days < 0:  # type: ignore[operator]
        problems.append(f"Most days of downtime accepted must be 0 days or more (entered {days}).")
    return problems


def issue_text(issue: ProfileIssue) -> str:
    """An engine's profile issue in words: the field's title, the message, the allowed values by label."""
    title = FIELD_TITLES.get(issue.field, issue.field.replace("_", " "))
    allowed = [labels.get(issue.field, {}).get(str(a), str(a)) for a in issue.allowed]
    text = f"{title}: {issue.message}."
    if allowed and len(allowed) <= 12:
        text += " Choose one of: " + ", ".join(allowed) + "."
    return text


def show_form() -> dict[str, object] | None:
    """The profile form; the entered profile (JSON field names, empty fields left out) once submitted."""
    with st.form("profile"):
        st.caption("Fields marked * are required: age, sex, skin type and at least one finding.")
        left, right = st.columns(2)
        with left:
            # a float field: an integer field would truncate 12.7 to 12 (and read "1e308" as 1) unseen;
            # a non-whole or out-of-range age reaches the checks, which refuse it with a message
            age = st.number_input(
                required(f"{FIELD_TITLES['age']} (years)"), value=None, step=1.0, format="%g", key="age"
            )
            single = {
                field: st.selectbox(
                    required(FIELD_TITLES[field]) if field in REQUIRED else FIELD_TITLES.get(field, field),
                    [n for n, _ in codes.get(field, [])],
                    index=None,
                    format_func=labels.get(field, {}).get,
                    key=field,
                    placeholder="choose…" if field in REQUIRED else "not recorded",
                )
                for field in (f.name for f in contract.select(ValueKind.CODE, many=False))
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
                for field in (f.name for f in contract.select(ValueKind.YES_NO))
            }
            downtime = st.number_input(
                f"{FIELD_TITLES['max_downtime_days']} (days)",
                value=None,
                step=1,
                format="%d",
                key="max_downtime_days",
            )
        with right:
            multi = {
                field: st.multiselect(
                    required(FIELD_TITLES[field]) if field in REQUIRED else FIELD_TITLES.get(field, field),
                    [n for n, _ in codes.get(field, [])],
                    format_func=labels.get(field, {}).get,
                    key=field,
                    placeholder="choose…" if field in REQUIRED else "none",
                )
                for field in (f.name for f in contract.select(ValueKind.CODE, many=True))
            }
        if not st.form_submit_button("Recommend", type="primary"):
            return None
    profile: dict[str, object] = {
        "age": None if age is None else (int(age) if float(age).is_integer() else age),
        **single,
        **{field: None if flag is None else flag == "true" for field, flag in flags.items()},
        **multi,
        "max_downtime_days": None if downtime is None else int(downtime),
    }
    return {k: v for k, v in profile.items() if v not in (None, [])}


def show_recommendation(consultation: Consultation, rec: Recommendation) -> None:
    """A ranked treatment's card: its summary and ranking, and beside them its cautions, the contraindications
    that apply to this patient (apart from those that do not) and any disagreement; its WHY on request."""
    prefix = "D" if isinstance(rec, Deferred) else ""
    with st.container(border=True, key=f"rec-{prefix}{rec.rank}"):
        st.subheader(f"{prefix}{rec.rank}. {rec.label}")
        info, safety = st.columns(2)
        with info:
            addressed = rec.causes_addressed
            reasons = ""
            if isinstance(rec, Deferred) and rec.why_deferred:
                reasons = "**Why deferred:** " + "; ".join(n.statement for n in rec.why_deferred) + "  \n"
            st.markdown(  # one element, not several: every element drawn costs the browser time
                f"{rec.summary}  \n{reasons}"
                f"**Ranking:** {rec.score_text}  \n"
                "**Acts through:** " + (", ".join(m.label for m in rec.mechanisms) or "—") + "  \n"
                "**Causes addressed:** " + (", ".join(c.label for c in addressed) or "—")
            )
            for item in rec.disputed:
                with st.container(border=True, key=f"disputed-{prefix}{rec.rank}"):
                    st.markdown(f"{ICON_DISPUTED} " + disputed_markdown(item))
                    with st.expander(f"What the sources answering {item.other_side.position} say"):
                        show_sources(list(item.other_side.sources))
        with safety:
            st.markdown("**Cautions for this patient**")
            if not rec.cautions:
                st.caption("No caution is recorded for this patient.")
            for caution in rec.cautions:
                st.warning(f"{caution_text(caution.label)} ({caution.action})", icon=ICON_CAUTION)
                show_sources(caution.sources)
            contra = consultation.contraindications.get(rec.id, ContraindicationSplit())
            for c in contra.apply:
                st.error(
                    f"Contraindicated, and it applies to this patient: **{c.attribute.label}**",
                    icon=ICON_CONTRAINDICATED,
                )
                for claim in c.claims:
                    show_claim(claim)
            if contra.other:
                st.caption(
                    "Contraindications that do not apply to this patient: "
                    + "; ".join(c.attribute.label for c in contra.other)
                )
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


@st.fragment
def consultation_graph(result: RecommendationResult) -> None:
    """The whole consultation as one picture, on request: patient facts -> causes -> mechanisms -> treatments."""
    if st.toggle(
        "Draw this consultation as a graph (facts, causes, mechanisms, treatments)", key="graph-summary"
    ):
        st.graphviz_chart(render(result, "dot", "summary"), width="stretch")


def show_downloads(result: RecommendationResult) -> None:
    """The consult note to print or save, as HTML and Markdown (built in memory, nothing written to disk)."""
    left, right, _ = st.columns([1, 1, 2])
    left.download_button(
        "Download consult note (HTML)",
        lambda: render(result, "html"),  # built when clicked, in memory
        "porekb-consult-note.html",
        "text/html",
        key="download-html",
        on_click="ignore",
        icon=":material/download:",
    )
    right.download_button(
        "Download consult note (Markdown)",
        lambda: render(result, "markdown"),
        "porekb-consult-note.md",
        "text/markdown",
        key="download-markdown",
        on_click="ignore",
        icon=":material/download:",
    )


def show_results(consultation: Consultation) -> None:
    """Likely causes, ranked recommendations and the treatments not recommended, with their explanations."""
    result = consultation.result
    show_downloads(result)
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
    if result.recommended or result.deferred:
        consultation_graph(result)

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
    else:
        st.markdown(
            "\n".join(f"- **{n.label}**: {reasons_of(n.label, n.summary)}" for n in result.not_recommended)
        )
    for item in result.not_recommended:
        single_not = dataclasses.replace(result, recommended=[], deferred=[], not_recommended=[item])
        explanation(
            f"Why not {item.label}?", f"why-not-{item.id}", lambda item=item: item.why_not, single_not
        )
    # Drawn last, so a browser (or a benchmark) can tell this submission's results are complete.
    st.caption(f"Knowledge base {result.kb_version} · reasoner {result.reasoner}")
    st.caption(f"Consultation {consultation.number} of this session")


@st.fragment
def consultation_panel() -> None:
    """The form and its results: a fragment, so a submission redraws only this part of the page."""
    profile = show_form()
    if profile is not None:
        number = st.session_state.get("consult_count", 0) + 1
        st.session_state["consult_count"] = number
        problems = check_form(profile)
        st.session_state.pop("consult", None)
        if problems:  # checked here, before the profile goes to the engine
            st.session_state["consult_problems"] = problems
        else:
            try:
                st.session_state["consult"] = consult(profile, number)
                st.session_state.pop("consult_problems", None)
            except ProfileError as exc:
                st.session_state["consult_problems"] = [issue_text(i) for i in exc.issues]
    for problem in st.session_state.get("consult_problems", []):
        st.error(problem, icon=ICON_ERROR)
    current = st.session_state.get("consult")
    if current is not None:
        show_results(current)


st.title("Consult")
st.warning(f"**{DISCLAIMER}**", icon=ICON_DISCLAIMER)
consultation_panel()

with st.expander("Where the sources disagree (every recorded disagreement)", icon=ICON_DISPUTED):
    titles = {s.iri: s.title for s in browse.sources(kb)}
    for disagreement in browse.disagreements(kb):
        show_disagreement(disagreement, source_titles=titles)
