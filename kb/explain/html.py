"""The consult note: one standalone, printable HTML page (inline CSS, no script, nothing loaded from outside).

It holds the profile, the likely causes, the recommended / deferred / not recommended treatments with their
summaries, cautions and disagreements, the advice, a numbered list of the sources with titles and quotes, the
decision-support disclaimer, the date and the KB version. Links to sources are written as text, not as links,
so that opening or printing the page makes no request.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from kb.explain.summary import reasons_of, source_name
from kb.explain.text import caution_heading, caution_text
from kb.kb_index import SourceRef
from kb.recommend.model import DISCLAIMER, Recommendation, RecommendationResult

_CSS = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 52rem; margin: 1.5rem auto; padding: 0 1rem;
       color: #111; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #999;
     margin-top: 1.4rem; } h3 { font-size: 1.05rem; margin: 0.9rem 0 0.2rem; }
.meta { color: #444; font-size: 0.9rem; } .disclaimer { border: 2px solid #a33; padding: 0.5rem 0.8rem;
        font-weight: bold; } table { border-collapse: collapse; } td, th { text-align: left; padding: 0.15rem
        0.6rem 0.15rem 0; vertical-align: top; } .caution { border-left: 4px solid #c80; padding-left: 0.5rem;
        margin: 0.3rem 0; } .disputed { border-left: 4px solid #46a; padding-left: 0.5rem; margin: 0.3rem 0; }
.small { font-size: 0.85rem; color: #333; } blockquote { margin: 0.2rem 0 0.4rem 1rem; font-style: italic; }
.ref { font-size: 0.8rem; vertical-align: super; } li { margin-bottom: 0.25rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .entry { break-inside: avoid; } }
"""


class _Sources:
    """The numbered source list: each (document, quote) once, cited as [n]."""

    def __init__(self) -> None:
        self.items: list[SourceRef] = []
        self._numbers: dict[tuple[str, str], int] = {}

    def cite(self, refs: list[SourceRef]) -> str:
        numbers = []
        for ref in refs:
            key = (ref.document, ref.quote)
            if key not in self._numbers:
                self.items.append(ref)
                self._numbers[key] = len(self.items)
            numbers.append(self._numbers[key])
        if not numbers:
            return ""
        return ' <span class="ref">[' + ", ".join(str(n) for n in sorted(set(numbers))) + "]</span>"


def _profile_rows(profile: dict[str, object]) -> list[str]:
    names = {
        "age": "Age",
        "sex": "Sex",
        "pregnant": "Pregnant",
        "breastfeeding": "Breastfeeding",
        "skin_type": "Skin type",
        "phototype": "Skin phototype (Fitzpatrick)",
        "findings": "Findings",
        "history": "History",
        "avoid": "Wants to avoid",
        "max_downtime_days": "Most days of downtime accepted",
    }
    rows = []
    for key, value in profile.items():
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, list):
            text = ", ".join(str(v).replace("-", " ") for v in value) or "none"
        elif key == "age":
            text = f"{value} years"
        elif key == "max_downtime_days":
            days = int(value) if isinstance(value, float) and value.is_integer() else value
            text = f"{days} day{'s' if days != 1 else ''}"
        else:
            text = str(value).replace("-", " ")
        rows.append(f"<tr><th>{escape(names.get(key, key))}</th><td>{escape(text)}</td></tr>")
    return rows


def _entry(
    rec: Recommendation, heading: str, sources: _Sources, reasons: list[str] | None = None
) -> list[str]:
    out = ['<div class="entry">', f"<h3>{escape(heading)}</h3>"]
    cited = sources.cite([rec.strongest_source] if rec.strongest_source else [])
    out.append(f"<p>{escape(rec.summary)}{cited}</p>")
    if reasons:
        out.append(
            "<p><b>Why deferred:</b></p><ul>" + "".join(f"<li>{escape(r)}</li>" for r in reasons) + "</ul>"
        )
    out.append(f'<p class="small">Ranking: {escape(rec.score_text)}</p>')
    for c in rec.cautions:
        out.append(
            f'<p class="caution"><b>{escape(caution_heading(c.action))}:</b> {escape(caution_text(c.label))}'
            f"{sources.cite(c.sources)}</p>"
        )
    for d in rec.disputed:
        this = sources.cite(list(d.this_side.sources))
        other = sources.cite(list(d.other_side.sources))
        out.append(
            f'<p class="disputed"><b>Disputed:</b> {escape(d.question)} This recommendation rests on '
            f"<b>{escape(d.this_side.position)}</b>{this}; other sources say <b>{escape(d.other_side.position)}</b>"
            f"{other}.</p>"
        )
    out.append("</div>")
    return out


