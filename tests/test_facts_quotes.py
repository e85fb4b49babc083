"""Every pkb:quote in the ontology Turtle is found verbatim (whitespace-normalised) in the source it cites.

Seed sources are read from ../shared/seeds (relative to the repository), outside sources from ontology/sources/.
"""

import re
from pathlib import Path

import pytest
import rdflib

REPO = Path(__file__).resolve().parents[1]
SEEDS = (REPO / ".." / "shared" / "seeds").resolve()
OUTSIDE = REPO / "ontology" / "sources"
PKB = rdflib.Namespace("https://w3id.org/porekb/")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def graph():
    g = rdflib.Graph()
    files = sorted((REPO / "ontology").rglob("*.ttl"))
    assert files, "no Turtle files found under ontology/"
    for f in files:
        g.parse(f, format="turtle")
    return g


def _source_text(g, source):
    names = list(g.objects(source, PKB.sourceFile))
    assert len(names) == 1, f"{source} must have exactly one pkb:sourceFile, has {names}"
    name = str(names[0])
    for folder in (SEEDS, OUTSIDE):
        path = folder / name
        if path.is_file():
            return _norm(path.read_text(encoding="utf-8"))
    raise AssertionError(f"text of {source} ({name}) is neither in {SEEDS} nor in {OUTSIDE}")


def test_there_are_quotes(graph):
    assert len(set(graph.subjects(PKB.quote, None))) > 0


def test_every_quote_is_verbatim_in_its_cited_source(graph):
    problems = []
    cache = {}
    for claim, quote in graph.subject_objects(PKB.quote):
        sources = list(graph.objects(claim, PKB.citesSource))
        if len(sources) != 1:
            problems.append(f"{claim}: cites {len(sources)} sources (expected 1)")
            continue
        src = sources[0]
        if src not in cache:
            try:
                cache[src] = _source_text(graph, src)
            except AssertionError as exc:
                problems.append(f"{claim}: {exc}")
                cache[src] = None
        text = cache[src]
        if text is not None and _norm(str(quote)) not in text:
            problems.append(f"{claim}: quote not found in {src}: {str(quote)!r}")
    assert not problems, "\n".join(problems)


def test_every_source_file_exists(graph):
    missing = []
    for src, name in graph.subject_objects(PKB.sourceFile):
        if not any((folder / str(name)).is_file() for folder in (SEEDS, OUTSIDE)):
            missing.append(f"{src}: {name}")
    assert not missing, "\n".join(missing)
