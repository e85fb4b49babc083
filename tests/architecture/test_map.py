"""docs/ARCHITECTURE.md names every module of the engine, so the map stays true as the house grows."""

from __future__ import annotations

import re
from pathlib import Path

from tests.architecture.imports import KB

MAP = KB.parent / "docs" / "ARCHITECTURE.md"


def _named(text: str, path: Path) -> bool:
    """A module is named by its path (``kb/x/y.py``), or by its name in a list item that names its folder."""
    rel = path.relative_to(KB.parent).as_posix()
    if rel in text:
        return True
    folder = path.parent.relative_to(KB.parent).as_posix() + "/"
    items = re.split(r"\n(?:- |\n)", text)
    return any(folder in item and re.search(rf"\b{re.escape(path.stem)}\b", item) for item in items)


def test_every_engine_module_is_on_the_map() -> None:
    text = MAP.read_text(encoding="utf-8")
    modules = [
        p for p in sorted(KB.rglob("*.py")) if p.name != "__init__.py" or p.parent == KB / "validation"
    ]
    missing = [p.relative_to(KB.parent).as_posix() for p in modules if not _named(text, p)]
    assert missing == []


def test_the_map_names_no_module_that_is_gone() -> None:
    text = MAP.read_text(encoding="utf-8")
    named = set(re.findall(r"`(kb/[\w/]+\.py)`", text))
    assert named and [n for n in sorted(named) if not (KB.parent / n).is_file()] == []
