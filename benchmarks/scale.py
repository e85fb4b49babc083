"""How each PoreKB job grows with the size of the graph, ours beside the tools people would otherwise use.

    .venv/bin/python -m benchmarks.scale --sizes 1e3,1e4,1e5 [--include 1e6] --out benchmarks/results/scale.md

For each size a synthetic KB is generated (:mod:`benchmarks.generate`, deterministic by ``--seed``), then
every job runs in a fresh child process (its peak memory is that process's VmHWM; ``ru_maxrss`` would carry
over what the parent held when it forked), with a time limit. Jobs:

- parsing Turtle with rdflib and with pyoxigraph; ``load_kb`` (parse + OWL reasoner + KB-level rules);
- validation: plain pySHACL (its defaults), pySHACL as ``kb.validation.shacl`` runs it (``advanced=True``),
  and ours (:mod:`kb.shacl` on pyoxigraph), with a check that the findings are the same;
- rule derivation for a batch of profiles: the same rule files as SHACL-AF ``sh:SPARQLRule`` rules in pySHACL,
  and ours (``kb.recommend.recommend`` per profile);
- the named questions (``ontology/queries/*.rq``) and the GUIDE's 3-hop query on rdflib, raw pyoxigraph, ours
  (the KB's store wrapper), an Oxigraph server and a Virtuoso Open Source server over HTTP.

It prints a table and writes it as Markdown with the machine it ran on.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from statistics import median
from typing import Any

PKB = "https://w3id.org/porekb/"
THREE_HOP = """
PREFIX pkb: <https://w3id.org/porekb/>
SELECT ?treatment ?mechanism ?cause ?finding WHERE {
  ?treatment pkb:actsThrough ?mechanism .
  ?mechanism pkb:counteracts ?cause .
  ?cause pkb:contributesTo ?finding .
  FILTER NOT EXISTS { ?treatment pkb:contraindicatedFor pkb:pregnancy-pregnant }
}
"""


# ============================================================================================ child jobs
def _kb_files(directory: Path) -> list[Path]:
    return [directory / "porekb.ttl", *sorted((directory / "facts").glob("*.ttl"))]


def _rdflib_graph(directory: Path) -> Any:
    from rdflib import Graph

    graph = Graph()
    for path in _kb_files(directory):
        graph.parse(path, format="turtle")
    return graph


def _ox_store(directory: Path) -> Any:
    import pyoxigraph as ox

    store = ox.Store()
    for path in _kb_files(directory):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(PKB + "graph/data"))
    return store


def _shapes(directory: Path) -> Any:
    from rdflib import Graph

    return Graph().parse(directory / "shapes" / "kb.ttl", format="turtle")


def _timed(job: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = job()
    return result, time.perf_counter() - started


def job_parse_rdflib(args: argparse.Namespace) -> dict[str, Any]:
    """Parse the KB's Turtle into an rdflib Graph."""
    graph, seconds = _timed(lambda: _rdflib_graph(args.kb))
    return {"seconds": seconds, "triples": len(graph)}


def job_parse_oxigraph(args: argparse.Namespace) -> dict[str, Any]:
    """Parse the KB's Turtle into an in-memory pyoxigraph store."""
    store, seconds = _timed(lambda: _ox_store(args.kb))
    return {"seconds": seconds, "triples": len(store)}


def job_load_kb(args: argparse.Namespace) -> dict[str, Any]:
    """``kb.load_kb``: parse, classify with the OWL reasoner (cold cache), run the KB-level rules."""
    from kb.knowledge_base import load_kb

    kb, seconds = _timed(lambda: load_kb(args.clean, use_cache=True))
    return {
        "seconds": seconds,
        "realiser": kb.realiser,
        "reasoner": kb.classification.reasoner,
        "reasoner_seconds": kb.classification.seconds,
        "inferred": len(kb.classification.inferred),
    }


def _finding_keys(findings: list[Any]) -> list[list[str]]:
    return sorted(list(f.key) for f in findings)


