"""The shape of the ``kb`` package: no import cycles, imports at the top of modules, small modules."""

from __future__ import annotations

from tests.architecture.imports import KB, Import, all_imports, cycles, module_name, runtime_graph

# Imports that may sit inside a function, and why. Anything else belongs at the top of its module.
ALLOWED_IN_FUNCTION = {
    # heavy third-party dependencies, imported only by the path that needs them
    "pyshacl": "pySHACL takes ~0.5 s to import; only the reference SHACL path and profile checks need it",
    "owlready2": "owlready2 (HermiT) is imported only when the reasoner runs",
    "owlrl": "the pure-Python reasoner is imported only when Java is missing",
    # the sandboxed child process imports after it has set its resource limits
    "kb.sparql._child": "the user-query child imports rdflib/pyoxigraph after setting its memory and CPU limits",
}
MAX_LINES = 400


def _allowed(i: Import) -> bool:
    for prefix in ALLOWED_IN_FUNCTION:
        if i.target == prefix or i.target.startswith(prefix + "."):
            return True
        if i.module == prefix or i.module.startswith(prefix + "."):
            return True
    return False


def test_the_import_graph_reader_sees_real_edges() -> None:
    """The graph reader is not blind: it finds edges we know exist, and it would report a cycle."""
    graph = runtime_graph()
    assert "kb.recommend.engine" in graph["kb.recommend"]
    assert "kb.store" in graph["kb.knowledge_base"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_in_kb() -> None:
    assert cycles(runtime_graph()) == []


def test_imports_sit_at_the_top_of_modules() -> None:
    inside = [
        f"{i.module}:{i.line} imports {i.target}" for i in all_imports() if i.in_function and not _allowed(i)
    ]
    assert inside == []


def test_modules_are_small() -> None:
    sizes = {
        module_name(p): len(p.read_text(encoding="utf-8").splitlines()) for p in sorted(KB.rglob("*.py"))
    }
    assert {m: n for m, n in sizes.items() if n > MAX_LINES} == {}
