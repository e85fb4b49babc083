"""Load on the SPARQL endpoint: N clients send queries without pause for a bounded time, on 127.0.0.1 only.

Ours is ``porekb serve`` (a real process: our HTTP front and worker pool). The baseline, in the same run, is
``oxigraph serve-read-only --timeout-s`` on the same KB (what ``porekb serve`` ran before issue 12). Each client
sends the named questions in turn; the run is bounded by ``--duration`` and ``--max-requests`` per server.
Prints clients, requests, errors (HTTP >= 500 and failed connections; 4xx are counted apart), p50/p99
latency, whether the server still answers afterwards, and its thread count at the end.

    .venv/bin/python benchmarks/bench_serve.py [--clients 20] [--duration 60] [--no-baseline]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kb.namespaces import sparql_prologue
from kb.sparql.named import discover
from kb.sparql.server import free_port

PORECLI = Path(sys.executable).with_name("porekb")
ASK = "ASK { ?t a <https://w3id.org/porekb/NeedleTreatment> }"


@dataclass
class Tally:
    """What the clients saw."""

    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    client_errors: int = 0
    server_errors: int = 0
    failed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def queries() -> list[str]:
    """The named questions (parameters left free) plus a few small queries."""
    texts = [q.text for q in discover().values()]
    texts.append(sparql_prologue() + "SELECT ?t ?l WHERE { ?t a pkb:Treatment ; rdfs:label ?l } LIMIT 50")
    texts.append(ASK)
    return texts


def client(url: str, texts: list[str], tally: Tally, stop: threading.Event, budget: list[int]) -> None:
    """Send queries one after another until ``stop`` is set or the request budget is spent."""
    n = 0
    while not stop.is_set():
        with tally.lock:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        text = texts[n % len(texts)]
        n += 1
        data = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(
            url,
            data=data,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, application/n-triples",
            },
        )
        started = time.perf_counter()
        status = 0
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
            if os.environ.get("BENCH_DEBUG"):
                print(status, exc.read()[:200], file=sys.stderr)
        except (OSError, urllib.error.URLError):
            status = -1
        elapsed = (time.perf_counter() - started) * 1000
        with tally.lock:
            tally.latencies.append(elapsed)
            if 200 <= status < 300:
                tally.ok += 1
            elif 400 <= status < 500:
                tally.client_errors += 1
            elif status >= 500:
                tally.server_errors += 1
            else:
                tally.failed += 1


def answers(url: str) -> bool:
    """True if the server answers an ASK correctly."""
    request = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode({'query': ASK})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())["boolean"] is True
    except (OSError, ValueError, KeyError):
        return False


def threads_of(pid: int) -> int:
    """The OS thread count of a process (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def load(url: str, pid: int, args: argparse.Namespace) -> dict[str, object]:
    """Run the clients against ``url`` and summarise."""
    tally = Tally()
    stop = threading.Event()
    budget = [args.max_requests]
    texts = queries()
    workers = [
        threading.Thread(target=client, args=(url, texts, tally, stop, budget), daemon=True)
        for _ in range(args.clients)
    ]
    started = time.monotonic()
    for w in workers:
        w.start()
    peak_threads = 0
    while time.monotonic() - started < args.duration and budget[0] > 0:
        time.sleep(0.5)
        peak_threads = max(peak_threads, threads_of(pid))
    stop.set()
    for w in workers:
        w.join(timeout=40)
    seconds = time.monotonic() - started
    lat = sorted(tally.latencies)
    return {
        "clients": args.clients,
        "seconds": round(seconds, 1),
        "requests": len(lat),
        "ok": tally.ok,
        "errors": tally.server_errors + tally.failed,
        "4xx": tally.client_errors,
        "p50_ms": round(statistics.median(lat), 1) if lat else None,
        "p99_ms": round(lat[min(len(lat) - 1, int(len(lat) * 0.99))], 1) if lat else None,
        "req_per_s": round(len(lat) / seconds, 1),
        "server_alive": answers(url),
        "peak_threads": peak_threads,
    }


def run_ours(args: argparse.Namespace) -> dict[str, object]:
    port = free_port()
    process = subprocess.Popen(
        [str(PORECLI), "serve", "--port", str(port), "--timeout-s", "30"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()
        url = f"http://127.0.0.1:{port}/query"
        result = load(url, process.pid, args)
        result["process_running"] = process.poll() is None
        return result
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_baseline(args: argparse.Namespace) -> dict[str, object]:
    from kb.knowledge_base import load_kb
    from kb.sparql.server import OxigraphServer

    kb = load_kb()
    with OxigraphServer(kb.store, timeout_s=30) as server:
        assert server.process is not None
        result = load(server.query_url, server.process.pid, args)
        result["process_running"] = server.process.poll() is None
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per server (default 60)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="per server (default 200000)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the oxigraph serve baseline")
    args = parser.parse_args()
    if not (1 <= args.clients <= 100 and 0 < args.duration <= 600):
        parser.error("1..100 clients and at most 600 s, on loopback only")
    rows = {"porekb serve (ours)": run_ours(args)}
    if not args.no_baseline:
        rows["oxigraph serve-read-only --timeout-s 30 (baseline)"] = run_baseline(args)
    keys = list(next(iter(rows.values())))
    print("| server | " + " | ".join(keys) + " |")
    print("|---|" + "---|" * len(keys))
    for name, row in rows.items():
        print(f"| {name} | " + " | ".join(str(row.get(k)) for k in keys) + " |")
    print(f"\ncpu cores: {os.cpu_count()}, python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
