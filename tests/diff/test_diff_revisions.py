"""``porekb diff`` on git revisions: a revision against another revision or the working tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from diff_overlay import FIXTURES, ONTOLOGY, REPO


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.name=PoreKB test", "-c", "user.email=test@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose first commit holds a copy of the real ontology folder."""
    root = tmp_path / "repo"
    shutil.copytree(ONTOLOGY, root / "ontology")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "ontology")
    _git(root, "commit", "-q", "-m", "KB as it is")
    return root


def _diff(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "kb.cli",
            "diff",
            *args,
            "--repo",
            str(repo),
            "--no-validate",
            "--scenarios",
            str(REPO / "tests" / "scenarios"),
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_revision_against_working_tree_and_against_a_later_commit(repo: Path) -> None:
    shutil.copytree(FIXTURES / "treatment-added" / "files", repo / "ontology", dirs_exist_ok=True)
    first = _git(repo, "rev-parse", "HEAD")

    working = _diff(repo, "HEAD")
    assert working.returncode == 0, working.stderr
    assert f"## PoreKB diff: HEAD ({first[:10]}) → working tree" in working.stdout
    assert "topical treatment **regular pore cleansing**" in working.stdout

    _git(repo, "add", "ontology")
    _git(repo, "commit", "-q", "-m", "Add a treatment")
    between = _diff(repo, "HEAD~1", "HEAD")
    assert between.returncode == 0, between.stderr
    assert "topical treatment **regular pore cleansing**" in between.stdout
    assert "➕ regular pore cleansing is inferred to be a pore-clearing treatment" in between.stdout

    same = _diff(repo, "HEAD", "HEAD")
    assert "0 added, 0 removed, 0 changed terms" in same.stdout


def test_unknown_revision_is_a_usage_error(repo: Path) -> None:
    proc = _diff(repo, "no-such-branch")
    assert proc.returncode == 2
    assert "'no-such-branch' is neither a directory nor a git revision" in proc.stderr
