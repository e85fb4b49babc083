"""The whole diff of two KBs (terms, classification, conclusions, validation), as Markdown or JSON."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kb import paths
from kb.diff.checks import ValidationDiff, diff_validation
from kb.diff.classification import ClassificationDiff, diff_classification
from kb.diff.conclusions import ConclusionsDiff, diff_conclusions, load_scenarios
from kb.diff.markdown import render_markdown
from kb.diff.revisions import Side, materialise, repo_root
from kb.diff.terms import TermDiff, diff_terms
from kb.knowledge_base import KnowledgeBase, load_kb

SCHEMA = "porekb-diff/1"


@dataclass
class DiffReport:
    """Everything that differs between two KBs, by label."""

    base: Side
    head: Side
    terms: TermDiff
    classification: ClassificationDiff
    conclusions: ConclusionsDiff
    validation: ValidationDiff | None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, object]:
        """The stable JSON schema (``schema: porekb-diff/1``)."""
        return {
            "schema": SCHEMA,
            "base": {"spec": self.base.spec, "kind": self.base.kind, "commit": self.base.commit},
            "head": {"spec": self.head.spec, "kind": self.head.kind, "commit": self.head.commit},
            "terms": self.terms.to_dict(),
            "classification": self.classification.to_dict(),
            "conclusions": self.conclusions.to_dict(),
            "validation": self.validation.to_dict() if self.validation else None,
            "seconds": round(self.seconds, 2),
        }

    def to_json(self) -> str:
        """The report as indented JSON."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        """The report as Markdown for a pull-request comment."""
        return render_markdown(self)


def _load(directory: Path) -> tuple[KnowledgeBase, Graph]:
    kb = load_kb(directory, strict=False)
    graph = Graph()
    for t in kb.asserted_triples():
        graph.add(t)
    return kb, graph


def _usable(kb: KnowledgeBase) -> KnowledgeBase | None:
    c = kb.classification
    return kb if c.consistent and not c.unsatisfiable else None


def diff_kbs(
    base: str,
    head: str | None = None,
    *,
    repo: Path | None = None,
    scenarios_dir: Path | None = None,
    sources_dir: Path | None = None,
    validate: bool = True,
) -> DiffReport:
    """Diff two KBs: ``base`` and ``head`` are git revisions of ``repo`` or directories (``head`` None:
    the working tree). Scenario profiles come from ``scenarios_dir`` (default: the checkout's
    ``tests/scenarios``); quotes are checked against ``sources_dir`` when given."""
    started = time.perf_counter()
    root = repo or repo_root()
    scenarios = load_scenarios(scenarios_dir or paths.repo_dir() / "tests" / "scenarios")
    with tempfile.TemporaryDirectory(prefix="porekb-diff-") as tmp:
        old = materialise(base, Path(tmp), repo=root, name="base")
        new = materialise(head, Path(tmp), repo=root, name="head")
        old_kb, old_graph = _load(old.ontology_dir)
        new_kb, new_graph = _load(new.ontology_dir)
        report = DiffReport(
            base=old,
            head=new,
            terms=diff_terms(old_graph, new_graph),
            classification=diff_classification(
                old_kb.classification, new_kb.classification, old_graph, new_graph
            ),
            conclusions=diff_conclusions(_usable(old_kb), _usable(new_kb), scenarios),
            validation=diff_validation(old.ontology_dir, new.ontology_dir, sources_dir) if validate else None,
        )
    report.seconds = time.perf_counter() - started
    return report
