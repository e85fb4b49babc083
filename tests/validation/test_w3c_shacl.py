"""The W3C SHACL Core test suite (``w3c/core``, see its README) through our SHACL engine.

Every case runs through :func:`kb.shacl.validate_store`: shapes whose components the compiler translates run as
SPARQL on pyoxigraph, the rest go to pySHACL and the plan's notes must name each untranslated component and its
shape. The report must match the expected one: ``sh:conforms`` and the set of (focus node, path, source
constraint component).
"""

from __future__ import annotations

import logging

import pyoxigraph as ox
import pytest
import w3c_suite
from rdflib.namespace import SH
from w3c_suite import Case

from kb.shacl import TRANSLATORS, compile_shapes, validate_store
from kb.shacl.compiler import targeted_shapes
from kb.shacl.components import BY_PARAMETER, untranslated_components
from kb.shacl.findings import term_key
from kb.terms import to_ox

CASES = w3c_suite.cases()
DATA = ox.NamedNode("urn:porekb:w3c:data")
# Cases our engine is known to fail, with the reason (none: property/uniqueLang-002, sh:uniqueLang "1"^^xsd:boolean,
# passes since the suite is parsed with literals as written, see w3c_suite.load)
KNOWN_FAILURES: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _quiet_rdflib() -> None:
    """rdflib logs a traceback for each ill-typed literal the suite uses on purpose."""
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


def _params(case: Case) -> list[object]:
    marks = []
    if case.name in KNOWN_FAILURES:
        marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[case.name], strict=True))
    return [pytest.param(case, id=case.name, marks=marks)]


def _run(case: Case) -> tuple[bool, frozenset[tuple[str, str, str]], list[str], list[str]]:
    data, shapes = w3c_suite.load(case.data), w3c_suite.load(case.shapes)
    store = ox.Store()
    store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), DATA) for s, p, o in data)
    plan = compile_shapes(shapes)
    report = validate_store(store, shapes, graphs=[DATA.value], workers=1, rdflib_data=data, plan=plan)
    found = frozenset(
        (term_key(f.focus), "" if f.path is None else f.path.sparql(), str(SH) + f.component)
        for f in report.findings
    )
    missing = sorted(
        f"sh:{c.rsplit('#', 1)[-1]}"
        for shape in targeted_shapes(shapes)
        for c in untranslated_components(shapes, shape)
        if not any(note.startswith(f"{shape}:") and c.rsplit("#", 1)[-1] in note for note in report.notes)
    )
    return not report.findings, found, [str(s) for s in plan.fallback], missing


@pytest.mark.parametrize("case", [p for c in CASES for p in _params(c)])
def test_w3c_case(case: Case) -> None:
    assert case.conforms is not None, f"{case.name}: the suite expects a failure; not run"
    conforms, found, _fallback, unnamed = _run(case)
    assert not unnamed, f"{case.name}: the report does not name {unnamed}"
    assert conforms == case.conforms
    assert found == case.expected, (
        f"missing {sorted(case.expected - found)}, extra {sorted(found - case.expected)}"
    )


def test_every_translated_component_has_a_compiled_case() -> None:
    """Each component the compiler translates is checked by at least one suite case that runs without pySHACL."""
    covered = set()
    for case in CASES:
        shapes = w3c_suite.load(case.shapes)
        if case.name in KNOWN_FAILURES or compile_shapes(shapes).fallback:
            continue
        covered |= {BY_PARAMETER[p].component for p in shapes.predicates() if p in BY_PARAMETER}
    assert set(TRANSLATORS) - covered == set()


def test_untranslated_components_go_to_pyshacl_and_are_named() -> None:
    """A shape with sh:closed is validated by pySHACL, and the plan says which component and which shape."""
    case = next(c for c in CASES if c.name == "node/closed-001")
    shapes = w3c_suite.load(case.shapes)
    plan = compile_shapes(shapes)
    assert [str(s) for s in plan.fallback] == [
        "http://datashapes.org/sh/tests/core/node/closed-001.test#MyShape"
    ]
    assert plan.notes == [
        "http://datashapes.org/sh/tests/core/node/closed-001.test#MyShape: sh:ClosedConstraintComponent "
        "(validated by pySHACL)"
    ]
