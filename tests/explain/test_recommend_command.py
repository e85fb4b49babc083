"""``porekb recommend``: ``--detail summary|full`` and ``--format html`` through the command line (a real process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "tests" / "scenarios" / "issue-example" / "profile.json"


def porekb(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kb.cli", "recommend", str(PROFILE), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_detail_and_html_from_the_command_line() -> None:
    summary = porekb()
    full = porekb("--detail", "full")
    html = porekb("--format", "html")
    assert (summary.returncode, full.returncode, html.returncode) == (0, 0, 0), summary.stderr + full.stderr
    assert len(summary.stdout.splitlines()) <= 150
    assert "WHY NOT:" not in summary.stdout and "--detail full" in summary.stdout
    assert "WHY NOT:" in full.stdout and "HOW (rule firings" in full.stdout
    assert html.stdout.startswith("<!DOCTYPE html>") and "PoreKB consult note" in html.stdout
    bad = porekb("--detail", "everything")
    assert bad.returncode == 2 and "--detail" in bad.stderr


def test_the_realiser_is_named() -> None:
    """Text names the realiser; JSON's reasoner says "SPARQL realiser" only when it ran (the goldens, made with
    HermiT's realisation, keep their plain "HermiT"); both realisers give the same conclusions here."""
    hermit_text = porekb("--realiser", "hermit")
    sparql_text = porekb("--realiser", "sparql")
    assert hermit_text.returncode == sparql_text.returncode == 0, hermit_text.stderr + sparql_text.stderr
    assert hermit_text.stdout.rstrip().endswith("Realiser hermit: the OWL reasoner typed every individual")
    assert (
        "Realiser sparql: the OWL reasoner classified the TBox, SPARQL typed the individuals"
        in sparql_text.stdout
    )
    hermit_json = json.loads(porekb("--realiser", "hermit", "--format", "json").stdout)
    sparql_json = json.loads(porekb("--realiser", "sparql", "--format", "json").stdout)
    assert "realiser" not in hermit_json["reasoner"].lower()
    assert sparql_json["reasoner"].endswith("(TBox) + SPARQL realiser")
    assert [t["iri"] for t in sparql_json["recommended"]] == [t["iri"] for t in hermit_json["recommended"]]
    validate = subprocess.run(
        [sys.executable, "-m", "kb.cli", "validate"], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert "realiser hermit" in validate.stdout
