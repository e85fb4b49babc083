"""The scale benchmark's time limits: a baseline that reaches its (shorter) limit is stopped and the table says so
in words; our jobs keep the general limit. No timings are asserted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kb import paths

sys.path.insert(0, str(paths.repo_dir()))  # the benchmarks package lives beside kb/, not inside it

from benchmarks.generate import generate
from benchmarks.scale import OURS, ROWS, cell, limits, run_child, time_limit


def _opts(**overrides: object) -> argparse.Namespace:
    opts = argparse.Namespace(
        timeout=600.0,
        hermit_timeout=300.0,
        baseline_timeout=120.0,
        profiles=1,
        workers=1,
        skip_queries="",
        cache_dir=Path("/nonexistent"),
        repeat_for=lambda size: 1,
    )
    for key, value in overrides.items():
        setattr(opts, key, value)
    return opts


def test_every_job_is_ours_or_a_baseline_and_gets_its_limit() -> None:
    opts = _opts()
    jobs = [job for job, _group, _label in ROWS]
    assert set(jobs) >= OURS
    for job, _group, label in ROWS:
        assert ("**ours**" in label) == (job in OURS), job
        expected = 300.0 if job == "load-kb" else 600.0 if job in OURS else 120.0
        assert time_limit(job, opts) == expected, job
    # no baseline limit given: every job has the general one
    assert {time_limit(job, _opts(baseline_timeout=0.0)) for job in jobs if job != "load-kb"} == {600.0}
    assert '"> 120 s (stopped)"' in limits(opts)


def test_a_baseline_at_its_limit_is_stopped_and_shown_so(tmp_path: Path) -> None:
    kb = generate(1_000, tmp_path / "kb", seed=1)
    opts = _opts(
        cache_dir=tmp_path / "cache", timeout=0.2
    )  # a Python child cannot even import rdflib in 0.2 s
    result = run_child("parse-rdflib", "1e3", kb.directory, kb.directory, opts)
    assert result.error == "> 0.2 s (stopped)"
    assert cell(result) == "> 0.2 s (stopped)"
    assert result.seconds is None
