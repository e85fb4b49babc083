"""One version: the package metadata (pyproject.toml), ``porekb --version``, ``kb.__version__`` and the
ontology's ``owl:versionInfo`` and ``owl:versionIRI`` agree; the licence files are where pyproject says."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib.metadata import metadata
from pathlib import Path

from rdflib import OWL, Graph, URIRef

import kb
from kb.namespaces import DCTERMS, ONTOLOGY_IRI
from kb.version import version

REPO = Path(__file__).resolve().parents[1]


def test_every_version_is_the_package_version() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert version() == pyproject["project"]["version"] == kb.__version__
    cli = subprocess.run(
        [str(Path(sys.executable).parent / "porekb"), "--version"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert cli.stdout.strip() == f"porekb {version()}"
    onto = Graph().parse(REPO / "ontology" / "porekb.ttl", format="turtle")
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == version()
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(
        f"https://w3id.org/porekb/releases/{version()}/porekb.owl"
    )


def test_ontology_header_is_usable_by_ontology_tools() -> None:
    onto = Graph().parse(REPO / "ontology" / "porekb.ttl", format="turtle")
    creators = list(onto.objects(ONTOLOGY_IRI, DCTERMS.creator))
    assert creators and all(isinstance(c, URIRef) for c in creators)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_changelog_has_an_entry_for_this_version() -> None:
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{version()}]" in changelog


def test_licence_is_an_spdx_expression_with_both_texts() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT AND CC-BY-4.0"
    assert metadata("porekb")["License-Expression"] == "MIT AND CC-BY-4.0"
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in text and "Creative Commons Attribution 4.0" in text
