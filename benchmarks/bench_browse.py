"""Benchmark of the term pages: labels and claims of a loaded KB, every term page and neighbourhood, the docs.

    .venv/bin/python benchmarks/bench_browse.py [--baseline DIR ...] [--repeat N]

``--baseline DIR`` runs the same steps on another checkout of PoreKB (e.g. ``git worktree add /tmp/base main``) in
a child process with that checkout first on ``sys.path``, so all columns come from the same run on the same
machine; give it more than once for several baselines (a column each, named by folder). The checkouts take N turns,
one after the other (a fresh process each turn, two rounds in it), so load from other work on a shared machine
falls on every column alike. Each round empties the browse caches and the KB's label and index properties and runs
every step; a cell is the fastest round of N turns (the minimum is the least disturbed figure). The KB load is not
timed; the docs are written under /dev/shm when it exists (a memory file system, so other work's disk traffic does
not time the build). Prints a Markdown table; nothing is asserted (benchmarks are not tests).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_ROUNDS_PER_CHILD = 2  # the first round of a fresh process also pays one-off costs (imports, query files)
_MEMORY = Path(
    "/dev/shm"
)  # the docs are written to memory when there is such a folder: disk load is not code


def measure(repeat: int) -> dict[str, float]:
    """Seconds per step on the checkout this module runs from (the fastest of ``repeat`` rounds)."""
    from kb import browse
    from kb.browse.lookup import browse_cache
    from kb.docs import build_docs
    from kb.knowledge_base import load_kb

    kb = load_kb()
    best: dict[str, float] = {}

    def timed(name: str, step) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        step()
        best[name] = min(best.get(name, float("inf")), time.perf_counter() - start)

    for _ in range(repeat):
        browse_cache(kb).clear()
        for name in ("labels", "index"):  # cached properties: read again this round
            kb.__dict__.pop(name, None)
        timed("kb_index (labels, claims, templates)", lambda: kb.index)
        timed("browse claims (first call)", lambda: browse.claims(kb))
        every = browse.terms(kb)
        timed(
            f"term pages ({len(every)} terms)",
            lambda every=every: [browse.term_details(kb, t.iri) for t in every],
        )
        timed(
            "neighbourhood DOT (100 terms)",
            lambda every=every: [browse.neighbourhood_dot(kb, t.iri) for t in every[:100]],
        )
        with tempfile.TemporaryDirectory(dir=_MEMORY if _MEMORY.is_dir() else None) as out:
            timed("porekb docs (whole site)", lambda: build_docs(Path(out) / "site", kb=kb))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--baseline",
        type=Path,
        action="append",
        default=[],
        help="another PoreKB checkout to time beside this one",
    )
    parser.add_argument("--repeat", type=int, default=5, help="turns per checkout (default 5)")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # the child's answer
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.repeat)))
        return
    checkouts = {
        ("baseline" if len(args.baseline) == 1 else f"baseline {b.name}"): b.resolve() for b in args.baseline
    }
    checkouts["this checkout"] = ROOT
    columns: dict[str, dict[str, float]] = {name: {} for name in checkouts}
    for _ in range(args.repeat):  # checkouts take turns, so load that comes and goes hits every column alike
        for name, checkout in checkouts.items():
            for step, seconds in _child(checkout, _ROUNDS_PER_CHILD).items():
                columns[name][step] = min(columns[name].get(step, float("inf")), seconds)
    names = list(columns["this checkout"])
    print("| step | " + " | ".join(f"{c} (s)" for c in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name in names:
        cells = [f"{col.get(name, float('nan')):.3f}" if name in col else "n/a" for col in columns.values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


def _child(checkout: Path, repeat: int) -> dict[str, float]:
    """Run :func:`measure` in a fresh interpreter with ``checkout`` first on the path."""
    code = (
        f"import sys; sys.path.insert(0, {str(checkout)!r}); sys.argv = ['bench', '--json', '--repeat', '{repeat}']; "
        f"import runpy; runpy.run_path({str(Path(__file__).resolve())!r}, run_name='__main__')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=checkout, capture_output=True, text=True, timeout=1800, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
