"""KB health: the validation report (syntax, SHACL shapes, QC queries, quote anchors, OWL reasoning)."""

from __future__ import annotations

import streamlit as st
from state import get_validation_report

from kb.validation import render

st.title("KB health")
if st.button("Run the checks again"):
    get_validation_report.clear()
report = get_validation_report()
summary = report.to_dict()
if report.ok:
    st.success(
        f"The knowledge base passes validation: {len(report.errors)} errors, "
        f"{len(report.warnings)} warnings, {len(report.results)} findings in {report.seconds:.2f} s."
    )
else:
    st.error(
        f"The knowledge base fails validation: {len(report.errors)} errors, {len(report.warnings)} warnings."
    )
st.caption(
    f"Ontology folder: `{report.ontology_dir}` · "
    f"source texts: `{report.sources_dir or 'ontology/sources only'}`"
)
st.dataframe(
    [
        {
            "check": c["title"],
            "status": c["status"],
            "errors": c["errors"],
            "warnings": c["warnings"],
            "seconds": c["seconds"],
            "note": c["note"],
        }
        for c in summary["checks"]
    ],  # type: ignore[union-attr]
    hide_index=True,
)
for check in report.checks:
    found = report.for_check(check.name)
    if found:
        with st.expander(f"{check.title}: {len(found)} finding(s)", expanded=not report.ok):
            st.dataframe(
                [
                    {
                        "severity": r.severity.value,
                        "rule": r.rule,
                        "where": r.where,
                        "node": r.focus_label or r.focus or "",
                        "message": r.message,
                    }
                    for r in found
                ],
                hide_index=True,
            )
left, right = st.columns(2)
left.download_button(
    "Download report (JSON)", render(report, "json"), "porekb-validation.json", "application/json"
)
right.download_button(
    "Download report (Markdown)", render(report, "markdown"), "porekb-validation.md", "text/markdown"
)
