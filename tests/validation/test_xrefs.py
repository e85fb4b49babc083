"""Every OBO IRI the KB uses is one of the checked identifiers listed in ../shared/xrefs.tsv."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kb.kb_files import kb_files
from kb.namespaces import OBO

REPO = Path(__file__).resolve().parents[2]
XREFS = REPO / ".." / "shared" / "xrefs.tsv"


def listed_ids() -> set[str]:
    """The ``PREFIX:NNN`` identifiers of xrefs.tsv (third column)."""
    if not XREFS.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{XREFS} is missing: CI must have shared/ beside the checkout")
        pytest.skip(f"{XREFS} is not beside this checkout")
    ids = set()
    for line in XREFS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) >= 3:
            ids.add(columns[2].strip())
    return ids


def used_obo_ids() -> dict[str, str]:
    """OBO identifiers (``UBERON:0002073``) used anywhere in the KB, with one file that uses each."""
    used: dict[str, str] = {}
    for f in kb_files(REPO / "ontology"):
        graph = Graph().parse(data=f.data, format="turtle")
        for triple in graph:
            for term in triple:
                if isinstance(term, URIRef) and str(term).startswith(str(OBO)):
                    local = str(term)[len(str(OBO)) :]
                    used.setdefault(local.replace("_", ":", 1), f.path.name)
    return used


def test_every_obo_iri_is_listed_in_xrefs() -> None:
    listed = listed_ids()
    used = used_obo_ids()
    assert used, "the KB uses no OBO IRI at all"
    missing = {i: where for i, where in used.items() if i not in listed}
    assert not missing, f"OBO IRIs not in {XREFS}: {missing}"
