"""Quote anchors: each claim's ``pkb:quote`` is found verbatim (whitespace aside) in the source text it cites.

Source texts are read from ``--sources`` (the seeds) and from ``ontology/sources/`` (always checked).
Without ``--sources`` the quotes of seed sources are not checked, and the check is reported as not run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.namespaces import ASSERTED_GRAPHS
from kb.validation.context import Context, curie
from kb.validation.report import Severity, ValidationResult

CHECK = "quotes"
_WS = re.compile(r"\s+")
_CLAIM_QUOTES = """
PREFIX pkb: <https://w3id.org/porekb/>
SELECT ?claim ?quote ?source ?file WHERE {
  ?claim pkb:quote ?quote ; pkb:citesSource ?source .
  OPTIONAL { ?source pkb:sourceFile ?file }
} ORDER BY ?claim
"""


def normalise(text: str) -> str:
    """Whitespace runs become one space; nothing else changes (apostrophes and case stay)."""
    return _WS.sub(" ", text).strip()


@dataclass
class QuoteOutcome:
    """The findings and how many quotes were checked or could not be."""

    results: list[ValidationResult] = field(default_factory=list)
    checked: int = 0
    unchecked: int = 0
    note: str = ""


def _matching_prefix(quote: str, text: str) -> str:
    """The longest run of the quote's first words that occurs in the text (a hint for the curator)."""
    words = quote.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if " ".join(words[:mid]) in text:
            lo = mid
        else:
            hi = mid - 1
    return " ".join(words[:lo])


def _read(path: Path, cache: dict[Path, str]) -> str:
    if path not in cache:
        cache[path] = normalise(path.read_text(encoding="utf-8", errors="replace"))
    return cache[path]


def run(ctx: Context) -> QuoteOutcome:
    """Check every claim's quote against its source text."""
    folders = [p for p in (ctx.sources_dir, ctx.ontology_dir / "sources") if p is not None and p.is_dir()]
    outcome = QuoteOutcome()
    texts: dict[Path, str] = {}
    for row in ctx.store.select(_CLAIM_QUOTES, graphs=list(ASSERTED_GRAPHS)):
        claim, quote, source, name = row["claim"], str(row["quote"]), row["source"], row["file"]
        file, line = ctx.where(claim)
        common = {
            "focus": curie(str(claim)),
            "focus_label": ctx.label(claim),
            "value": quote,
            "file": file,
            "line": line,
        }
        if name is None:
            continue  # a source without pkb:sourceFile is reported by the SHACL source shape
        path = next((d / str(name) for d in folders if (d / str(name)).is_file()), None)
        if path is None:
            if ctx.sources_dir is None:
                outcome.unchecked += 1
                continue
            outcome.results.append(
                ValidationResult(
                    Severity.ERROR,
                    CHECK,
                    "source-text-missing",
                    f"{ctx.show(claim)} cites {ctx.show(source)}, whose text {name} is in neither "
                    f"{ctx.sources_dir} nor {ctx.ontology_dir / 'sources'}",
                    **common,
                )
            )
            continue
        outcome.checked += 1
        wanted, text = normalise(quote), _read(path, texts)
        if wanted and wanted in text:
            continue
        hint = _matching_prefix(wanted, text)
        hint_text = f'; the source has its first words "{hint}" but not what follows' if hint else ""
        outcome.results.append(
            ValidationResult(
                Severity.ERROR,
                CHECK,
                "quote-not-in-source",
                f'{ctx.show(claim)}: quote "{quote}" is not in {name} ({ctx.show(source)}){hint_text}',
                **common,
            )
        )
    if ctx.sources_dir is None:
        outcome.note = (
            f"the source documents were not given, so {outcome.unchecked} quote(s) citing them are unchecked; "
            f"pass --sources DIR (../shared/seeds beside the checkout) ({outcome.checked} quote(s) checked "
            "against ontology/sources)"
        )
    else:
        outcome.note = f"{outcome.checked} quote(s) checked"
    return outcome
