"""``porekb validate``: syntax, SHACL, QC queries, quote anchors and OWL reasoning over the KB.

Exit 0 when no error (warnings allowed), 1 on errors, 2 on usage or I/O errors.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from kb.commands import summary, write_output
from kb.realise import realiser_name
from kb.validation import render, validate
from kb.validation.report import ValidationReport


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``validate`` subcommand."""
    p = subparsers.add_parser(
        "validate",
        help=summary("validate"),
        description="Validate the knowledge base. Exit 0: no error (warnings allowed), 1: errors, 2: usage.",
    )
    p.add_argument(
        "--sources",
        type=Path,
        metavar="DIR",
        help="folder with the source texts cited by pkb:sourceFile (CI: ../shared/seeds); "
        "without it the quote check is reported as not run",
    )
    p.add_argument(
        "--ontology",
        type=Path,
        metavar="DIR",
        help="the ontology folder to validate (default: POREKB_ONTOLOGY or the checkout's ontology/)",
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "markdown", "shacl", "robot-tsv"),
        default="text",
        help="output format: text, json (porekb-validation/1), markdown, shacl (a W3C sh:ValidationReport in "
        "Turtle), robot-tsv (ROBOT's report table: Level, Rule Name, Subject, Property, Value)",
    )
    p.add_argument(
        "--reasoner",
        choices=("auto", "hermit", "owlrl"),
        default="auto",
        help="OWL reasoner: auto = HermiT when Java is available, else owlrl with a warning",
    )
    p.add_argument(
        "--shacl-engine",
        choices=("auto", "pyshacl", "fast"),
        default="auto",
        help="SHACL engine: pyshacl (reference), fast (shapes as SPARQL on pyoxigraph, same findings), "
        "auto = fast above 50,000 triples",
    )
    p.add_argument("--no-cache", action="store_true", help="do not reuse or store the cached classification")
    p.add_argument(
        "--output", "-o", type=Path, metavar="FILE", help="write the report to FILE instead of stdout"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Validate, print the report, and return the exit code."""
    report = validate(
        args.ontology,
        args.sources,
        reasoner=args.reasoner,
        use_cache=not args.no_cache,
        shacl_engine=args.shacl_engine,
    )
    _name_the_realiser(report)
    text = render(report, args.format)
    write_output(text, args.output)
    return 0 if report.ok else 1


def _name_the_realiser(report: ValidationReport) -> None:
    """Say in the OWL check's note who typed the individuals (``realiser hermit`` or ``realiser sparql``)."""
    if report.classification is None:
        return
    for check in report.checks:
        if check.name == "owl" and check.ran:
            realiser = f"realiser {realiser_name(report.classification.reasoner)}"
            check.note = f"{check.note}; {realiser}" if check.note else realiser