def job_validate_pyshacl(args: argparse.Namespace, *, advanced: bool = False) -> dict[str, Any]:
    """Plain pySHACL (defaults: no inference, no SHACL-AF) on an rdflib graph parsed from the Turtle."""
    from pyshacl import validate

    from kb.shacl import report_findings

    shapes = _shapes(args.kb)
    started = time.perf_counter()
    graph = _rdflib_graph(args.kb)
    parsed = time.perf_counter() - started
    options = (
        {"advanced": True, "allow_warnings": True, "allow_infos": True, "inference": "none"}
        if advanced
        else {}
    )
    (_conforms, report, _text), seconds = _timed(lambda: validate(graph, shacl_graph=shapes, **options))
    findings = report_findings(report, shapes)
    return {
        "seconds": parsed + seconds,
        "parse_seconds": parsed,
        "validate_seconds": seconds,
        "findings": _finding_keys(findings),
    }


def job_validate_pyshacl_af(args: argparse.Namespace) -> dict[str, Any]:
    """pySHACL as ``kb.validation.shacl`` runs it: ``advanced=True`` (SPARQL targets), inference none."""
    return job_validate_pyshacl(args, advanced=True)


def job_validate_ours(args: argparse.Namespace) -> dict[str, Any]:
    """Ours: load into pyoxigraph, then :func:`kb.shacl.validate_store`."""
    from kb.shacl import validate_store

    shapes = _shapes(args.kb)
    store, parsed = _timed(lambda: _ox_store(args.kb))
    report, seconds = _timed(lambda: validate_store(store, shapes, workers=args.workers))
    return {
        "seconds": parsed + seconds,
        "parse_seconds": parsed,
        "validate_seconds": seconds,
        "queries": report.queries,
        "fallback": report.fallback_shapes,
        "findings": _finding_keys(report.findings),
    }


def _profiles(args: argparse.Namespace) -> list[dict[str, Any]]:
    from benchmarks.generate import GeneratedKB, profiles

    meta = json.loads((args.clean / "meta.json").read_text())
    kb = GeneratedKB(
        args.clean,
        meta["seed"],
        0,
        0,
        0,
        finding_codes=meta["finding_codes"],
        history_codes=meta["history_codes"],
    )
    return profiles(kb, args.profiles, seed=meta["seed"])


def job_rules_ours(args: argparse.Namespace) -> dict[str, Any]:
    """Ours: ``kb.recommend.recommend(profile, kb=kb)`` per profile of the batch (KB loaded beforehand)."""
    from kb.knowledge_base import load_kb
    from kb.recommend import recommend

    kb, load_seconds = _timed(lambda: load_kb(args.clean, use_cache=True))
    times, recommended = [], []
    for profile in _profiles(args):
        result, seconds = _timed(lambda p=profile: recommend(p, kb=kb))
        times.append(seconds)
        recommended.append(len(getattr(result, "recommended", []) or []))
    return {
        "seconds": sum(times),
        "per_profile_median": median(times),
        "per_profile_max": max(times),
        "load_seconds": load_seconds,
        "recommended": recommended,
    }


def shacl_af_rules(rules_dir: Path, focus: str) -> Any:
    """The case rule files as a SHACL-AF shapes graph: one ``sh:SPARQLRule`` per file, in file order (the
    KB-level rules, ``# scope: kb``, ran once at load: their triples are in the KB graph, as for ours)."""
    from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

    from kb.namespaces import sparql_prologue

    sh = Namespace("http://www.w3.org/ns/shacl#")
    graph = Graph()
    shape = URIRef(PKB + "shapes/RulesShape")
    graph.add((shape, RDF.type, sh.NodeShape))
    graph.add((shape, sh.targetNode, URIRef(focus)))
    case_rules = [
        p for p in sorted(rules_dir.glob("*.rq")) if "# scope: kb" not in p.read_text(encoding="utf-8")
    ]
    for order, path in enumerate(case_rules):
        rule = BNode()
        graph.add((shape, sh.rule, rule))
        graph.add((rule, RDF.type, sh.SPARQLRule))
        graph.add((rule, sh.construct, Literal(sparql_prologue() + path.read_text(encoding="utf-8"))))
        graph.add((rule, sh.order, Literal(order)))
    return graph


def _kb_graph_and_cases(args: argparse.Namespace) -> tuple[Any, Any, list[Any]]:
    """The loaded KB (asserted, inferred, KB-level derived) as one rdflib Graph, and the parsed profiles."""
    from rdflib import Graph

    from kb.knowledge_base import load_kb
    from kb.namespaces import KB_GRAPHS
    from kb.profile import parse_profile

    kb = load_kb(args.clean, use_cache=True)
    graph = Graph()
    for g in KB_GRAPHS:
        for t in kb.store.triples(g):
            graph.add(t)
    cases = [parse_profile(kb, p) for p in _profiles(args)]
    return kb, graph, cases