def render_html(result: RecommendationResult, today: dt.date | None = None) -> str:
    """The consult note as one HTML document (UTF-8 text)."""

    date = (today or dt.date.today()).isoformat()
    sources = _Sources()
    body: list[str] = [
        "<h1>PoreKB consult note: enlarged-looking pores</h1>",
        f'<p class="meta">Date {escape(date)} · knowledge base {escape(result.kb_version or "unknown")} · '
        f"reasoner {escape(result.reasoner or 'unknown')}</p>",
        f'<p class="disclaimer">{escape(DISCLAIMER)}</p>',
    ]
    if result.reasoner and not result.classified_by_hermit:
        body.append(
            f"<p><b>Warning:</b> classified with {escape(result.reasoner)}, not HermiT: check the conclusions.</p>"
        )
    body += ["<h2>Patient profile</h2>", "<table>", *_profile_rows(result.profile), "</table>"]
    body.append("<h2>Likely causes</h2>")
    if result.causes:
        items = []
        for c in result.causes:
            worse = (
                f" (made worse by {', '.join(a.label for a in c.aggravated_by)})" if c.aggravated_by else ""
            )
            items.append(f"<li>{escape(c.label + worse)}</li>")
        body.append("<ul>" + "".join(items) + "</ul>")
    else:
        body.append("<p>No likely cause was found.</p>")
    if result.no_cause:
        body.append("<p>Considered: " + escape("; ".join(result.no_cause.considered)) + "</p>")
        body.append(
            "<p>What could be checked next:</p><ul>"
            + "".join(f"<li>{escape(x)}</li>" for x in result.no_cause.check_next)
            + "</ul>"
        )
    body.append("<h2>Recommended (step-up care: first step first)</h2>")
    if not result.recommended:
        body.append(
            "<p>None: no treatment in the knowledge base fits this profile without a check first.</p>"
        )
    for rec in result.recommended:
        body += _entry(rec, f"{rec.rank}. {rec.label}", sources)
    if result.deferred:
        body.append("<h2>Deferred (wait, or check first)</h2>")
        for d in result.deferred:
            body += _entry(d, f"D{d.rank}. {d.label}", sources, [n.statement for n in d.why_deferred])
    body.append("<h2>Not recommended</h2>")
    if result.not_recommended:
        body.append(
            "<ul>"
            + "".join(
                f"<li><b>{escape(n.label)}</b>: {escape(reasons_of(n.label, n.summary))}</li>"
                for n in result.not_recommended
            )
            + "</ul>"
        )
    else:
        body.append("<p>Every treatment in the knowledge base is recommended or deferred.</p>")
    if result.advice:
        body.append("<h2>Advice (likely causes the patient can change)</h2><ul>")
        for a in result.advice:
            cause = f" (for {a.cause.label})" if a.cause else ""
            body.append(
                f"<li><b>{escape(a.label + cause)}</b>: {escape(a.text)}{sources.cite(a.sources)}</li>"
            )
        body.append("</ul>")
    body.append("<h2>Sources</h2><ol>")
    for ref in sources.items:
        kind = "; ".join(x for x in (ref.kind or "kind not recorded", ref.evidence) if x)
        url = f'<br><span class="small">{escape(ref.url)}</span>' if ref.url else ""
        note = f'<br><span class="small">Curator note: {escape(ref.note)}</span>' if ref.note else ""
        body.append(
            f"<li><b>{escape(source_name(ref))}</b> ({escape(kind)})"
            f"<blockquote>“{escape(ref.quote)}”</blockquote>{url}{note}</li>"
        )
    body.append("</ol>")
    body.append(
        '<p class="small">Written by PoreKB from its knowledge base; the full WHY / WHY NOT explanations are in '
        "<code>porekb recommend --detail full</code>.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>PoreKB consult note</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
