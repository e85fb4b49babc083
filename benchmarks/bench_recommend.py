"""Benchmark of ``recommend``: warm latency, cold CLI wall time, and a pySHACL SHACL-AF baseline.

Run: ``.venv/bin/python -m benchmarks.bench_recommend [--rounds 20] [--cold 3]``

- warm: recommend + explain (JSON, what ``porekb recommend --format json`` writes: WHY trees, every WHY NOT
  reason, WHY NOT trees on demand) per scenario profile on a loaded KB, p50/p95 over all runs (goal p50 <= 20 ms);
  beside it the same with every WHY NOT tree (``--detail full``) and the previous round's path (every tree, the
  standard library's indenting JSON encoder) as the baseline
- cold: ``porekb recommend PROFILE --format json`` as a subprocess, with the warm reasoner/rule cache and
  with an empty ``POREKB_CACHE`` (goal: under 2 s)
- a long session: recommend + explain for ``--session`` consultations in a row, the p50 of the last 200; ours
  beside the same with the case store never renewed (pyoxigraph's memory store keeps every removed quad, so a
  store that takes case after case in and out slows down: the behaviour before the renewal)
- baseline: the same rules as ``sh:SPARQLRule``s (one shapes graph per stratum, ``iterate_rules``) run by
  pySHACL on an rdflib graph of the same KB and profile; the derived triples must equal ours, and ours must
  be faster.
Exit code 1 if the derived triple sets differ.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from kb.case_workspace import RENEW_AFTER, CaseWorkspace
from kb.explain.render import render
from kb.knowledge_base import KnowledgeBase, load_kb
from kb.namespaces import KB_GRAPHS, sparql_prologue
from kb.profile import CaseProfile, parse_profile, read_profile_file
from kb.recommend import recommend
from kb.rules.engine import run_rules, strata
from kb.rules.model import Rule

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "tests" / "scenarios"
SH = Namespace("http://www.w3.org/ns/shacl#")


def scenario_files() -> list[Path]:
    """The profile file of every scenario."""
    out = []
    for d in sorted(p for p in SCENARIOS.iterdir() if p.is_dir()):
        out += [d / n for n in ("profile.json", "profile.ttl") if (d / n).is_file()]
    return out


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of some values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def warm(kb: KnowledgeBase, files: list[Path], rounds: int, explain: Callable[[object], str]) -> list[float]:
    """Milliseconds of recommend + ``explain(result)`` for every profile, ``rounds`` times."""
    profiles = [read_profile_file(f) for f in files]
    for p in profiles:  # warm-up: caches, imports
        explain(recommend(p, kb=kb))
    times = []
    for _ in range(rounds):
        for p in profiles:
            start = time.perf_counter()
            explain(recommend(p, kb=kb))
            times.append((time.perf_counter() - start) * 1000)
    return times


EXPLAIN: dict[str, Callable[[object], str]] = {
    # what `porekb recommend --format json` writes: WHY trees, every WHY NOT reason, trees on demand
    "explain(json, summary)": lambda r: render(r, "json", "summary"),  # type: ignore[arg-type]
    # every WHY NOT tree built and written (`--detail full`)
    "explain(json, full)": lambda r: render(r, "json", "full"),  # type: ignore[arg-type]
    # the previous round's path, as a baseline: every tree, the standard library's pure-Python indenting encoder
    "baseline: full trees + stdlib json": lambda r: json.dumps(r.to_json(), indent=2, ensure_ascii=False),  # type: ignore[attr-defined]
}


def cold(files: list[Path], runs: int, empty_cache: bool) -> list[float]:
    """Seconds of wall time of ``porekb recommend`` subprocesses."""
    exe = Path(sys.executable).parent / "porekb"
    command = [str(exe)] if exe.is_file() else [sys.executable, "-m", "kb.cli"]
    times = []
    for i in range(runs):
        env = dict(os.environ)
        with tempfile.TemporaryDirectory(prefix="porekb-cache-") as tmp:
            if empty_cache:
                env["POREKB_CACHE"] = tmp
            start = time.perf_counter()
            proc = subprocess.run(
                [*command, "recommend", str(files[i % len(files)]), "--format", "json"],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            times.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise SystemExit(f"porekb recommend failed: {proc.stderr}")
    return times


def _shapes_for(stratum: list[Rule]) -> Graph:
    """One node shape whose sh:rule list is the stratum's rules as SHACL-AF SPARQL rules (file order)."""
    g = Graph()
    shape = URIRef(f"urn:porekb:bench:shape:{uuid.uuid4()}")
    g.add((shape, RDF.type, SH.NodeShape))
    g.add((shape, SH.targetNode, URIRef("urn:porekb:bench:anchor")))
    for order, rule in enumerate(stratum):
        body = "\n".join(
            ln for ln in rule.path.read_text(encoding="utf-8").splitlines() if not ln.lstrip().startswith("#")
        )
        node = BNode()
        g.add((shape, SH.rule, node))
        g.add((node, RDF.type, SH.SPARQLRule))
        g.add((node, SH.order, Literal(order)))
        g.add((node, SH.construct, Literal(sparql_prologue() + body)))
    return g


