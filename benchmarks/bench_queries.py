"""Latency of the named questions on rdflib's store, embedded pyoxigraph and an Oxigraph server over HTTP.

One run, same KB, same questions: prints the median (p50) per question and store as a table and as Markdown.

    .venv/bin/python benchmarks/bench_queries.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from kb.knowledge_base import load_kb
from kb.namespaces import KB_GRAPHS
from kb.sparql.named import bind_params, discover
from kb.sparql.remote import RemoteStore
from kb.sparql.server import OxigraphServer
from kb.store import Store


def p50_ms(run: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``run`` in milliseconds (after one warm-up call)."""
    run()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=15, help="timed runs per question and store (default 15)"
    )
    args = parser.parse_args()
    questions = discover()
    ox_kb = load_kb(store="oxigraph")
    rdflib_kb = load_kb(store="rdflib")
    with OxigraphServer(ox_kb.store, timeout_s=60) as server:
        stores: dict[str, Store] = {
            "rdflib": rdflib_kb.store,
            "pyoxigraph": ox_kb.store,
            "oxigraph server (HTTP)": RemoteStore(server.query_url, timeout_s=60),
        }
        table: dict[str, dict[str, float]] = {}
        for name, query in questions.items():
            bindings = bind_params(query, {})
            table[name] = {
                label: p50_ms(
                    lambda s=store, q=query, b=bindings: s.query(q.text, b, graphs=KB_GRAPHS), args.repeat
                )
                for label, store in stores.items()
            }
    labels = list(stores)
    totals = {label: sum(row[label] for row in table.values()) for label in labels}
    width = max(len(n) for n in table) + 2
    print(f"named questions: p50 latency in ms over {args.repeat} runs ({len(table)} questions)\n")
    print("question".ljust(width) + "".join(label.rjust(24) for label in labels))
    for name, row in table.items():
        print(name.ljust(width) + "".join(f"{row[label]:24.2f}" for label in labels))
    print("TOTAL".ljust(width) + "".join(f"{totals[label]:24.2f}" for label in labels))
    print("\n| question | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * len(labels))
    for name, row in table.items():
        print(f"| {name} | " + " | ".join(f"{row[label]:.2f}" for label in labels) + " |")
    print("| **total** | " + " | ".join(f"**{totals[label]:.1f}**" for label in labels) + " |")
    base = totals["pyoxigraph"]
    print(
        "\nrelative to pyoxigraph: " + ", ".join(f"{label} x{totals[label] / base:.1f}" for label in labels)
    )


if __name__ == "__main__":
    main()
