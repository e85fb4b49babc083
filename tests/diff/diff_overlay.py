"""Helpers for ``porekb diff`` tests: overlays applied to a temporary copy of the real ontology folder.

An overlay folder (``tests/diff/fixtures/<name>/``) holds any of:

- ``files/``: files copied over the ontology copy (new fact files, replaced files);
- ``update.ru``: a SPARQL Update run on every ``facts/*.ttl`` file; a file it changes is written back;
- ``expect.json``: what the Markdown must say, by section (the ``### `` heading) — ``contains`` and ``lacks``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from rdflib import Graph

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY = REPO / "ontology"
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def apply_overlay(overlay: Path, target: Path) -> Path:
    """Copy the real ontology folder to ``target`` and apply the overlay's files and update to it."""
    shutil.copytree(ONTOLOGY, target)
    if (overlay / "files").is_dir():
        shutil.copytree(overlay / "files", target, dirs_exist_ok=True)
    update = overlay / "update.ru"
    if update.is_file():
        changed = 0
        for path in sorted((target / "facts").glob("*.ttl")):
            graph = Graph().parse(path, format="turtle")
            before = set(graph)
            graph.update(update.read_text(encoding="utf-8"))
            if set(graph) != before:
                graph.serialize(path, format="turtle", encoding="utf-8")
                changed += 1
        assert changed, f"{update} changed no fact file: the fixture no longer matches the KB"
    return target


def run_diff(*args: str | Path) -> str:
    """Run the real ``porekb diff`` CLI and return its standard output (fails the test on a non-zero exit)."""
    proc = subprocess.run(
        [sys.executable, "-m", "kb.cli", "diff", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"porekb diff exited {proc.returncode}:\n{proc.stderr}"
    return proc.stdout
