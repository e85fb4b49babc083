"""``porekb recommend PROFILE``: ranked treatments with WHY / WHY NOT explanations for one patient profile."""

from __future__ import annotations

import argparse
import sys

from kb.commands import summary
from kb.explain.render import DETAILS, FORMATS, render
from kb.kb_files import require_parts
from kb.knowledge_base import open_kb
from kb.paths import ontology_dir
from kb.profile import read_profile_file
from kb.realise import REALISER_WORDS, realiser_name
from kb.recommend import recommend


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register the subcommand."""
    parser = subparsers.add_parser(
        "recommend",
        help=summary("recommend"),
        description="Recommend treatments for a patient profile (JSON or Turtle; '-' reads stdin). "
        "Exit code 1 for a refused profile (the errors name the fields), 2 for an unreadable file.",
    )
    parser.add_argument("profile", help="profile file (.json or .ttl), or '-' for stdin")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text); html is a standalone, printable consult note",
    )
    parser.add_argument(
        "--detail",
        choices=DETAILS,
        default="summary",
        help="summary (default): summaries, cautions and reasons, the summary graph; full: every WHY / WHY NOT "
        "tree (each repeated subtree once) and the HOW trace, the full justification graph. In JSON, summary gives "
        "each WHY NOT reason without its tree (because: null) and full expands every tree",
    )
    parser.add_argument(
        "--store",
        choices=("oxigraph", "rdflib"),
        default="oxigraph",
        help="triple store to reason in (default: oxigraph)",
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help="read the KB from a SPARQL 1.1 endpoint (env POREKB_ENDPOINT), e.g. `porekb serve`; the "
        "profile is reasoned on in this process and never sent there",
    )
    parser.add_argument(
        "--realiser",
        choices=("auto", "hermit", "sparql"),
        default="auto",
        help="who types the individuals: hermit (the OWL reasoner, whole KB), sparql (the reasoner classifies "
        "the TBox, SPARQL types the individuals: for big KBs), auto (sparql above 50,000 asserted triples); "
        "the text output names it, and JSON's reasoner says 'SPARQL realiser' when it ran",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read, validate, reason, print."""
    source = read_profile_file(args.profile)
    require_parts(ontology_dir())
    kb = open_kb(args.endpoint, store=args.store, realiser=args.realiser)
    result = recommend(source, kb=kb)
    sys.stdout.write(render(result, args.format, args.detail))
    if args.format == "text" and not kb.classification.reasoner.startswith("remote"):
        realiser = realiser_name(kb.classification.reasoner)
        sys.stdout.write(f"Realiser {realiser}: {REALISER_WORDS[realiser]}\n")
    return 0
