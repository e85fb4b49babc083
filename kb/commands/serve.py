"""``porekb serve``: the KB, with its inferences, behind a local Oxigraph SPARQL server until Ctrl-C."""

from __future__ import annotations

import argparse
import sys

from kb.errors import EndpointError, UsageError
from kb.sparql.server import HOST, OxigraphServer, port_in_use


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``porekb serve``."""
    parser = subparsers.add_parser(
        "serve",
        help="serve the KB over SPARQL with Oxigraph on 127.0.0.1",
        description="Load the KB (ontology, facts, reasoner inferences and rule derivations, each in its "
        "named graph), build an Oxigraph database and run `oxigraph serve-read-only` on 127.0.0.1. "
        "Queries without GRAPH see the union of all graphs. Ctrl-C stops it and deletes the database.",
    )
    parser.add_argument("--port", type=int, default=7878, help="TCP port on 127.0.0.1 (default: 7878)")
    parser.add_argument(
        "--timeout-s", type=float, default=30.0, help="server-side query timeout (default: 30)"
    )
    parser.add_argument(
        "--store",
        choices=("oxigraph", "rdflib"),
        default="oxigraph",
        help="embedded store used to load and reason before serving (default: oxigraph)",
    )
    parser.add_argument(
        "--writable",
        action="store_true",
        help="run the in-memory read-write `oxigraph serve` instead (nothing is written to disk), "
        "for recommending against a server: the engine writes case graphs to /update",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``porekb serve`` until Ctrl-C."""
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a TCP port")
    if port_in_use(args.port):
        raise UsageError(
            f"port {args.port} on {HOST} is already in use: stop what runs there or choose another "
            f"port with --port"
        )
    from kb.knowledge_base import load_kb

    kb = load_kb(store=args.store)
    server = OxigraphServer(kb.store, port=args.port, timeout_s=args.timeout_s, writable=args.writable)
    try:
        server.start()
        print(f"SPARQL endpoint: {server.query_url}")
        if server.update_url:
            print(f"SPARQL update:   {server.update_url}  (in memory)")
        print(f"Query page:      {server.base_url}/")
        print(
            "Named graphs: https://w3id.org/porekb/graph/{ontology,facts,inferred,derived}; "
            "the default graph is their union. Press Ctrl-C to stop.",
            flush=True,
        )
        assert server.process is not None
        code = server.process.wait()
        raise EndpointError(f"the oxigraph server stopped unexpectedly (exit code {code})")
    except KeyboardInterrupt:
        print("stopping the server", file=sys.stderr)
        return 0
    finally:
        server.stop()
