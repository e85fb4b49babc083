"""Fixtures for validation tests: a temporary copy of the real ontology folder and the real ``porekb`` CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ONTOLOGY = REPO / "ontology"
SEEDS = REPO.parent / "shared" / "seeds"
PORECLI = Path(sys.executable).parent / "porekb"


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Keep the reasoner cache of these tests apart from the developer's; the variable is restored afterwards."""
    folder = tmp_path_factory.mktemp("porekb-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("POREKB_CACHE", str(folder))
        yield folder


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A fresh copy of the real ontology folder to break."""
    target = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, target)
    return target


@pytest.fixture(scope="session")
def seeds() -> Path:
    """The source texts (../shared/seeds beside the checkout)."""
    if not SEEDS.is_dir():
        pytest.fail(f"{SEEDS} is missing: the seeds are needed beside the checkout (../shared/seeds)")
    return SEEDS


def run_cli(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``porekb`` console script."""
    return subprocess.run(
        [str(PORECLI), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env={**os.environ, **(env or {})},
        timeout=240,
        check=False,
    )


@pytest.fixture
def porekb() -> Callable[..., subprocess.CompletedProcess[str]]:
    """The ``porekb`` CLI as a subprocess."""
    return run_cli
