"""``porekb docs OUTDIR``: write offline HTML pages for every class, property and individual of the KB."""

from __future__ import annotations

import argparse
from pathlib import Path

from kb.commands import summary
from kb.docs import build_docs
from kb.errors import UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``docs`` subcommand."""
    p = subparsers.add_parser(
        "docs",
        help=summary("docs"),
        description="Write index.html and one page per class, property and individual (label, definition, "
        "cross-references, relations, sources and claims) into OUTDIR. The pages load nothing "
        "from the network.",
    )
    p.add_argument("outdir", metavar="OUTDIR", help="folder to write the pages into (created)")
    p.add_argument(
        "--ontology",
        type=Path,
        metavar="DIR",
        help="the ontology folder (default: POREKB_ONTOLOGY or the checkout's ontology/)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Build the pages and say where they are."""
    if not args.outdir.strip():
        raise UsageError("OUTDIR is empty: name the folder to write the pages into (e.g. out/docs)")
    outdir = Path(args.outdir)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} exists and is not a folder")
    try:
        written = build_docs(outdir, ontology_dir=args.ontology)
    except OSError as exc:
        raise UsageError(f"cannot write to {outdir}: {exc.strerror or exc}") from None
    print(f"wrote {len(written)} pages to {outdir}; open {outdir / 'index.html'}")
    return 0
