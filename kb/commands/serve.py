"""``porekb serve``: the KB, with its inferences, behind a read-only SPARQL endpoint on 127.0.0.1 until Ctrl-C
or SIGTERM (see :mod:`kb.sparql.front` for what it refuses and how it stays up)."""

from __future__ import annotations

import argparse
import math
import os
import signal
import sys
import threading

from kb.commands import summary
from kb.errors import UsageError
from kb.knowledge_base import load_kb
from kb.sparql.front import SparqlFront
from kb.sparql.server import HOST, dataset_nquads, port_in_use


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``porekb serve``."""
    parser = subparsers.add_parser(
        "serve",
        help=summary("serve"),
        description="Load the KB (ontology, facts, reasoner inferences and rule derivations, each in its "
        "named graph) into a pool of query worker processes and answer the SPARQL 1.1 Protocol on "
        "127.0.0.1 (/query, and an offline query page at /). Queries without GRAPH see the union of all "
        "graphs. Updates, SERVICE, FROM, hostile shapes and foreign Host/Origin headers are refused; a "
        "query is stopped at the time limit. Ctrl-C or SIGTERM stops it.",
    )
    parser.add_argument("--port", type=int, default=7878, help="TCP port on 127.0.0.1 (default: 7878)")
    parser.add_argument(
        "--timeout-s", type=float, default=30.0, help="per-query time limit, in seconds (default: 30)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=max(2, min(4, os.cpu_count() or 2)),
        help="query worker processes (default: the number of cores, 2 to 4)",
    )
    parser.add_argument(
        "--max-rows", type=int, default=100_000, help="refuse answers longer than this (default: 100000)"
    )
    parser.add_argument(
        "--store",
        choices=("oxigraph", "rdflib"),
        default="oxigraph",
        help="embedded store used to load and reason before serving (default: oxigraph)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``porekb serve`` until Ctrl-C or SIGTERM."""
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a TCP port")
    if not (math.isfinite(args.timeout_s) and args.timeout_s > 0):
        raise UsageError(f"--timeout-s must be a positive number of seconds, not {args.timeout_s}")
    if not 1 <= args.workers <= 64:
        raise UsageError("--workers must be between 1 and 64")
    if args.max_rows < 1:
        raise UsageError("--max-rows must be positive")
    if port_in_use(args.port):
        raise UsageError(
            f"port {args.port} on {HOST} is already in use: stop what runs there or choose another "
            f"port with --port"
        )
    stop = threading.Event()
    loading = [True]

    def on_signal(signum: int, _frame: object) -> None:
        stop.set()
        if loading[0]:  # still loading the KB: unwind at once (finally blocks stop HermiT and children)
            raise KeyboardInterrupt

    # Our own handlers: Ctrl-C and SIGTERM stop the server even when the parent left SIGINT ignored.
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    kb = load_kb(store=args.store)
    data = dataset_nquads(kb.store)
    loading[0] = False
    if stop.is_set():
        return 0
    front = SparqlFront(
        data,
        port=args.port,
        timeout_s=args.timeout_s,
        max_rows=args.max_rows,
        workers=args.workers,
    )
    try:
        try:
            front.start()
        except OSError as exc:
            raise UsageError(f"cannot listen on {HOST}:{args.port}: {exc.strerror or exc}") from None
        print(f"SPARQL endpoint: {front.query_url}")
        print(f"Query page:      {front.base_url}/")
        print(
            "Named graphs: https://w3id.org/porekb/graph/{ontology,facts,inferred,derived}; "
            "the default graph is their union. Press Ctrl-C to stop.",
            flush=True,
        )
        while not stop.wait(0.5):
            pass
        print("stopping the server", file=sys.stderr)
        return 0
    finally:
        front.stop()
