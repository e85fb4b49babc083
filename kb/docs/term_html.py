"""A term's documentation page: the browse term-page model (:func:`kb.browse.term_details`, the one builder the
app's Explore page renders too) written as HTML, section by section."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape

from rdflib import URIRef

from kb.browse.model import ORIGIN_NOTE, ClaimInfo, Relation, TermDetails, TermRef
from kb.docs.html import link, page, row
from kb.docs.model import Site, Term
from kb.namespaces import curie


def _origin(origin: str) -> str:
    """The mark of a link the reasoner inferred or a rule derived (nothing for an asserted one)."""
    if origin == "asserted":
        return ""
    return f'<span class="inferred" title="{escape(ORIGIN_NOTE.get(origin, origin))}">{escape(origin)}</span>'


def _placed(site: Site, refs: Iterable[tuple[TermRef, str]]) -> list[str]:
    """Links, each marked when it was inferred or derived rather than asserted."""
    return [link(site, ref) + _origin(origin) for ref, origin in refs]


def _place(site: Site, details: TermDetails) -> str:
    place = details.place
    rows = [
        row("types", _placed(site, details.types)),
        row("subclass of", _placed(site, place.superclasses)),
        row("axioms", [f"{escape(a.relation)} {escape(a.expression)}" for a in place.axioms]),
        row("subclasses", _placed(site, place.subclasses)),
        row("members", _placed(site, place.members)),
    ]
    body = "".join(rows)
    return f"<h2>Place in the ontology</h2><table>{body}</table>" if body else ""


def _xrefs(site: Site, details: TermDetails) -> str:
    if not details.xrefs:
        return ""
    items = sorted(f"{escape(x.relation_label)}: {link(site, URIRef(x.target))}" for x in details.xrefs)
    return "<h2>Cross-references</h2><ul>" + "".join(f"<li>{x}</li>" for x in items) + "</ul>"


def _relation_table(site: Site, title: str, relations: Iterable[Relation]) -> str:
    """Relations grouped by property (with an OWL restriction's quantifier), each end marked by its origin."""
    grouped: dict[str, list[str]] = {}
    for r in relations:
        name = r.property.label + (f" ({r.quantifier})" if r.quantifier else "")
        end = link(site, r.other) if r.other is not None else escape(r.value or "")
        grouped.setdefault(name, []).append(end + _origin(r.origin))
    if not grouped:
        return ""
    rows = "".join(row(name, sorted(values)) for name, values in sorted(grouped.items()))
    return f"<h2>{escape(title)}</h2><table>{rows}</table>"


def claim_html(site: Site, claim: ClaimInfo) -> str:
    """One claim as a box: statement, triple, source, quote, evidence and curator note."""
    target = link(site, claim.object) if claim.object is not None else escape(claim.value or "")
    triple = " ".join(x for x in (link(site, claim.subject), link(site, claim.predicate), target) if x)
    own = site.terms.get(URIRef(claim.iri))
    parts = [
        f'<div class="claim"><div><a href="{escape(own.page)}">{escape(claim.label)}</a></div>'
        if own is not None
        else '<div class="claim">'
    ]
    if claim.statement:
        parts.append(f"<p>{escape(claim.statement)}</p>")
    if triple:
        parts.append(f"<div>Asserts: {triple}</div>")
    if claim.source is not None:
        parts.append(f"<div>Source: {link(site, claim.source)}</div>")
    if claim.quote:
        parts.append(f"<blockquote>{escape(claim.quote)}</blockquote>")
    if claim.evidence is not None:
        parts.append(f"<div>Evidence: {link(site, claim.evidence)}</div>")
    if claim.note:
        parts.append(f"<div>Curator note: {escape(claim.note)}</div>")
    return "".join(parts) + "</div>"


def _claims(site: Site, details: TermDetails, boxes: dict[ClaimInfo, str]) -> list[str]:
    """The claim the term is, the sources and claims about the term or citing it, and the claims asserting a
    triple with it (links). ``boxes`` keeps each claim's box once written (a claim shows on several pages)."""

    def box(claim: ClaimInfo) -> str:
        if claim not in boxes:
            boxes[claim] = claim_html(site, claim)
        return boxes[claim]

    body = []
    if details.claim is not None:
        body.append("<h2>The claim</h2>" + box(details.claim))
    claims = list(dict.fromkeys([*details.claims, *details.cited_by]))
    if claims:
        sources = sorted({c.source for c in claims if c.source is not None}, key=lambda s: (s.label, s.iri))
        body.append("<h2>Sources</h2><ul>" + "".join(f"<li>{link(site, s)}</li>" for s in sources) + "</ul>")
        body.append(f"<h2>Claims ({len(claims)})</h2>" + "".join(box(c) for c in claims))
    if details.claims_using:
        using = sorted(details.claims_using, key=lambda c: (c.label, c.iri))
        items = "".join(f"<li>{link(site, TermRef(c.iri, c.label))}</li>" for c in using)
        body.append(
            f"<h2>Claims asserting a triple with it ({len(details.claims_using)})</h2><ul>{items}</ul>"
        )
    return body


def term_pages(site: Site, details: Mapping[str, TermDetails | None]) -> dict[URIRef, str]:
    """The page of every term of the site, from its term-page model in ``details`` (by IRI), as HTML."""
    boxes: dict[ClaimInfo, str] = {}
    return {iri: term_page(site, term, details[str(iri)], boxes) for iri, term in site.terms.items()}


def term_page(
    site: Site, term: Term, details: TermDetails | None, boxes: dict[ClaimInfo, str] | None = None
) -> str:
    """The page of one class, property or individual: its term-page model (None: only its name) as HTML;
    ``boxes`` shares the claims' boxes between pages (:func:`term_pages`)."""
    body = [
        f"<h1>{escape(term.label)}</h1>",
        f'<div class="kind">{escape(term.kind)}</div>',
        f'<div class="iri">{escape(curie(str(term.iri)))} — {escape(str(term.iri))}</div>',
    ]
    if details is not None:
        if details.definition is not None:
            body.append(f'<p class="def">{escape(details.definition)}</p>')
        if details.alt_labels:
            body.append(f"<p>Also called: {escape(', '.join(details.alt_labels))}</p>")
        body += [
            _place(site, details),
            _xrefs(site, details),
            _relation_table(site, "Relations and values", details.outgoing),
            _relation_table(site, "Incoming relations (other term → this term)", details.incoming),
            *_claims(site, details, {} if boxes is None else boxes),
        ]
    return page(term.label, "\n".join(b for b in body if b), crumb=term.group)
