"""Summaries a clinician reads in a minute, and the disagreements a recommendation rests on.

- :func:`disputed` finds where a WHY tree rests on one side of a recorded ``pkb:Disagreement``: a claim in the
  tree that is a side, or that quotes the same passage of the same source as a side (the disagreement's claims
  are about pore size; a claim such as "collagen induction counteracts genetics" may quote that very sentence).
- :func:`treatment_summary` and :func:`not_recommended_summary` write the ``summary`` of each entry (at most
  :data:`SUMMARY_LIMIT` characters): the causes it addresses, the mechanism, the strongest source by title and
  kind, any disagreement; for a treatment not recommended, its reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kb.disagreements import DisagreementIndex
from kb.explain.tree import ExplanationNode
from kb.kb_index import SourceRef

SUMMARY_LIMIT = 400


@dataclass(frozen=True)
class Side:
    """One position in a disagreement (``yes``, ``no``, or the claimed object) and the sources that take it."""

    position: str
    sources: tuple[SourceRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {"position": self.position, "sources": [s.to_json() for s in self.sources]}


@dataclass(frozen=True)
class Disputed:
    """A recommendation's WHY rests on one side of a recorded disagreement."""

    disagreement: str  # the pkb:Disagreement IRI
    question: str  # e.g. "can enlarged pores be made smaller?"
    this_side: Side
    other_side: Side
    rests_on: tuple[SourceRef, ...]  # the claims in the WHY tree that take this side

    def to_json(self) -> dict[str, Any]:
        return {
            "disagreement": self.disagreement,
            "question": self.question,
            "this_side": self.this_side.to_json(),
            "other_side": self.other_side.to_json(),
            "rests_on": [s.to_json() for s in self.rests_on],
        }

    def text(self) -> str:
        """One line: the question, this side and the sources on the other side."""
        others = ", ".join(source_name(s) for s in self.other_side.sources)
        return (
            f"Disputed: {self.question} This recommendation rests on the answer "
            f"'{self.this_side.position}'; the other side ('{self.other_side.position}') is taken by {others}."
        )


def tree_sources(nodes: Iterable[ExplanationNode | None]) -> list[SourceRef]:
    """Every source in the trees, once, in first-seen order (shared subtrees are walked once)."""
    seen_nodes: set[int] = set()
    out: list[SourceRef] = []
    seen: set[SourceRef] = set()
    stack = [n for n in nodes if n is not None][::-1]
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        for s in node.sources:
            if s not in seen:
                seen.add(s)
                out.append(s)
        stack.extend(reversed(node.because))
    return out


def disputed(disagreements: DisagreementIndex, why: Sequence[ExplanationNode | None]) -> list[Disputed]:
    """The disagreements a WHY rests on, one entry per disagreement and side taken."""
    taken: dict[tuple[str, str], list[SourceRef]] = {}
    by_iri = {d.iri: d for d in disagreements.disagreements}
    for ref in tree_sources(why):
        for d, position in disagreements.sides_taken(ref):
            refs = taken.setdefault((d.iri, position), [])
            if ref not in refs:
                refs.append(ref)
    out = []
    for (iri, position), refs in taken.items():
        d = by_iri[iri]
        others = [(p, s) for p, s in d.sides.items() if p != position]
        other_position = " / ".join(p for p, _ in others) or "?"
        other_sources = tuple(s for _, group in others for s in group)
        out.append(
            Disputed(
                iri,
                d.question,
                Side(position, tuple(d.sides.get(position, []))),
                Side(other_position, other_sources),
                tuple(refs),
            )
        )
    return out


# ------------------------------------------------------------------------------------------ summaries
def source_name(ref: SourceRef) -> str:
    """A source as a reader names it: its title (never its file name when a title is known)."""
    return ref.title or ref.document


def _join(labels: Sequence[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def fit(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """``text`` cut at a word boundary with an ellipsis when longer than ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def strongest(refs: Iterable[SourceRef]) -> SourceRef | None:
    """The strongest source (source kind, then evidence type); on a tie, by title, document and quote, so the
    answer does not depend on the order a store returns rows in."""
    return max(refs, key=lambda r: (r.strength, r.title, r.document, r.quote), default=None)


def treatment_summary(
    causes: Sequence[str],
    mechanisms: Sequence[str],
    best: SourceRef | None,
    disputes: Sequence[Disputed],
    lead: str = "",
) -> str:
    """One or two sentences: what it addresses and how, the strongest source, and any disagreement."""
    first = f"Addresses {_join(list(causes)) or 'no recorded likely cause'}"
    if mechanisms:
        first += f" through {_join(list(mechanisms))}"
    parts = [lead.rstrip(".") + "." if lead else "", first + "."]
    tail = ""
    if disputes:
        d = disputes[0]
        tail = (
            f" Disputed: {d.question} (it rests on '{d.this_side.position}'; "
            f"other sources say '{d.other_side.position}')."
        )
    if best is not None:
        kind = best.kind or "kind of source not recorded"
        evidence = f", {best.evidence}" if best.evidence else ""
        fixed = " ".join(p for p in parts if p) + tail
        room = SUMMARY_LIMIT - len(fixed) - len(f" Strongest source: “” ({kind}{evidence}).")
        title = fit(source_name(best), max(room, 20))
        parts.append(f"Strongest source: “{title}” ({kind}{evidence}).")
    return fit(" ".join(p for p in parts if p) + tail)


def not_recommended_summary(label: str, why_not: Sequence[ExplanationNode]) -> str:
    """The reasons a treatment is not recommended, in one sentence: "Label: reason; reason."."""
    reasons: list[str] = []
    for node in why_not:
        text = node.statement.strip().rstrip(".")
        if text.lower().startswith(label.lower()) and ": " in text:
            text = text.split(": ", 1)[1]  # "Label is excluded: its downtime ..." -> "its downtime ..."
        if text and text not in reasons:
            reasons.append(text)
    if not reasons:
        return f"{label[:1].upper()}{label[1:]}: not recommended for this patient."
    return fit(f"{label[:1].upper()}{label[1:]}: " + "; ".join(reasons) + ".")


def reasons_of(label: str, summary: str) -> str:
    """A not-recommended summary without its leading "Label: " (for output that shows the label beside it)."""
    head = f"{label[:1].upper()}{label[1:]}: "
    return summary[len(head) :] if summary.startswith(head) else summary


def deferred_lead(why_deferred: Sequence[ExplanationNode]) -> str:
    """The first reason a treatment is deferred, as the summary's first sentence."""
    return (
        why_deferred[0].statement.strip() if why_deferred else "Deferred until the clinician has checked it"
    )
