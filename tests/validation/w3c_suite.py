"""Reading the W3C SHACL test suite (``w3c/core``): manifests, test cases and their expected reports."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import rdflib
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kb.shacl.findings import term_key
from kb.shacl.paths import read_path

SUITE = Path(__file__).parent / "w3c" / "core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

# one expected or found result: (focus node, path as SPARQL, source constraint component local name)
Result = tuple[str, str, str]


@dataclass(frozen=True)
class Case:
    """One ``sht:Validate`` test: where its graphs are, and what the report must say."""

    name: str  # e.g. "node/class-001"
    data: Path
    shapes: Path
    conforms: bool | None  # None: the test expects a failure (sht:Failure), not a report
    expected: frozenset[Result]


def _file(iri: Node) -> Path:
    return Path(unquote(urlparse(str(iri)).path))


@contextmanager
def _literals_as_written() -> Iterator[None]:
    """rdflib's switch (``rdflib.NORMALIZE_LITERALS``) off while parsing: a literal keeps its lexical form.

    The suite tells ``"1"^^xsd:boolean`` from ``true`` (``property/uniqueLang-002``: only the literal ``true``
    turns ``sh:uniqueLang`` on); normalising would read ``"1"`` as ``true``.
    """
    saved = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = saved


def _parse(path: Path) -> Graph:
    with _literals_as_written():
        return Graph().parse(path, format="turtle", publicID=path.as_uri())


def load(path: Path) -> Graph:
    """A test suite file parsed with its own location as base (``<>`` is the file), literals as written."""
    return _parse(path)


def result_key(graph: Graph, focus: Node, path: Node | None, component: Node) -> Result:
    """The comparable form of one result."""
    return (term_key(focus), "" if path is None else read_path(graph, path).sparql(), str(component))


def _expected(graph: Graph, report: Node) -> frozenset[Result]:
    found = set()
    for r in graph.objects(report, SH.result):
        found.add(
            result_key(
                graph,
                graph.value(r, SH.focusNode),  # type: ignore[arg-type]
                graph.value(r, SH.resultPath),
                graph.value(r, SH.sourceConstraintComponent),  # type: ignore[arg-type]
            )
        )
    return frozenset(found)


def _cases_in(path: Path) -> list[Case]:
    graph = load(path)
    cases = []
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for include in graph.objects(manifest, MF.include):
            cases += _cases_in(_file(include))
        for entries in graph.objects(manifest, MF.entries):
            for entry in Collection(graph, entries):
                if (entry, RDF.type, SHT.Validate) not in graph:
                    continue
                action, result = graph.value(entry, MF.action), graph.value(entry, MF.result)
                data, shapes = graph.value(action, SHT.dataGraph), graph.value(action, SHT.shapesGraph)
                name = f"{path.parent.name}/{_file(entry).name or path.stem}"
                if result == SHT.Failure:
                    cases.append(Case(name, _file(data), _file(shapes), None, frozenset()))
                    continue
                conforms = graph.value(result, SH.conforms)
                assert isinstance(conforms, Literal), f"{name}: no sh:conforms"
                cases.append(
                    Case(
                        name, _file(data), _file(shapes), bool(conforms.toPython()), _expected(graph, result)
                    )
                )
    return cases


def cases() -> list[Case]:
    """Every test case reachable from the suite's top manifest, by name."""
    found = {c.name: c for c in _cases_in(SUITE / "manifest.ttl")}
    return [found[n] for n in sorted(found)]
