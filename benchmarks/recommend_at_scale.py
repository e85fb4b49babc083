"""``load_kb`` then ``recommend()`` per profile on a generated KB: this checkout beside an earlier one, same run.

    .venv/bin/python -m benchmarks.recommend_at_scale --size 1e6 --before /tmp/porekb-6eaffe2

``--before`` is a checkout of an earlier commit (``git worktree add /tmp/porekb-6eaffe2 6eaffe2``). Each side
runs in a fresh process with an empty reasoner cache, one after the other, on the same clean generated KB
(:mod:`benchmarks.generate`, deterministic by ``--seed``) and the scale benchmark's profiles. It prints
``load_kb``'s time and peak memory, and the median, max and first of the per-profile times.

``--own-rules``: each side reads the rule files of its own checkout (``ontology/rules``) with the same generated
facts, so a change to the rules counts as that side's; without it both read the rules of this checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parent.parent


CHILD = """
import json, sys, time
from pathlib import Path


def peak_mib():
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024


import kb
from kb.knowledge_base import load_kb
from kb.recommend import recommend

started = time.perf_counter()
loaded = load_kb(Path(sys.argv[1]), use_cache=True)
load, load_peak = time.perf_counter() - started, peak_mib()
times = []
for profile in json.loads(Path(sys.argv[2]).read_text()):
    started = time.perf_counter()
    recommend(profile, kb=loaded)
    times.append(time.perf_counter() - started)
print(json.dumps({"code": kb.__file__, "load": load, "load_peak": load_peak, "times": times, "peak": peak_mib()}))
"""
"""What each side runs (no import from ``benchmarks``: an earlier checkout may not have this module)."""


def run(tree: Path, kb_dir: Path, profiles_file: Path) -> dict[str, object]:
    """One side in a fresh process whose ``kb`` package is ``tree``'s."""
    with tempfile.TemporaryDirectory(prefix="porekb-cache-") as cache:
        env = dict(os.environ, PYTHONPATH=str(tree), POREKB_CACHE=cache, PYTHONWARNINGS="ignore")
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(kb_dir), str(profiles_file)],
            env=env,
            cwd=tree,
            capture_output=True,
            text=True,
            check=True,
        )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if not str(result["code"]).startswith(str(tree.resolve())):
        raise SystemExit(f"{tree}: its kb package was not the one imported ({result['code']})")
    return result


def with_rules_of(tree: Path, kb_dir: Path) -> Path:
    """A copy of the generated KB whose rule files are ``tree``'s own (the facts are the same)."""
    copy = kb_dir.with_name(f"{kb_dir.name}-rules-of-{tree.resolve().name}")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(kb_dir, copy)
    shutil.rmtree(copy / "rules")
    shutil.copytree(tree / "ontology" / "rules", copy / "rules")
    return copy


def main(argv: list[str] | None = None) -> int:
    """Generate (or reuse) the KB, run the earlier checkout then this one, print the table."""
    from benchmarks.generate import generate, profiles

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--size", default="1e5")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profiles", type=int, default=10)
    parser.add_argument("--before", type=Path, help="a checkout of the earlier commit to compare with")
    parser.add_argument(
        "--own-rules", action="store_true", help="each side reads its own checkout's ontology/rules"
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "porekb-recommend-at-scale"
    )
    opts = parser.parse_args(argv)
    kb_dir = opts.workdir / f"clean-{opts.size}-{opts.seed}"
    generated = generate(int(float(opts.size)), kb_dir, seed=opts.seed, clean=True)
    profiles_file = opts.workdir / "profiles.json"
    profiles_file.write_text(json.dumps(profiles(generated, opts.profiles, seed=opts.seed)))
    sides = [("before", opts.before)] if opts.before else []
    sides.append(("ours", REPO))
    load = os.getloadavg()[0]
    print(f"{generated.triples:,} triples, {opts.profiles} profiles, load average at start {load:.1f}")
    print("| side | load_kb (cold cache) / peak | per profile median | max | first | peak after |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, tree in sides:
        r = run(tree, with_rules_of(tree, kb_dir) if opts.own_rules else kb_dir, profiles_file)
        times: list[float] = r["times"]  # type: ignore[assignment]
        print(
            f"| {name} | {r['load']:.1f} s / {r['load_peak']:.0f} MiB | {median(times):.2f} s | "
            f"{max(times):.2f} s | {times[0]:.2f} s | {r['peak']:.0f} MiB |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