def job_rules_shacl_af(args: argparse.Namespace) -> dict[str, Any]:
    """Baseline: the rules as SHACL-AF rules in pySHACL (iterated); all profiles in one graph."""
    from pyshacl import shacl_rules

    _kb, graph, cases = _kb_graph_and_cases(args)
    for case in cases:
        for t in case.triples:
            graph.add(t)
    before = len(graph)
    rules = shacl_af_rules(args.clean / "rules", PKB + "rules-focus")
    _result, seconds = _timed(
        lambda: shacl_rules(graph, shacl_graph=rules, advanced=True, iterate_rules=True, inplace=True)
    )
    return {"seconds": seconds, "derived": len(graph) - before}


def _named_queries(
    directory: Path, skip: set[str] | None = None
) -> list[tuple[str, str, dict[str, Any], Any]]:
    """(name, text, bindings, graphs) for every named question, plus the GUIDE's 3-hop query."""
    from kb.namespaces import KB_GRAPHS
    from kb.sparql.named import bind_params, discover, graph_set

    out = []
    for name, query in sorted(discover(directory).items()):
        if name in (skip or set()):
            continue
        try:
            graphs = graph_set(query.graphs)
        except Exception:
            graphs = None  # e.g. GRAPH ?graph: every named graph
        out.append((name, query.text, bind_params(query, {}), graphs))
    out.append(("3-hop (GUIDE)", THREE_HOP, {}, tuple(KB_GRAPHS)))
    return out


def _run_queries(
    run: Callable[[str, dict[str, Any], Any], int], queries: list[Any], repeat: int
) -> dict[str, Any]:
    per_query, rows = {}, {}
    for name, text, bindings, graphs in queries:
        samples = []
        for _ in range(repeat):
            count, seconds = _timed(lambda t=text, b=bindings, g=graphs: run(t, b, g))
            samples.append(seconds)
        per_query[name] = median(samples)
        rows[name] = count
    three_hop = per_query.pop("3-hop (GUIDE)")
    return {
        "skipped": sorted(SKIPPED),
        "seconds": sum(per_query.values()),
        "three_hop": three_hop,
        "per_query": per_query,
        "rows": rows,
    }


SKIPPED: set[str] = set()


def job_queries(args: argparse.Namespace) -> dict[str, Any]:
    """The named questions on one engine: ``rdflib``, ``pyoxigraph`` (raw), ``ours`` or ``server``."""
    import pyoxigraph as ox

    from kb.knowledge_base import load_kb
    from kb.store import RdflibStore, oxigraph_query_options

    kb = load_kb(args.clean, use_cache=True)
    skip = {q for q in args.skip_queries.split(",") if q}
    SKIPPED.update(skip)
    queries = _named_queries(args.clean, skip)
    engine = args.engine
    native = kb.store.native  # type: ignore[attr-defined]

    def run_ox(text: str, bindings: dict[str, Any], graphs: Any) -> int:
        result = native.query(text, **oxigraph_query_options(bindings, graphs))
        return len(list(result)) if not isinstance(result, ox.QueryBoolean) else 1

    def run_ours(text: str, bindings: dict[str, Any], graphs: Any) -> int:
        return len(kb.store.query(text, bindings, graphs=graphs))

    if engine == "ours":
        result = _run_queries(run_ours, queries, args.repeat)
        # the same queries on raw pyoxigraph in this process, interleaved with ours: the ratio does not
        # depend on what else the (shared) machine did between two job processes
        pairs = {name: ([], []) for name, *_ in queries}
        for _ in range(max(args.repeat, 3)):
            for name, text, bindings, graphs in queries:
                for run, samples in zip((run_ox, run_ours), pairs[name], strict=True):
                    samples.append(_timed(lambda r=run, t=text, b=bindings, g=graphs: r(t, b, g))[1])
        raw = sum(median(pairs[n][0]) for n in pairs if n != "3-hop (GUIDE)")
        ours = sum(median(pairs[n][1]) for n in pairs if n != "3-hop (GUIDE)")
        result["interleaved"] = {"raw": raw, "ours": ours, "ratio": ours / raw if raw else None}
        return result
    if engine == "pyoxigraph":
        return _run_queries(run_ox, queries, args.repeat)
    if engine == "rdflib":
        store = RdflibStore()
        for g in kb.store.graph_names():
            store.add(g, kb.store.triples(g))
        return _run_queries(lambda t, b, g: len(store.query(t, b, graphs=g)), queries, args.repeat)
    if engine == "server":
        from kb.sparql.remote import RemoteStore
        from kb.sparql.server import OxigraphServer

        with OxigraphServer(kb.store, timeout_s=args.timeout) as server:
            remote = RemoteStore(server.query_url, timeout_s=args.timeout)
            return _run_queries(lambda t, b, g: len(remote.query(t, b, graphs=g)), queries, args.repeat)
    if engine == "virtuoso":
        from kb.sparql.remote import RemoteStore
        from kb.sparql.virtuoso import VirtuosoServer, virtuoso_available

        if not virtuoso_available():
            raise SystemExit("Virtuoso is not installed (apt-get install -y virtuoso-opensource)")
        with VirtuosoServer(kb.store, writable=False) as server:
            remote = RemoteStore(server.query_url, timeout_s=args.timeout)
            result = _run_queries(lambda t, b, g: len(remote.query(t, b, graphs=g)), queries, args.repeat)
            result["load_seconds"] = server.load_seconds
            result["server_peak_mib"] = _process_peak_mib(server.process.pid)  # type: ignore[union-attr]
        return result
    raise ValueError(f"unknown engine {engine!r}")


