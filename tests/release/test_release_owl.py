"""The OWL and Turtle release files: Protégé's view (owlready2 loads the RDF/XML with its individuals), HermiT
classifies the release exactly as the engine classifies the KB, rdflib reads the Turtle."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kb.knowledge_base import load_kb
from kb.namespaces import ASSERTED_GRAPHS, ONTOLOGY_IRI, PKB
from kb.reasoning import java_available
from kb.release import FILES
from kb.version import version

XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
_IGNORED = {str(OWL.Thing), str(OWL.NamedIndividual), str(OWL.Nothing)}


@pytest.fixture(scope="module")
def engine():
    return load_kb(derive=False)


def _engine_view(kb) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per individual its named types, per class its named ancestors: asserted plus the engine's inferences."""
    graph = Graph()
    for t in [t for g in ASSERTED_GRAPHS for t in kb.store.triples(g)] + kb.classification.inferred:
        graph.add(t)
    types = {
        str(i): {str(c) for c in graph.objects(i, RDF.type) if isinstance(c, URIRef)} - _IGNORED
        for i in graph.subjects(RDF.type, OWL.NamedIndividual)
        if isinstance(i, URIRef)
    }
    ancestors = {}
    for cls in graph.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            up = {str(c) for c in graph.transitive_objects(cls, RDFS.subClassOf) if isinstance(c, URIRef)}
            ancestors[str(cls)] = up - _IGNORED - {str(cls)}
    return types, ancestors


def test_release_writes_every_file(release_dir: Path) -> None:
    assert sorted(p.name for p in release_dir.iterdir()) == sorted(FILES)


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java (dev.py test installs it in CI)")
def test_owlready2_loads_the_owl_file_and_hermit_classifies_it_like_the_engine(
    release_dir: Path, engine
) -> None:
    world = owlready2.World()
    onto = world.get_ontology((release_dir / "porekb.owl").as_uri()).load()
    want_types, want_ancestors = _engine_view(engine)
    individuals = {i.iri for i in world.individuals()}
    assert set(want_types) <= individuals, sorted(set(want_types) - individuals)[:5]
    assert len(want_types) > 300
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    got_types = {
        i.iri: {c.iri for c in i.INDIRECT_is_a if hasattr(c, "iri")} - _IGNORED
        for i in world.individuals()
        if i.iri in want_types
    }
    got_ancestors = {
        c.iri: {a.iri for a in c.ancestors() if hasattr(a, "iri")} - _IGNORED - {c.iri}
        for c in world.classes()
        if c.iri in want_ancestors
    }
    world.close()
    assert got_types == want_types
    assert got_ancestors == want_ancestors
    inferred_types = [t for t in engine.classification.inferred if t[1] == RDF.type]
    assert inferred_types, "the engine inferred no types: nothing was compared"


def _canonical(node):
    """xsd:decimal by value (the store writes 7, the Turtle serialiser 7.0)."""
    if isinstance(node, Literal) and node.datatype == XSD_DECIMAL:
        return Literal(format(node.toPython().normalize(), "f"), datatype=XSD_DECIMAL)
    return node


def _without_header(triples) -> Graph:
    graph = Graph()
    for s, p, o in triples:
        if s != ONTOLOGY_IRI:
            graph.add((s, p, _canonical(o)))
    return graph


def test_merged_release_is_the_kb_plus_the_engines_inferences(release_dir: Path, engine) -> None:
    turtle = Graph().parse(release_dir / "porekb.ttl", format="turtle")
    xml = Graph().parse(release_dir / "porekb.owl", format="xml")
    assert len(turtle) == len(xml) > 1000
    expected = _without_header(engine.asserted_triples() + engine.classification.inferred)
    assert isomorphic(_without_header(turtle), expected)
    assert isomorphic(_without_header(xml), expected)


@pytest.mark.parametrize(
    ("name", "fmt"), [("porekb.owl", "xml"), ("porekb.ttl", "turtle"), ("porekb-base.owl", "xml")]
)
def test_each_file_has_its_versioned_iri(release_dir: Path, name: str, fmt: str) -> None:
    graph = Graph().parse(release_dir / name, format=fmt)
    ontologies = list(graph.subjects(RDF.type, OWL.Ontology))
    assert len(ontologies) == 1
    onto = ontologies[0]
    assert graph.value(onto, OWL.versionIRI) == URIRef(f"https://w3id.org/porekb/releases/{version()}/{name}")
    assert str(graph.value(onto, OWL.versionInfo)) == version()
    creator = graph.value(onto, URIRef("http://purl.org/dc/terms/creator"))
    assert isinstance(creator, URIRef)


def test_base_is_the_tbox_without_individuals(release_dir: Path, engine) -> None:
    base = Graph().parse(release_dir / "porekb-base.owl", format="xml")
    full = Graph().parse(release_dir / "porekb.owl", format="xml")
    classes = {c for c in full.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    assert classes and classes <= set(base.subjects(RDF.type, OWL.Class))
    individuals = set(full.subjects(RDF.type, OWL.NamedIndividual))
    # individuals may be declared (class axioms name some), but none is described: no label, no type but the
    # declaration, no property values
    described = {
        s
        for s in base.subjects()
        if s in individuals and set(base.predicate_objects(s)) != {(RDF.type, OWL.NamedIndividual)}
    }
    assert described == set()
    treatment = PKB["treatment-microneedling"]
    assert (treatment, None, None) not in base
    inferred_links = [t for t in engine.classification.inferred if t[1] == RDFS.subClassOf]
    for t in inferred_links:
        assert t in base


@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_owlready2_loads_the_base_and_hermit_finds_it_consistent(release_dir: Path) -> None:
    world = owlready2.World()
    onto = world.get_ontology((release_dir / "porekb-base.owl").as_uri()).load()
    assert len(list(world.classes())) > 30
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    world.close()


def test_release_into_an_unwritable_place_is_a_usage_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).parent / "porekb"), "release", str(blocker / "out")],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("porekb release: error: cannot write the release to ")
    assert not (blocker / "out").exists()
