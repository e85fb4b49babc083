"""What the fuzz modules share (``tests/profiles/test_fuzz.py``, ``tests/sparql/test_fuzz.py``): the scales (x1 in
every run, x10 under ``pytest -m nightly``), the Hypothesis settings, and the check that every outcome was reached
(a fuzz run that never reaches one of its outcomes tests less than it claims)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

SCALES = [
    pytest.param(1, id="x1"),
    pytest.param(10, id="x10", marks=[pytest.mark.nightly, pytest.mark.timeout(3600)]),
]


def fuzz_settings(scale: int, base: int) -> settings:
    """``base`` examples times ``scale``; no deadline, no example database (runs are independent)."""
    return settings(
        max_examples=base * scale,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def assert_reached(seen: Counter[str], *outcomes: str) -> None:
    """Every named outcome happened at least once in the run."""
    missing = [o for o in outcomes if not seen[o]]
    assert not missing, f"the fuzz run never reached {missing}: {dict(seen)}"