def _sandbox_kb(args: argparse.Namespace) -> Any:
    from kb.knowledge_base import load_kb

    return load_kb(args.clean, use_cache=True)  # the load-kb job ran first: the classification is cached


def job_sandbox_one_shot(args: argparse.Namespace) -> dict[str, Any]:
    """Before: a user query copies the KB graphs into a fresh child and loads them there, every time (what
    ``porekb query`` still does for its one query). The time from the call to the answer of ``ASK {}``."""
    from kb.sparql.sandbox import run_user_query

    kb = _sandbox_kb(args)
    times = [_timed(lambda: run_user_query(kb.store, "ASK {}", timeout_s=60))[1] for _ in range(3)]
    return {"seconds": median(times), "max": max(times)}


def job_sandbox_warm(args: argparse.Namespace) -> dict[str, Any]:
    """Ours: a ``QuerySandbox`` (snapshot of the KB graphs loaded once into a warm child) answers ``ASK {}``;
    the median of 20 calls; the sandbox's own start (once per KB) beside it."""
    from kb.sparql.sandbox import QuerySandbox

    kb = _sandbox_kb(args)
    sandbox, start = _timed(lambda: QuerySandbox.for_kb(kb))
    try:
        times = [_timed(lambda: sandbox.query("ASK {}"))[1] for _ in range(20)]
        return {
            "seconds": median(times),
            "max": max(times),
            "start_seconds": start,
            "snapshot_mib": sandbox.snapshot_bytes / 2**20,
        }
    finally:
        sandbox.close()


def _process_peak_mib(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of another process, e.g. the Virtuoso server, in MiB."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path(f"/proc/{pid}/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]) / 1024
    return None


JOBS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "parse-rdflib": job_parse_rdflib,
    "parse-oxigraph": job_parse_oxigraph,
    "load-kb": job_load_kb,
    "validate-pyshacl": job_validate_pyshacl,
    "validate-pyshacl-af": job_validate_pyshacl_af,
    "validate-ours": job_validate_ours,
    "rules-shacl-af": job_rules_shacl_af,
    "rules-ours": job_rules_ours,
    "queries-rdflib": job_queries,
    "queries-pyoxigraph": job_queries,
    "queries-ours": job_queries,
    "queries-server": job_queries,
    "queries-virtuoso": job_queries,
    "sandbox-one-shot": job_sandbox_one_shot,
    "sandbox-warm": job_sandbox_warm,
}


def own_peak_kib() -> int | None:
    """This process's peak resident memory (VmHWM, KiB): unlike ``ru_maxrss`` it does not carry over what the
    parent held when it forked us, and it excludes helper processes (the HermiT JVM, the Oxigraph server)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text()
        return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])
    return None


def child_main(args: argparse.Namespace) -> int:
    """Run one job in this (child) process and print its result as one JSON line."""
    if args.child.startswith("queries-"):
        args.engine = args.child.removeprefix("queries-")
    result = JOBS[args.child](args)
    result["vmhwm_kib"] = own_peak_kib()
    sys.stdout.write("\n" + json.dumps(result) + "\n")
    return 0


# ============================================================================================ the parent
@dataclass
class JobResult:
    """What one child process reported, or why it did not."""

    job: str
    size: str
    wall: float
    peak_mib: float
    data: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def seconds(self) -> float | None:
        """The job's own timed part (what the table shows)."""
        value = self.data.get("seconds")
        return float(value) if value is not None else None


