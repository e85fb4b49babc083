"""``porekb recommend``: ``--detail summary|full`` and ``--format html`` through the command line (a real process)."""

from __future__ import annotations

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
