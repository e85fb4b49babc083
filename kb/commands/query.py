"""``porekb query``: run a named question or a SPARQL file on the KB (embedded store or a remote endpoint).

Parameters are bound as RDF terms (never pasted into the text); updates, SERVICE and FROM are refused before
anything runs; the query is stopped at its time limit and refused past its row cap.
"""

from __future__ import annotations

import argparse
import math
import os
import sys

from kb.commands import summary
from kb.errors import UsageError
from kb.knowledge_base import load_kb
from kb.sparql.formats import FORMATS, render
from kb.sparql.named import (
    GRAPH_SETS,
    NamedQuery,
    bind_params,
    discover,
    graph_set,
    load_query,
    parse_param_args,
)
from kb.sparql.named import parse_query_text as parse_text
from kb.sparql.remote import ENDPOINT_ENV, RemoteStore
from kb.sparql.safety import MAX_QUERY_CHARS
from kb.sparql.sandbox import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, run_user_query


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``porekb query``."""
    parser = subparsers.add_parser(
        "query",
        help=summary("query"),
        description="Run a named competency question (see --list) or a SPARQL file (- for stdin) on the KB. "
        "The default graph is the union of the graphs chosen with --graphs: asserted (ontology and "
        "curated facts), inferred (OWL reasoner and KB rules) or all. Updates, SERVICE and FROM are "
        "refused.",
    )
    parser.add_argument("query", nargs="?", metavar="NAME_OR_FILE", help="a named question, a .rq file, or -")
    parser.add_argument("--list", action="store_true", help="list the named questions and their parameters")
    parser.add_argument(
        "--show", action="store_true", help="print the question's SPARQL text instead of running it"
    )
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter: pkb:term, <IRI>, or a literal (repeatable)",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="table",
        help="output format (CONSTRUCT/DESCRIBE always give Turtle; default: table)",
    )
    parser.add_argument(
        "--graphs",
        choices=tuple(GRAPH_SETS),
        default="all",
        help="the named graphs whose union is the default graph (default: all)",
    )
    parser.add_argument(
        "--store",
        choices=("oxigraph", "rdflib"),
        default="oxigraph",
        help="embedded store (default: oxigraph, the fastest measured)",
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        default=os.environ.get(ENDPOINT_ENV),
        help=f"query a SPARQL 1.1 endpoint instead of the embedded store (or set {ENDPOINT_ENV})",
    )
    parser.add_argument(
        "--timeout-s",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help=f"stop the query after this many seconds (default: {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=DEFAULT_MAX_ROWS,
        help=f"refuse answers longer than this (default: {DEFAULT_MAX_ROWS})",
    )
    parser.set_defaults(func=run)


def list_questions() -> str:
    """The named questions as text: name, title, what they answer, parameters."""
    lines = []
    for name, query in discover().items():
        lines.append(f"{name}: {query.title}")
        if query.answers:
            lines.append(f"    {query.answers}")
        for p in query.params:
            default = f", default {p.default}" if p.default else ""
            lines.append(f"    --param {p.name}=...  ({p.kind}{default}) {p.description}")
    return "\n".join(lines) + "\n"


def _resolve(spec: str) -> NamedQuery:
    if spec == "-":
        text = sys.stdin.read(MAX_QUERY_CHARS + 1)
        if len(text) > MAX_QUERY_CHARS:
            raise UsageError(f"stdin: the query is longer than {MAX_QUERY_CHARS} characters")
        return parse_text(text, "stdin")
    return load_query(spec)


def run(args: argparse.Namespace) -> int:
    """Run ``porekb query``."""
    if args.list:
        sys.stdout.write(list_questions())
        return 0
    if not args.query:
        raise UsageError("give a named question or a query file (see porekb query --list)")
    if not (math.isfinite(args.timeout_s) and args.timeout_s > 0):
        raise UsageError(f"--timeout-s must be a positive number of seconds, not {args.timeout_s}")
    if args.max_rows < 1:
        raise UsageError(f"--max-rows must be a positive whole number, not {args.max_rows}")
    query = _resolve(args.query)
    if args.show:
        sys.stdout.write(query.text)
        return 0
    bindings = bind_params(query, parse_param_args(args.param))
    graphs = graph_set(args.graphs)
    store = (
        RemoteStore(args.endpoint, timeout_s=args.timeout_s)
        if args.endpoint
        else load_kb(store=args.store).store
    )
    result = run_user_query(
        store, query.text, bindings, graphs=graphs, timeout_s=args.timeout_s, max_rows=args.max_rows
    )
    try:
        sys.stdout.write(render(result, args.format))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return 0


__all__ = ["add_parser", "list_questions", "run"]