def run_child(job: str, size: str, kb_dir: Path, clean_dir: Path, opts: argparse.Namespace) -> JobResult:
    """Run one job in a fresh Python process; peak RSS from ``os.wait4``; kill it after the time limit."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.scale",
        "--child",
        job,
        "--kb",
        str(kb_dir),
        "--clean",
        str(clean_dir),
        "--profiles",
        str(opts.profiles),
        "--repeat",
        str(opts.repeat_for(size)),
        "--workers",
        str(opts.workers),
        "--timeout",
        str(opts.timeout),
        "--skip-queries",
        opts.skip_queries,
    ]
    env = dict(os.environ, POREKB_CACHE=str(opts.cache_dir), PYTHONWARNINGS="ignore")
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            command,
            stdout=out,
            stderr=err,
            env=env,
            start_new_session=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        status, usage, timed_out = 0, None, False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > opts.timeout:
                timed_out = True
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)  # the job's own session: it and its children
                _pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    peak = (usage.ru_maxrss / 1024) if usage else 0.0  # Linux: KiB
    if timed_out:
        return JobResult(job, size, wall, peak, error=f"> {opts.timeout:g} s (stopped)")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        last = (stderr.strip().splitlines() or ["no output"])[-1]
        return JobResult(job, size, wall, peak, error=f"failed: {last[:200]}")
    data = json.loads(lines[-1])
    if data.get("vmhwm_kib"):
        peak = data["vmhwm_kib"] / 1024
    return JobResult(job, size, wall, peak, data)


OURS = frozenset({"load-kb", "validate-ours", "rules-ours", "queries-ours", "sandbox-warm"})
"""The jobs that run PoreKB's own path; every other job is a baseline (the tool a user would otherwise use)."""


def time_limit(job: str, opts: argparse.Namespace) -> float:
    """The job's time limit: ``--hermit-timeout`` for ``load_kb``, ``--baseline-timeout`` for a baseline (when
    given), else ``--timeout``. A job that reaches it is killed and shown as "> N s (stopped)"."""
    if job == "load-kb":
        return min(opts.timeout, opts.hermit_timeout)
    if job not in OURS and opts.baseline_timeout:
        return min(opts.timeout, opts.baseline_timeout)
    return opts.timeout


ROWS: list[tuple[str, str, str]] = [  # (job, group, label)
    ("parse-rdflib", "load", "parse Turtle: rdflib"),
    ("parse-oxigraph", "load", "parse Turtle: pyoxigraph"),
    ("load-kb", "load", "**ours** `load_kb` (parse + OWL reasoner + KB rules; cold cache)"),
    ("validate-pyshacl", "validation", "plain pySHACL (defaults) incl. parse"),
    (
        "validate-pyshacl-af",
        "validation",
        "pySHACL `advanced=True` (current `kb.validation.shacl`) incl. parse",
    ),
    ("validate-ours", "validation", "**ours** `kb.shacl` on pyoxigraph incl. parse"),
    ("rules-shacl-af", "rules", "pySHACL SHACL-AF rules, batch of profiles"),
    ("rules-ours", "rules", "**ours** `recommend()`, batch of profiles"),
    ("queries-rdflib", "queries", "named questions: rdflib"),
    ("queries-pyoxigraph", "queries", "named questions: pyoxigraph (raw)"),
    ("queries-ours", "queries", "**ours** named questions (`Store` API on pyoxigraph)"),
    ("queries-server", "queries", "named questions: Oxigraph server (HTTP)"),
    ("queries-virtuoso", "queries", "named questions: Virtuoso 7.2 server (HTTP)"),
    (
        "sandbox-one-shot",
        "queries",
        "user query start (`ASK {}`): fresh child per query, median of 3 (before)",
    ),
    ("sandbox-warm", "queries", "**ours** user query start: warm `QuerySandbox`, median of 20"),
]