class Baseline:
    """The case rules run by pySHACL (SHACL-AF, advanced mode) over an rdflib graph of the KB."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.base = Graph()
        for g in KB_GRAPHS:
            for t in kb.store.triples(g):
                self.base.add(t)
        self.shapes = [_shapes_for(s) for s in strata(kb.case_rules)]

    def derive(self, case: CaseProfile) -> tuple[set, float]:
        """The triples the rules add for this profile, and the seconds the rule runs took."""
        from pyshacl import shacl_rules

        data = Graph()
        data += self.base
        for t in case.triples:
            data.add(t)
        before = set(data)
        start = time.perf_counter()
        for shapes in self.shapes:
            shacl_rules(
                data, shacl_graph=shapes, inplace=True, advanced=True, iterate_rules=True, inference="none"
            )
        return set(data) - before, time.perf_counter() - start


def canonical(triples: set) -> set:
    """Triples with numeric literals compared by value (rdflib types 100 * ?n as xsd:decimal, Oxigraph as
    xsd:integer)."""
    out = set()
    for s, p, o in triples:
        value = o.toPython() if isinstance(o, Literal) else None
        if not isinstance(value, bool) and (
            isinstance(value, int | float) or type(value).__name__ == "Decimal"
        ):
            o = ("number", float(value))  # type: ignore[arg-type]
        out.add((s, p, o))
    return out


def ours(kb: KnowledgeBase, case: CaseProfile) -> tuple[set, float]:
    """Our engine's derived triples for this profile (rules only), and the seconds it took."""
    stem = f"urn:porekb:bench:{uuid.uuid4()}"
    pg, dg = URIRef(stem + ":p"), URIRef(stem + ":d")
    try:
        kb.store.add(pg, case.triples)
        start = time.perf_counter()
        derivation = run_rules(kb.store, kb.case_rules, read_graphs=(*KB_GRAPHS, pg), target=dg)
        return set(derivation.triples), time.perf_counter() - start
    finally:
        kb.store.drop(pg)
        kb.store.drop(dg)


