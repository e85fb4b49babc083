"""Benchmark of the ``porekb`` command's start: ``porekb --help`` and ``porekb recommend PROFILE``, ours beside a
baseline git revision, in the same run and interleaved.

Run: ``.venv/bin/python -m benchmarks.bench_cli_start [--baseline main] [--runs 5]``

The baseline revision is extracted (``git archive``) into a temporary folder and run with the same Python and
packages (``PYTHONPATH`` points at it), so only the code differs. Each command runs ``--runs`` times per side,
alternating sides; the table gives the median and the range of wall time (hyperfine-style). The recommend run
uses the warm classification cache (one untimed warm-up run per side first).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROFILE = ROOT / "tests" / "scenarios" / "issue-example" / "profile.json"
COMMANDS = {
    "porekb --help": ["--help"],
    "porekb --version": ["--version"],
    "porekb recommend --help": ["recommend", "--help"],
    "porekb recommend PROFILE --format json": ["recommend", str(PROFILE), "--format", "json"],
}


def _extract(revision: str, target: Path) -> None:
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def _run(code_dir: Path, args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(code_dir)}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kb.cli", *args], cwd=code_dir, env=env, capture_output=True, check=True
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--runs", type=int, default=5, help="runs per command and side (default: 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="porekb-bench-") as tmp:
        base = Path(tmp)
        _extract(args.baseline, base)
        sides = {"baseline": base, "ours": ROOT}
        for side in sides.values():  # warm the classification and rule caches
            _run(side, COMMANDS["porekb recommend PROFILE --format json"])
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            for name, command in COMMANDS.items():
                for side, code in sides.items():
                    times.setdefault((name, side), []).append(_run(code, command))
    print(f"`porekb` start, wall time in ms: median (min–max) of {args.runs} runs, interleaved\n")
    print(f"| command | baseline ({args.baseline}) | ours |")
    print("|---|---|---|")
    for name in COMMANDS:
        cells = []
        for side in sides:
            ms = [t * 1000 for t in times[(name, side)]]
            cells.append(f"{statistics.median(ms):.0f} ({min(ms):.0f}–{max(ms):.0f})")
        print(f"| `{name}` | {' | '.join(cells)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