def _fmt_seconds(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def cell(result: JobResult | None) -> str:
    """``time / peak MiB`` or the error."""
    if result is None:
        return "not run"
    if result.error:
        return result.error.replace("|", "/")
    return f"{_fmt_seconds(result.seconds)} / {result.peak_mib:.0f} MiB"


def findings_agree(results: dict[tuple[str, str], JobResult], size: str) -> str:
    """Do our findings equal pySHACL's (advanced, exact) and plain pySHACL's (on the shapes it runs)?"""
    ours = results.get(("validate-ours", size))
    if ours is None or ours.error:
        return "-"
    ours_keys = [tuple(k) for k in ours.data["findings"]]
    parts = [f"ours {len(ours_keys)}"]
    ref = results.get(("validate-pyshacl-af", size))
    if ref is not None and not ref.error:
        same = ours_keys == [tuple(k) for k in ref.data["findings"]]
        parts.append(f"advanced {len(ref.data['findings'])} {'(same)' if same else '(DIFFER)'}")
    plain = results.get(("validate-pyshacl", size))
    if plain is not None and not plain.error:
        plain_keys = [tuple(k) for k in plain.data["findings"]]
        subset = all(k in ours_keys for k in plain_keys)
        parts.append(f"defaults {len(plain_keys)} {'(subset)' if subset else '(NOT a subset)'}")
    return ", ".join(parts)


def _extra_rows(results: dict[tuple[str, str], JobResult], sizes: list[str]) -> list[list[str]]:
    def get(job: str, size: str, key: str) -> Any:
        r = results.get((job, size))
        return None if r is None or r.error else r.data.get(key)

    rows = [["validation", "findings: ours vs pySHACL", *[findings_agree(results, s) for s in sizes]]]
    rows.append(
        [
            "rules",
            "**ours** per profile (median / max)",
            *[
                f"{_fmt_seconds(get('rules-ours', s, 'per_profile_median'))} / "
                f"{_fmt_seconds(get('rules-ours', s, 'per_profile_max'))}"
                for s in sizes
            ],
        ]
    )
    rows.append(
        [
            "queries",
            "Virtuoso: bulk load (`ld_dir`) / server peak memory",
            *[
                f"{_fmt_seconds(get('queries-virtuoso', s, 'load_seconds'))} / "
                f"{get('queries-virtuoso', s, 'server_peak_mib') or 0:.0f} MiB"
                if get("queries-virtuoso", s, "load_seconds") is not None
                else "-"
                for s in sizes
            ],
        ]
    )

    def interleaved(size: str) -> str:
        data = get("queries-ours", size, "interleaved")
        if not data or not data.get("ratio"):
            return "-"
        return f"{data['ratio']:.2f}x ({_fmt_seconds(data['ours'])} vs {_fmt_seconds(data['raw'])})"

    rows.append(["queries", "**ours** / raw pyoxigraph, same process, interleaved", *map(interleaved, sizes)])
    rows.append(
        [
            "queries",
            "`QuerySandbox` start, once per KB (snapshot + child load) / snapshot size",
            *[
                f"{_fmt_seconds(get('sandbox-warm', s, 'start_seconds'))} / "
                f"{get('sandbox-warm', s, 'snapshot_mib'):.1f} MiB"
                if get("sandbox-warm", s, "start_seconds") is not None
                else "-"
                for s in sizes
            ],
        ]
    )
    engines = ("rdflib", "pyoxigraph", "ours", "server", "virtuoso")
    for engine in engines:
        rows.append(
            [
                "queries",
                f"3-hop query (GUIDE): {engine}",
                *[_fmt_seconds(get(f"queries-{engine}", s, "three_hop")) for s in sizes],
            ]
        )
    agree = []
    for s in sizes:
        counts = [get(f"queries-{e}", s, "rows") for e in engines]
        counts = [c for c in counts if c]
        agree.append(
            "-"
            if not counts
            else (
                "same"
                if all(c == counts[0] for c in counts)
                else "DIFFER: "
                + ", ".join(sorted(k for k in counts[0] if any(c.get(k) != counts[0][k] for c in counts)))
            )
        )
    rows.append(["queries", "row counts of the engines", *agree])
    skipped = [", ".join(get("queries-pyoxigraph", s, "skipped") or []) or "none" for s in sizes]
    if any(x != "none" for x in skipped):
        rows.append(["queries", "named questions left out (`--skip-queries`)", *skipped])
    rows.append(
        [
            "load",
            "who typed the individuals (`realiser=auto`)",
            *[
                {"hermit": "HermiT (whole KB)", "sparql": "HermiT (TBox) + SPARQL realiser"}.get(
                    get("load-kb", s, "realiser") or "", "-"
                )
                for s in sizes
            ],
        ]
    )
    return rows


def table(results: dict[tuple[str, str], JobResult], sizes: list[str], triples: dict[str, int]) -> str:
    """The Markdown table: one row per job, one column per size (time of the job's timed part / peak RSS)."""
    head = ["group", "job", *[f"{s} ({triples.get(s, 0):,} triples)" for s in sizes]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * len(sizes)]
    body = [[group, label, *[cell(results.get((job, s))) for s in sizes]] for job, group, label in ROWS]
    body += _extra_rows(results, sizes)
    order = {"load": 0, "validation": 1, "rules": 2, "queries": 3}
    body.sort(key=lambda row: order[row[0]])
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return "\n".join(lines)


def machine() -> str:
    """nproc, RAM, CPU, OS, Python and library versions."""
    mem = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    versions = []
    for package in ("rdflib", "pyoxigraph", "oxigraph", "pyshacl", "owlrl", "owlready2"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    java = shutil.which("java")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    return (
        f"{os.cpu_count()} cores ({cpu or platform.processor()}), {mem} RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, {', '.join(versions)}, "
        f"Java {'yes' if java else 'no'}; load average at start {load:.1f} (the machine was shared)"
    )


NOTES = """\
How to read it: each cell is the time of the job's own timed part / the peak resident memory (VmHWM) of the
job's process (it also holds what the job needed to load, e.g. the KB for the query jobs; helper processes, the
HermiT JVM with `-Xmx2000M`, the Oxigraph server and the Virtuoso server, are not included; Virtuoso's own peak is
in its row). `load_kb` picks who types the individuals by size (`realiser="auto"`: HermiT on the whole KB up to
50,000 asserted triples, above that HermiT on the TBox and the SPARQL realiser of `kb/realise.py`). Query jobs
count the rows of each answer: ours keeps pyoxigraph terms until rdflib terms are read (lazy conversion). "ours" rows
are what PoreKB runs; the others are the tools a user would otherwise reach for. Validation times include
parsing the Turtle (rdflib for pySHACL, pyoxigraph for ours). Plain pySHACL with its defaults skips the
shapes' SHACL-AF SPARQL targets, so its findings are a subset of ours; with `advanced=True` (as our
validator configures pySHACL) the findings must be identical, and the table says so. Rules: the baseline
runs all profiles of the batch at once in one graph (iterated SHACL-AF rules); ours runs `recommend()` once
per profile (rules, ranking and explanations)."""


def limits(opts: argparse.Namespace) -> str:
    """The time limits of this run in words (what a "> N s (stopped)" cell means)."""
    ours = f"time limit {opts.timeout:.0f} s per job of ours (`load_kb`: {time_limit('load-kb', opts):.0f} s)"
    if opts.baseline_timeout and opts.baseline_timeout < opts.timeout:
        return (
            f"{ours}, {opts.baseline_timeout:g} s per baseline job: a baseline still running then is "
            f'stopped and shown as "> {opts.baseline_timeout:g} s (stopped)", its time is at least that'
        )
    return f'{ours} and per baseline job; a job still running then is stopped and shown as "> N s (stopped)"'


def write_markdown(
    path: Path,
    results: dict[tuple[str, str], JobResult],
    sizes: list[str],
    triples: dict[str, int],
    walls: dict[str, float],
    opts: argparse.Namespace,
) -> str:
    """Write the table with the machine, the command and the wall time of each size."""
    command = "python -m benchmarks.scale " + " ".join(opts.argv)
    walltimes = ", ".join(f"{s}: {_fmt_seconds(w)}" for s, w in walls.items())
    merged = (
        f" Rows of the jobs named in `--jobs` come from this run; the other rows are kept from `{opts.merge}` "
        "(an earlier run: compare within a run)."
        if opts.merge and opts.jobs
        else ""
    )
    text = (
        f"## PoreKB at scale\n\nMachine: {machine()}.\n\nCommand: `{command}` (seed {opts.seed}, "
        f"{opts.profiles} profiles per batch, {limits(opts)}). Wall time per size: "
        f"{walltimes}.{merged}\n\n{table(results, sizes, triples)}\n\n{NOTES}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    (path.with_suffix(".json")).write_text(
        json.dumps(
            {
                f"{s}|{j}": {"wall": r.wall, "peak_mib": r.peak_mib, "error": r.error, **r.data}
                for (j, s), r in results.items()
            },
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    return text


def parent_main(opts: argparse.Namespace) -> int:
    """Generate each size, run every job in a child, print and write the table."""
    from benchmarks.generate import generate

    sizes = [s.strip() for s in opts.sizes.split(",") if s.strip()] + [
        s for s in (opts.include or "").split(",") if s.strip()
    ]
    jobs = [j for j, _g, _l in ROWS if not opts.jobs or j in opts.jobs.split(",")]
    work = Path(opts.workdir or tempfile.mkdtemp(prefix="porekb-scale-"))
    results: dict[tuple[str, str], JobResult] = {}
    triples: dict[str, int] = {}
    walls: dict[str, float] = {}
    if opts.merge and opts.merge.is_file():
        for key, value in json.loads(opts.merge.read_text()).items():
            size, job = key.split("|", 1)
            data = {k: v for k, v in value.items() if k not in ("wall", "peak_mib", "error")}
            results[(job, size)] = JobResult(
                job, size, value["wall"], value["peak_mib"], data, value["error"]
            )
    print(f"Limits: {limits(opts)}.", flush=True)
    for size in sizes:
        started = time.perf_counter()
        n = int(float(size))
        kb = generate(n, work / f"kb-{size}", seed=opts.seed)
        clean = generate(n, work / f"clean-{size}", seed=opts.seed, clean=True)
        (clean.directory / "meta.json").write_text(
            json.dumps(
                {
                    "seed": opts.seed,
                    "finding_codes": clean.finding_codes,
                    "history_codes": clean.history_codes,
                }
            )
        )
        triples[size] = kb.triples
        opts.cache_dir = work / f"cache-{size}"
        shutil.rmtree(opts.cache_dir, ignore_errors=True)
        opts.cache_dir.mkdir(parents=True)
        print(
            f"== {size}: {kb.triples:,} triples ({len(kb.injected)} injected violations) in {kb.directory}",
            flush=True,
        )
        for job in jobs:
            saved = opts.timeout
            opts.timeout = time_limit(job, opts)
            result = run_child(job, size, kb.directory, clean.directory, opts)
            opts.timeout = saved
            results[(job, size)] = result
            who = "ours" if job in OURS else "baseline"
            print(f"   {job:22s} {who:8s} {cell(result):>40s}   (wall {result.wall:.1f} s)", flush=True)
            walls[size] = time.perf_counter() - started
            write_markdown(
                opts.out, results, sizes, triples, walls, opts
            )  # after every job: a kill loses nothing
        walls[size] = time.perf_counter() - started
        print(f"   wall time for {size}: {walls[size]:.0f} s", flush=True)
        write_markdown(opts.out, results, sizes, triples, walls, opts)
    print()
    print(table(results, sizes, triples))
    print(f"\nLimits: {limits(opts)}.")
    print(f"written to {opts.out}")
    if not opts.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command line (parent) or one job (``--child``)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="1e3,1e4,1e5", help="comma-separated sizes in triples")
    parser.add_argument("--include", default="", help="further sizes, e.g. 1e6")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/scale.md"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profiles", type=int, default=10, help="profiles per rules batch")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per job before it is killed")
    parser.add_argument("--hermit-timeout", type=float, default=120.0, help="time limit of the load-kb job")
    parser.add_argument(
        "--baseline-timeout",
        type=float,
        default=0.0,
        help="time limit of each baseline job (not ours); one that reaches it is stopped and shown as "
        '"> N s (stopped)" (default: --timeout)',
    )
    parser.add_argument("--workers", type=int, default=2, help="query threads of our validator")
    parser.add_argument("--jobs", default="", help="only these jobs (comma-separated names)")
    parser.add_argument("--workdir", default="", help="where generated KBs go (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the generated KBs")
    parser.add_argument("--skip-queries", default="", help="named questions to leave out (comma-separated)")
    parser.add_argument("--merge", type=Path, help="a results .json of an earlier run: keep its other jobs")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--kb", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--clean", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        return child_main(opts)
    opts.argv = argv
    opts.repeat_for = lambda size: 3 if float(size) <= 1e4 else 1
    return parent_main(opts)


if __name__ == "__main__":
    raise SystemExit(main())