def session(kb: KnowledgeBase, files: list[Path], consultations: int, *, renew: bool) -> float:
    """p50 (ms) of recommend + explain over the last 200 of ``consultations`` in a row, on a new case workspace
    whose private store is renewed as usual, or never (``renew=False``)."""
    workspace = CaseWorkspace(kb.store, KB_GRAPHS, renew_after=RENEW_AFTER if renew else sys.maxsize)
    original = kb.__dict__.get("case_workspace")
    kb.__dict__["case_workspace"] = workspace
    try:  # warm(): one round over the profiles first, then the rounds timed
        rounds = max(1, consultations // len(files) - 1)
        return statistics.median(warm(kb, files, rounds, EXPLAIN["explain(json, summary)"])[-200:])
    finally:
        kb.__dict__["case_workspace"] = original


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="warm rounds over all scenarios (default 20)")
    parser.add_argument("--cold", type=int, default=3, help="cold CLI runs per cache state (default 3)")
    parser.add_argument(
        "--session", type=int, default=800, help="consultations in the long-session row (default 800)"
    )
    args = parser.parse_args(argv)
    files = scenario_files()
    start = time.perf_counter()
    kb = load_kb()
    load_s = time.perf_counter() - start
    print(
        f"PoreKB recommend benchmark: {len(files)} scenario profiles, KB loaded in {load_s:.2f} s "
        f"({kb.store.name}, reasoner {kb.classification.reasoner})\n"
    )

    warm_times = {name: warm(kb, files, args.rounds, explain) for name, explain in EXPLAIN.items()}
    long_ours = session(kb, files, args.session, renew=True)
    long_base = session(kb, files, args.session, renew=False)
    cold_warm = cold(files, args.cold, empty_cache=False)
    cold_empty = cold(files, args.cold, empty_cache=True)

    baseline = Baseline(kb)
    equal = True
    ours_s: list[float] = []
    base_s: list[float] = []
    counts = []
    for f in files:
        case = parse_profile(kb, read_profile_file(f))
        a, ta = ours(kb, case)
        b, tb = baseline.derive(case)
        a, b = canonical(a), canonical(b)
        ours_s.append(ta * 1000)
        base_s.append(tb * 1000)
        counts.append(len(a))
        if a != b:
            equal = False
            print(f"  DIFFERENT for {f.parent.name}: only ours {len(a - b)}, only baseline {len(b - a)}")

    rows = []
    for name, times in warm_times.items():
        p50, p95 = statistics.median(times), percentile(times, 95)
        goal = name.startswith("explain(json, summary)")
        rows.append(
            (
                f"warm recommend + {name}, p50",
                f"{p50:.1f} ms",
                "goal <= 20 ms" if goal else "",
                ("ok" if p50 <= 20 else "MISSED") if goal else "",
            )
        )
        rows.append((f"warm recommend + {name}, p95", f"{p95:.1f} ms", "", ""))
    rows += [
        (
            f"long session: p50 of consultations {args.session - 200}-{args.session}",
            f"{long_ours:.1f} ms",
            "",
            "",
        ),
        ("  baseline: the case store never renewed", f"{long_base:.1f} ms", "", ""),
        (
            "cold `porekb recommend`, warm cache (median)",
            f"{statistics.median(cold_warm):.2f} s",
            "goal < 2 s",
            "ok" if statistics.median(cold_warm) < 2 else "MISSED",
        ),
        (
            "cold `porekb recommend`, empty POREKB_CACHE (median)",
            f"{statistics.median(cold_empty):.2f} s",
            "goal < 2 s",
            "ok" if statistics.median(cold_empty) < 2 else "MISSED",
        ),
    ]
    width = max(len(r[0]) for r in rows) + 2
    for name, value, goal, verdict in rows:
        print(f"{name:<{width}}{value:>10}  {goal:<14}{verdict}")
    print()
    print(f"{'case rules only, per profile (median)':<{width}}{'ours':>10}  {'pySHACL SHACL-AF':>18}")
    print(
        f"{'':<{width}}{statistics.median(ours_s):>8.1f} ms  {statistics.median(base_s):>15.1f} ms"
        f"   ({statistics.median(base_s) / statistics.median(ours_s):.0f}x)"
    )
    print(
        f"derived triples per profile: {min(counts)}-{max(counts)}; "
        f"same triple sets as the baseline: {'yes' if equal else 'NO'}; "
        f"ours faster: {'yes' if statistics.median(ours_s) < statistics.median(base_s) else 'NO'}"
    )
    print(
        f"load average during the run: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"on {os.cpu_count()} CPUs (timings scale with contention)"
    )
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
