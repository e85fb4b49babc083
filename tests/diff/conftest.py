"""Fixtures for ``porekb diff`` tests (the helpers are in ``diff_overlay.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from diff_overlay import SEEDS


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The seed source texts beside the checkout (needed for the quote check of validation)."""
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} is missing: the seeds are needed beside the checkout (../shared/seeds)")
    return SEEDS
