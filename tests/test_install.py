"""Reproducible installs: the lock pins every dependency with hashes, dev.py installs from it, every imported
package is declared, and the pre-commit ruff is the locked ruff."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements-lock.txt"
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)")
LOCAL = {"kb", "app", "tests", "benchmarks", "state", "ui", "views", "diff_overlay", "conftest", "w3c_suite"}


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _locked() -> dict[str, list[str]]:
    """Package name -> locked versions (one per environment marker)."""
    pins: dict[str, list[str]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins.setdefault(canonicalize_name(match.group(1)), []).append(match.group(2))
    return pins


def test_every_locked_requirement_has_hashes() -> None:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text(encoding="utf-8").split("\n", 1)[1])
    pinned = [b for b in blocks if _PIN.match(b)]
    assert len(pinned) > 50
    for block in pinned:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_lock_covers_every_declared_dependency_within_its_range() -> None:
    project = _pyproject()["project"]
    locked = _locked()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        versions = locked.get(canonicalize_name(req.name))
        assert versions, f"{req.name} is declared but not in requirements-lock.txt"
        assert all(req.specifier.contains(v, prereleases=True) for v in versions), (req, versions)


def test_dev_py_installs_from_the_lock_with_hashes() -> None:
    source = (REPO / "dev.py").read_text(encoding="utf-8")
    assert '"--require-hashes", "-r", LOCK.name' in source
    assert '"--no-deps", "-e", "."' in source
    assert 'LOCK = ROOT / "requirements-lock.txt"' in source


def _third_party_imports(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m not in LOCAL and m != "__future__"}


def _declared(specs: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(s).name) for s in specs}


def test_every_imported_package_is_declared() -> None:
    project = _pyproject()["project"]
    runtime = _declared(project["dependencies"])
    test = runtime | _declared(project["optional-dependencies"]["test"])
    dists = packages_distributions()
    for folder, allowed in (
        (REPO / "kb", runtime),
        (REPO / "app", runtime),
        (REPO / "tests", test),
        (REPO / "benchmarks", test),
    ):
        for module in _third_party_imports(folder):
            names = {canonicalize_name(d) for d in dists.get(module, [module])}
            assert names & allowed, (
                f"{folder.name}/ imports {module} ({names}) but pyproject does not declare it"
            )


def test_pre_commit_ruff_is_the_locked_ruff() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    rev = next(r["rev"] for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert _locked()["ruff"] == [rev.removeprefix("v")]
