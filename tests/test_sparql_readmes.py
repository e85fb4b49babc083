"""Every folder of engine SPARQL files states its header contract in a README (the ODK keeps src/sparql/ so)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = (
    "## Header contract",
    "## What the query must return",
    "## How the engine runs it",
    "## How the tests check it",
)
ENGINE_FOLDERS = sorted(
    {p.parent for p in [*ROOT.glob("ontology/**/*.rq"), *ROOT.glob("kb/**/*.rq")] if "tests" not in p.parts},
)


def test_the_engine_folders_are_found() -> None:
    names = {str(f.relative_to(ROOT)) for f in ENGINE_FOLDERS}
    assert {
        "ontology/rules",
        "ontology/qc",
        "ontology/queries",
        "ontology/policy",
        "ontology/browse",
    } <= names


def test_every_sparql_file_of_the_engine_is_under_one_tree() -> None:
    """The engine's SPARQL lives in ``ontology/`` (one folder per use, each with its README), none in ``kb/``."""
    outside = [str(p.relative_to(ROOT)) for p in ROOT.glob("kb/**/*.rq")]
    assert outside == [], f"SPARQL files outside ontology/: {outside}"


@pytest.mark.parametrize("folder", ENGINE_FOLDERS, ids=[str(f.relative_to(ROOT)) for f in ENGINE_FOLDERS])
def test_each_sparql_folder_has_a_readme_with_its_contract(folder: Path) -> None:
    readme = folder / "README.md"
    assert readme.is_file(), f"{folder.relative_to(ROOT)} has .rq files but no README.md"
    text = readme.read_text(encoding="utf-8")
    missing = [s for s in SECTIONS if s not in text]
    assert not missing, f"{readme.relative_to(ROOT)} lacks {missing}"
    # the tests it names exist
    for word in text.split("`"):
        if word.startswith("tests/") and "*" not in word:
            assert (ROOT / word.split("::")[0]).exists(), (
                f"{readme.relative_to(ROOT)} names {word}, which is missing"
            )
