"""``porekb diff BASE [HEAD]``: what a KB change changes, by label (Markdown for a PR comment, or JSON).

Exit 0 when the diff was made (whatever it says), 2 on usage or I/O errors (an unknown revision, say).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kb.commands import summary, write_output
from kb.diff import diff_kbs
from kb.errors import UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``diff`` subcommand."""
    p = subparsers.add_parser(
        "diff",
        help=summary("diff"),
        description="Compare two versions of the KB (git revisions or directories; HEAD defaults to "
        "the working tree): terms added, removed and changed, by label; what the reasoner infers "
        "differently; "
        "what the recommender concludes differently on every scenario profile; validation before "
        "and after.",
    )
    p.add_argument("base", metavar="BASE", help="a git revision (e.g. origin/main) or a directory")
    p.add_argument(
        "head", metavar="HEAD", nargs="?", help="a git revision or a directory (default: working tree)"
    )
    p.add_argument("--format", choices=("markdown", "json"), default="markdown", help="output format")
    p.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="folder with the source texts, for the quote check of validation (CI: ../shared/seeds)",
    )
    p.add_argument(
        "--scenarios",
        type=Path,
        metavar="DIR",
        help="folder of <name>/profile.json scenario profiles (default: the checkout's tests/scenarios)",
    )
    p.add_argument(
        "--repo", type=Path, metavar="DIR", help="the git checkout revisions refer to (default: here)"
    )
    p.add_argument("--no-validate", action="store_true", help="skip validation of both sides")
    p.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write the diff to FILE instead of stdout"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Make the diff and print it."""
    for name in ("sources", "scenarios", "repo"):
        folder = getattr(args, name)
        if folder is not None and not folder.is_dir():
            raise UsageError(f"--{name} {folder}: no such folder")
    report = diff_kbs(
        args.base,
        args.head,
        repo=args.repo,
        scenarios_dir=args.scenarios,
        sources_dir=args.sources,
        validate=not args.no_validate,
    )
    text = report.to_json() if args.format == "json" else report.to_markdown()
    write_output(text, args.output)
    return 0
