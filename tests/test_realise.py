"""The large-KB path: HermiT classifies the TBox, SPARQL types the individuals, and the result equals HermiT's
own realisation of the whole KB (the real KB, generated KBs, an inconsistent KB). No timings are asserted."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from kb import paths, realise
from kb.errors import ReasonerError
from kb.knowledge_base import load_kb
from kb.realise import choose_realiser

sys.path.insert(0, str(paths.repo_dir()))  # the benchmarks package lives beside kb/, not inside it

from benchmarks.generate import generate

ONTOLOGY = paths.repo_dir() / "ontology"
PREFIXES = """@prefix pkb: <https://w3id.org/porekb/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""


def ontology_with(tmp_path: Path, turtle: str) -> Path:
    """A copy of the real ontology folder with one more facts file."""
    target = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, target)
    (target / "facts" / "zz-extra.ttl").write_text(PREFIXES + turtle, encoding="utf-8")
    return target


def both(directory: Path | None) -> tuple:
    """The classification of HermiT realising everything, and of HermiT (TBox) + the SPARQL realiser."""
    hermit = load_kb(directory, realiser="hermit", use_cache=False, derive=False, strict=False)
    sparql = load_kb(directory, realiser="sparql", use_cache=False, derive=False, strict=False)
    return hermit, sparql


def test_equal_to_hermit_on_the_real_kb() -> None:
    hermit, sparql = both(None)
    assert (hermit.realiser, sparql.realiser) == ("hermit", "sparql")
    assert "SPARQL realiser" in sparql.classification.reasoner
    assert sparql.classification.consistent and hermit.classification.consistent
    assert hermit.classification.inferred, "the real KB has inferred types"
    assert set(sparql.classification.inferred) == set(hermit.classification.inferred)
    assert sparql.classification.unsatisfiable == hermit.classification.unsatisfiable == []
    # the work graph of the realiser is gone again
    assert set(sparql.store.graph_names()) == set(hermit.store.graph_names())


@pytest.mark.slow
@pytest.mark.parametrize(("size", "seed"), [(1_000, 0), (4_000, 6)])
def test_equal_to_hermit_on_generated_kbs(tmp_path: Path, size: int, seed: int) -> None:
    kb = generate(size, tmp_path / "kb", seed=seed, clean=True)
    hermit, sparql = both(kb.directory)
    assert len(hermit.classification.inferred) > 10
    assert set(sparql.classification.inferred) == set(hermit.classification.inferred)


def test_disjoint_types_are_inconsistent_on_both_paths(tmp_path: Path) -> None:
    """Microneedling is asserted mechanical; also topical (disjoint with mechanical) makes the KB inconsistent."""
    directory = ontology_with(tmp_path, "pkb:treatment-microneedling a pkb:TopicalTreatment .\n")
    hermit, sparql = both(directory)
    assert not hermit.classification.consistent
    assert not sparql.classification.consistent
    assert "treatment-microneedling" in sparql.classification.explanation
    with pytest.raises(ReasonerError, match="inconsistent"):
        load_kb(directory, realiser="sparql", use_cache=False, derive=False)


def test_a_tbox_outside_the_realised_forms_keeps_hermit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A class defined by allValuesFrom is not realised with SPARQL: ``sparql`` refuses, ``auto`` uses HermiT."""
    directory = ontology_with(
        tmp_path,
        "pkb:OnlyMechanisms owl:equivalentClass "
        "[ a owl:Restriction ; owl:onProperty pkb:actsThrough ; owl:allValuesFrom pkb:Mechanism ] .\n",
    )
    with pytest.raises(ReasonerError, match="SPARQL realiser cannot"):
        load_kb(directory, realiser="sparql", use_cache=False, derive=False)
    monkeypatch.setattr(realise, "REALISER_THRESHOLD", 100)  # auto would pick SPARQL by size
    assert load_kb(directory, realiser="auto", use_cache=False, derive=False).realiser == "hermit"


def test_auto_picks_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    real = load_kb(realiser="hermit", derive=False)
    assert choose_realiser(real.store, "auto") == "hermit"  # the real KB is small
    monkeypatch.setattr(realise, "REALISER_THRESHOLD", 100)
    assert choose_realiser(real.store, "auto") == "sparql"
    assert choose_realiser(real.store, "hermit") == "hermit"
    assert load_kb(realiser="auto", use_cache=False, derive=False).realiser == "sparql"
    with pytest.raises(ValueError, match="unknown realiser"):
        load_kb(realiser="fast")
