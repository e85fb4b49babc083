"""OWL: consistency and unsatisfiable classes with HermiT (owlready2); owlrl without Java, with a warning.

The classification is computed through :func:`kb.classification_cache.load_classification`, so it is cached by
content hash and reused by the rest of the system.
"""

from __future__ import annotations

import re
import warnings

from kb.classification_cache import load_classification
from kb.namespaces import ASSERTED_GRAPHS
from kb.reasoning import Classification
from kb.validation.context import Context, curie
from kb.validation.report import Severity, ValidationResult

CHECK = "owl"
_JAVA_NOISE = re.compile(r"^\s*(at |\.\.\. \d+ more|Caused by: java)", re.MULTILINE)


def _explain(text: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not _JAVA_NOISE.match(ln)]
    return " ".join(lines)[:600]


def run(
    ctx: Context, *, reasoner: str = "auto", use_cache: bool = True
) -> tuple[Classification | None, list[ValidationResult]]:
    """Classify the asserted KB; findings for an inconsistency, each unsatisfiable class and a fallback."""
    asserted = [t for g in ASSERTED_GRAPHS for t in ctx.store.triples(g)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the fallback warning becomes a finding below
        try:
            result = load_classification(ctx.files, asserted, reasoner=reasoner, use_cache=use_cache)
        except Exception as exc:  # the JVM or owlready2 failed: report, do not crash
            return None, [
                ValidationResult(
                    Severity.ERROR,
                    CHECK,
                    "reasoner-failed",
                    f"the OWL reasoner ({reasoner}) could not run: "
                    f"{_explain(str(exc)) or type(exc).__name__}",
                )
            ]
    findings = [
        ValidationResult(Severity.WARNING, CHECK, "reasoner-fallback", message) for message in result.warnings
    ]
    if not result.consistent:
        findings.append(
            ValidationResult(
                Severity.ERROR,
                CHECK,
                "inconsistent",
                f"the KB is inconsistent ({result.reasoner}): no model satisfies all its axioms, e.g. an "
                f"individual in two disjoint classes or a functional property with two values (the QC checks "
                f"disjoint-types and functional-property point at the usual culprits)"
                + (
                    f". Reasoner said: {_explain(result.explanation)}" if _explain(result.explanation) else ""
                ),
            )
        )
    for cls in result.unsatisfiable:
        file, line = ctx.where(cls)
        findings.append(
            ValidationResult(
                Severity.ERROR,
                CHECK,
                "unsatisfiable-class",
                f"{ctx.show(cls)} is unsatisfiable ({result.reasoner}): no individual can be a member "
                f"(check its superclasses and equivalences against the disjointness axioms)",
                focus=curie(str(cls)),
                focus_label=ctx.label(cls),
                file=file,
                line=line,
            )
        )
    return result, findings
