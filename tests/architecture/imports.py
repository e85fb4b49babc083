"""The import graph of the ``kb`` package, read from the source (nothing is imported)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

KB = Path(__file__).resolve().parents[2] / "kb"


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, where, and whether it runs when the module is imported."""

    module: str
    target: str
    line: int
    in_function: bool
    type_checking: bool


def module_name(path: Path) -> str:
    parts = path.relative_to(KB.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    base = node.module or ""
    if node.level:
        package = module if is_package else module.rsplit(".", 1)[0]
        for _ in range(node.level - 1):
            package = package.rsplit(".", 1)[0]
        base = f"{package}.{base}" if base else package
    # "from kb.x import y" imports kb.x, and kb.x.y when y is a submodule
    out = [base]
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        if _exists(candidate):
            out.append(candidate)
    return out


def _exists(name: str) -> bool:
    path = KB.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports(path: Path) -> list[Import]:
    """Every import in a module, with where it sits."""
    module = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[Import] = []

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(child, module, path.name == "__init__.py"):
                    out.append(Import(module, target, child.lineno, in_function, type_checking))
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                visit(child, True, type_checking)
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit(child, in_function, True)
            else:
                visit(child, in_function, type_checking)

    visit(tree, False, False)
    return out


def all_imports() -> list[Import]:
    return [i for path in sorted(KB.rglob("*.py")) for i in imports(path)]


def runtime_graph() -> dict[str, set[str]]:
    """kb module -> the kb modules it imports when it is imported (module level, not under TYPE_CHECKING)."""
    graph: dict[str, set[str]] = {module_name(p): set() for p in KB.rglob("*.py")}
    for i in all_imports():
        if i.in_function or i.type_checking or not i.target.startswith("kb"):
            continue
        # importing kb.a.b first imports the package kb.a (its __init__)
        parts = i.target.split(".")
        for n in range(2, len(parts) + 1):
            target = ".".join(parts[:n])
            if target in graph and target != i.module and not i.module.startswith(target + "."):
                graph[i.module].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out
