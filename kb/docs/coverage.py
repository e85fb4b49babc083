"""The coverage page of the documentation: the named question ``coverage`` as one table per kind of term.

For every cause and treatment, the sources behind its claims with their kind (strongest first), whether each is a
peer-reviewed review, and a study's patients, control and pore outcome; then the items the reviews name that the KB
deliberately leaves out, with the reason. A reviewer sees at a glance what the literature does not yet back.
"""

from __future__ import annotations

from html import escape

from kb.docs.html import link, page
from kb.docs.model import Site
from kb.knowledge_base import KnowledgeBase
from kb.namespaces import KB_GRAPHS
from kb.sparql.named import bind_params, discover

PAGE = "coverage.html"
_SECTIONS = (
    ("treatment", "Treatments"),
    ("cause", "Causes"),
    ("not covered", "Named by the reviews, deliberately left out"),
)
_STRONG = {"peer-reviewed review", "controlled clinical trial", "uncontrolled study"}


def coverage_rows(kb: KnowledgeBase) -> list[dict]:
    """The rows of the named question ``coverage`` on the KB (every kind)."""
    query = discover(kb.ontology_dir)["coverage"]
    return kb.store.query(query.text, bind_params(query, {}), graphs=KB_GRAPHS).dicts()


def _source_item(site: Site, row: dict) -> str:
    parts = [link(site, row["source"]), f'<span class="kind">({escape(str(row["sourceKind"]))})</span>']
    study = []
    if row.get("patients") is not None:
        study.append(f"{escape(str(row['patients']))} patients")
    if row.get("controlled") is not None:
        study.append("controlled" if row["controlled"].toPython() else "no control group")
    if study:
        parts.append("— " + ", ".join(study))
    if row.get("outcome") is not None:
        parts.append(f"<br><small>{escape(str(row['outcome']))}</small>")
    return "<li>" + " ".join(parts) + "</li>"


def coverage_page(site: Site, kb: KnowledgeBase) -> str:
    """The HTML page: a summary line, then a table per kind of term."""
    by_term: dict[tuple[str, str], list[dict]] = {}
    for row in coverage_rows(kb):
        by_term.setdefault((str(row["kind"]), str(row["term"])), []).append(row)
    body = ["<h1>Coverage of the literature</h1>"]
    backed = sum(
        1
        for (kind, _), rows in by_term.items()
        if kind == "treatment"
        and {str(r["sourceKind"]) for r in rows} & (_STRONG | {"regulatory label or regulator's text"})
    )
    treatments = sum(1 for kind, _ in by_term if kind == "treatment")
    left_out = sum(1 for kind, _ in by_term if kind == "not covered")
    body.append(
        f"<p>{backed} of {treatments} treatments are backed by a review, a study or a label; "
        f"{left_out} causes and treatments the reviews name are deliberately left out (listed last, with the reason). "
        "Rows come from the named question <code>coverage</code> (<code>porekb query coverage</code>).</p>"
    )
    for kind, title in _SECTIONS:
        entries = [(term, rows) for (k, term), rows in by_term.items() if k == kind]
        body.append(f'<h2 id="{escape(kind.replace(" ", "-"))}">{escape(title)} ({len(entries)})</h2>')
        head = "<th>term</th><th>sources (strongest kind first)</th><th>reviews</th>"
        if kind == "not covered":
            head += "<th>why left out</th>"
        trs = []
        for _, rows in entries:
            first = rows[0]
            name = (
                link(site, first["term"]) if first["term"] in site.terms else escape(str(first["termLabel"]))
            )
            reviews = sum(1 for r in rows if str(r["sourceKind"]) == "peer-reviewed review")
            cells = [
                name,
                "<ul>" + "".join(_source_item(site, r) for r in rows) + "</ul>",
                str(reviews) if reviews else "<strong>none</strong>",
            ]
            if kind == "not covered":
                cells.append(escape(str(first["reasonLeftOut"])))
            trs.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        body.append(f"<table><tr>{head}</tr>{''.join(trs)}</table>")
    return page("Coverage of the literature", "\n".join(body), crumb="coverage")
