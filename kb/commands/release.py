"""``porekb release OUTDIR``: write the release files (merged OWL and Turtle, TBox-only OWL, SSSOM mappings)."""

from __future__ import annotations

import argparse
from pathlib import Path

from kb.commands import summary
from kb.release import build_release


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``release`` subcommand."""
    p = subparsers.add_parser(
        "release",
        help=summary("release"),
        description="Write the ontology release into OUTDIR: porekb.owl (RDF/XML) and porekb.ttl (TBox, facts "
        "and the reasoner's inferred class hierarchy and types), porekb-base.owl (the TBox alone) and "
        "porekb.sssom.tsv (the cross-references as SSSOM). Each carries the versioned IRI "
        "https://w3id.org/porekb/releases/<version>/<file>. Exit 1 if the KB does not classify cleanly.",
    )
    p.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder to write the files into (created)")
    p.add_argument(
        "--ontology",
        type=Path,
        metavar="DIR",
        help="the ontology folder (default: POREKB_ONTOLOGY or the checkout's ontology/)",
    )
    p.add_argument(
        "--reasoner",
        choices=("auto", "hermit", "owlrl"),
        default="auto",
        help="OWL reasoner for the inferred hierarchy: auto = HermiT when Java is available",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the release and list what was written."""
    result = build_release(args.outdir, args.ontology, reasoner=args.reasoner)
    print(
        f"porekb {result.version}: wrote {len(result.files)} files to {args.outdir} "
        f"({result.inferred} inferred triples from {result.reasoner})"
    )
    for path in result.files:
        print(f"  {path}")
    return 0
