"""The scaling benchmark's correctness at small sizes: a deterministic generator, our fast SHACL path giving
pySHACL's findings, and our rule derivation equal to pySHACL's SHACL-AF rules. No timings are asserted."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kb import paths

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
sys.path.insert(0, str(paths.repo_dir()))  # the benchmarks package lives beside kb/, not inside it

from benchmarks.generate import VIOLATION_KINDS, GeneratedKB, generate, profiles  # noqa: E402
from benchmarks.scale import shacl_af_rules  # noqa: E402
from kb.shacl import pyshacl_findings, validate_store  # noqa: E402


def ox_graph(name: str) -> URIRef:
    """A case graph name for the test."""
    return URIRef(f"urn:porekb:test:{name}")


def _numeric_by_value(triples: Iterable[tuple[Node, Node, Node]]) -> set[tuple[object, ...]]:
    """Triples with numeric literals compared by value: rdflib's SPARQL types ``100 * ?n + ...`` as
    xsd:decimal where SPARQL 1.1 (and Oxigraph) give xsd:integer."""
    out: set[tuple[object, ...]] = set()
    for t in triples:
        out.add(
            tuple(
                Decimal(str(x))
                if isinstance(x, Literal)
                and str(x.datatype).startswith(XSD_NS)
                and isinstance(x.toPython(), int | float | Decimal)
                and not isinstance(x.toPython(), bool)
                else x
                for x in t
            )
        )
    return out


def _files(kb: GeneratedKB) -> list[Path]:
    return [kb.directory / "porekb.ttl", *sorted((kb.directory / "facts").glob("*.ttl"))]


def _load(kb: GeneratedKB) -> tuple[ox.Store, Graph, Graph]:
    store = ox.Store()
    graph = Graph()
    for path in _files(kb):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:data"))
        graph.parse(path, format="turtle")
    shapes = Graph().parse(kb.directory / "shapes" / "kb.ttl", format="turtle")
    return store, graph, shapes


def test_generator_is_deterministic_by_seed(tmp_path: Path) -> None:
    a = generate(3000, tmp_path / "a", seed=7)
    b = generate(3000, tmp_path / "b", seed=7)
    c = generate(3000, tmp_path / "c", seed=8)
    assert a.facts_file().read_bytes() == b.facts_file().read_bytes()
    assert a.injected_file().read_bytes() == b.injected_file().read_bytes()
    assert a.injected == b.injected
    assert a.facts_file().read_bytes() != c.facts_file().read_bytes()


def test_generator_hits_the_size_and_injects_every_kind(tmp_path: Path) -> None:
    kb = generate(10_000, tmp_path / "kb", seed=1)
    assert 10_000 <= kb.triples < 10_500
    assert {kind for kind, _node in kb.injected} == set(VIOLATION_KINDS)
    assert not generate(2000, tmp_path / "clean", seed=1, clean=True).injected_file().exists()


@pytest.mark.parametrize("size", [1_000, 10_000])
def test_fast_shacl_gives_pyshacls_findings(tmp_path: Path, size: int) -> None:
    kb = generate(size, tmp_path / "kb", seed=3)
    store, graph, shapes = _load(kb)
    ours = validate_store(store, shapes)
    assert not ours.fallback_shapes, ours.notes  # every KB shape is translated
    reference = pyshacl_findings(graph, shapes, advanced=True)
    assert Counter(f.key for f in ours.findings) == Counter(f.key for f in reference)
    # every injected SHACL violation is found (claim-without-source is a QC finding, not a shape's)
    focus = {str(f.focus) for f in ours.findings}
    for kind, node in kb.injected:
        if kind != "claim-without-source":
            assert node in focus, kind
    # plain pySHACL (defaults) skips the SPARQL-target shapes: its findings are a subset of ours
    plain = pyshacl_findings(graph, shapes, advanced=False)
    assert not Counter(f.key for f in plain) - Counter(f.key for f in ours.findings)


def test_clean_generated_kb_conforms(tmp_path: Path) -> None:
    kb = generate(5_000, tmp_path / "kb", seed=2, clean=True)
    store, _graph, shapes = _load(kb)
    assert validate_store(store, shapes).findings == []


@pytest.mark.slow
def test_our_derivation_equals_shacl_af_rules(tmp_path: Path) -> None:
    from pyshacl import shacl_rules

    from kb.knowledge_base import load_kb
    from kb.namespaces import KB_GRAPHS
    from kb.profile import parse_profile
    from kb.rules.engine import run_rules

    kb_dir = generate(3_000, tmp_path / "kb", seed=5, clean=True)
    kb = load_kb(kb_dir.directory, use_cache=False)
    rules = kb.case_rules
    for profile in profiles(kb_dir, 3, seed=5):
        case = parse_profile(kb, profile)
        profile_graph, derived_graph = ox_graph("profile"), ox_graph("derived")
        kb.store.add(profile_graph, case.triples)
        try:
            ours = run_rules(kb.store, rules, read_graphs=(*KB_GRAPHS, profile_graph), target=derived_graph)
        finally:
            kb.store.drop(profile_graph)
            kb.store.drop(derived_graph)
        graph = Graph()
        for g in KB_GRAPHS:
            for t in kb.store.triples(g):
                graph.add(t)
        for t in case.triples:
            graph.add(t)
        before = set(graph)
        shacl_rules(
            graph,
            shacl_graph=shacl_af_rules(kb_dir.directory / "rules", str(case.iri)),
            advanced=True,
            iterate_rules=True,
            inplace=True,
        )
        assert _numeric_by_value(ours.triples) == _numeric_by_value(set(graph) - before), profile


def test_drop_in_run_reports_every_finding(tmp_path: Path) -> None:
    from kb.kb_files import kb_files
    from kb.store import OxigraphStore
    from kb.validation import shacl
    from kb.validation.context import Context, locate_subjects

    kb = generate(2_000, tmp_path / "kb", seed=4)
    files = kb_files(kb.directory)
    store = OxigraphStore()
    for f in files:
        store.load_turtle(f.graph, f.data, base_iri=f.path.as_uri())
    ctx = Context(kb.directory, files, store, locations=locate_subjects(files))
    _store, _graph, shapes = _load(kb)
    results, _note = shacl.run_fast(ctx, [str(g) for g in {f.graph for f in files}], shapes)
    assert len(results) == len(validate_store(_store, shapes).findings) > 0
    assert all(r.check == "shacl" and r.file for r in results if r.focus and "-x" not in r.focus)
