"""Loading the KB's Turtle files: a syntax error is one error naming file, line and column, on every store, and
pyoxigraph's single parse reports exactly what the separate syntax check reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb import paths
from kb.errors import TurtleSyntaxError
from kb.kb_files import KBFile, check_syntax, load_file
from kb.knowledge_base import load_kb
from kb.namespaces import GRAPH_FACTS
from kb.store import make_store

BROKEN = b'@prefix pkb: <https://w3id.org/porekb/> .\npkb:a pkb:b "no end .\npkb:c pkb:d pkb:e .\n'


def broken_file(folder: Path) -> KBFile:
    path = folder / "zz-broken.ttl"
    path.write_bytes(BROKEN)
    return KBFile(path, GRAPH_FACTS, BROKEN)


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_syntax_error_names_file_line_and_column(tmp_path: Path, store: str) -> None:
    file = broken_file(tmp_path)
    with pytest.raises(TurtleSyntaxError) as checked:
        check_syntax(file)
    target = make_store(store)
    with pytest.raises(TurtleSyntaxError) as loaded:
        load_file(target, file)
    assert str(loaded.value) == str(checked.value)
    assert "zz-broken.ttl" in str(loaded.value) and ":2:" in str(loaded.value)
    assert target.triples(GRAPH_FACTS) == []  # nothing half-loaded


def test_load_kb_refuses_a_broken_fact_file(tmp_path: Path) -> None:
    ontology = tmp_path / "ontology"
    shutil.copytree(paths.ontology_dir(), ontology)
    broken_file(ontology / "facts")
    with pytest.raises(TurtleSyntaxError, match=r"zz-broken\.ttl"):
        load_kb(ontology, use_cache=False, derive=False)
