"""One release built by the real ``porekb release`` command for every test in this folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PORECLI = Path(sys.executable).parent / "porekb"


@pytest.fixture(scope="session")
def release_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``porekb release OUTDIR`` on the real KB."""
    out = tmp_path_factory.mktemp("release") / "out"
    result = subprocess.run(
        [str(PORECLI), "release", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out
