"""Issue 12, items 7 and 8: an incomplete KB folder fails validation; a read-only cache folder is no error."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from kb.validation import validate

PROFILE = Path(__file__).resolve().parents[1] / "scenarios" / "issue-example" / "profile.json"


@pytest.mark.parametrize("part", ["rules", "queries", "shapes/profile.ttl", "policy/ranking.rq"])
def test_a_missing_part_fails_validation(kb_copy: Path, part: str, porekb) -> None:
    path = kb_copy / part
    shutil.rmtree(path) if path.is_dir() else path.unlink()
    report = validate(kb_copy)
    assert not report.ok
    assert any(r.rule == "missing-part" and part in r.message for r in report.errors)
    if part in ("rules", "shapes/profile.ttl"):  # recommend cannot reason without them: one line, exit 2
        done = porekb("recommend", PROFILE, env={"POREKB_ONTOLOGY": str(kb_copy)})
        assert done.returncode == 2 and "incomplete" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", ["parent-is-a-file", "read-only-parent"])
def test_an_unusable_cache_folder_only_means_no_cache(kind: str, tmp_path: Path, porekb) -> None:
    """Root ignores file modes, so the first case stands a file where the folder's parent should be."""
    if kind == "parent-is-a-file":
        blocker = tmp_path / "file"
        blocker.write_text("not a folder")
        cache = blocker / "porekb"  # cannot be created: its parent is a file
    else:
        parent = tmp_path / "ro"
        parent.mkdir()
        parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
        cache = parent / "cache"
    done = porekb("validate", env={"POREKB_CACHE": str(cache)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "could not run" not in done.stdout
    rec = porekb("recommend", PROFILE, env={"POREKB_CACHE": str(cache)})
    assert rec.returncode == 0, rec.stderr
