"""Syntax: every Turtle file of the KB and its shapes, and every SPARQL file (QC, rules, named queries, the
ranking policy and its part lines, the browse queries)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kb.errors import TurtleSyntaxError
from kb.kb_files import KBFile, check_syntax
from kb.namespaces import sparql_prologue
from kb.ranking_policy import PartLineError, parse_parts
from kb.validation.context import display_path
from kb.validation.report import Severity, ValidationResult

CHECK = "syntax"
_QUERY_POSITION = re.compile(r"error at (\d+):(\d+)")
SPARQL_FOLDERS = ("qc", "rules", "queries", "policy", "browse")


#: What a complete KB folder holds besides its Turtle: (path, is a folder of .rq files, what it is for).
REQUIRED_PARTS = (
    ("rules", True, "the expert system's rules"),
    ("queries", True, "the named competency questions"),
    ("shapes/profile.ttl", False, "the patient profile shapes"),
    ("policy/ranking.rq", False, "the ranking policy"),
)


def check_layout(ontology_dir: Path) -> list[ValidationResult]:
    """One error per required part of the KB folder that is missing (or an empty folder of queries)."""
    results = []
    for part, folder, purpose in REQUIRED_PARTS:
        path = ontology_dir / part
        present = any(path.glob("*.rq")) if folder and path.is_dir() else (not folder and path.is_file())
        if not present:
            what = "folder of .rq files" if folder else "file"
            results.append(
                ValidationResult(
                    Severity.ERROR,
                    CHECK,
                    "missing-part",
                    f"the KB is incomplete: {part} ({what}: {purpose}) is missing",
                    file=display_path(path),
                )
            )
    return results


def check_turtle(files: list[KBFile]) -> list[ValidationResult]:
    """One error per Turtle file that does not parse, with its line and column."""
    results = []
    for f in files:
        try:
            check_syntax(f)
        except TurtleSyntaxError as exc:
            results.append(
                ValidationResult(
                    Severity.ERROR,
                    CHECK,
                    "turtle",
                    f"Turtle syntax error: {exc.detail}",
                    file=display_path(f.path),
                    line=exc.line,
                    column=exc.column,
                )
            )
        except UnicodeDecodeError as exc:
            results.append(
                ValidationResult(
                    Severity.ERROR, CHECK, "turtle", f"not UTF-8: {exc}", file=display_path(f.path)
                )
            )
    return results


def check_sparql(ontology_dir: Path) -> list[ValidationResult]:
    """One error per ``.rq`` file (QC, rules, named queries) that does not parse."""
    results = []
    empty = ox.Store()
    prologue = sparql_prologue()  # the engine declares the standard prefixes for every query file
    shift = prologue.count("\n")
    for folder in SPARQL_FOLDERS:
        for path in sorted((ontology_dir / folder).glob("*.rq")):
            try:
                empty.query(prologue + path.read_text(encoding="utf-8"))
            except SyntaxError as exc:
                pos = _QUERY_POSITION.search(str(exc))
                line, column = (int(pos.group(1)) - shift, int(pos.group(2))) if pos else (None, None)
                detail = " ".join(str(exc).split())
                detail = detail if len(detail) <= 160 else detail[:160] + " ..."
                results.append(
                    ValidationResult(
                        Severity.ERROR,
                        CHECK,
                        "sparql",
                        f"SPARQL syntax error: {detail}",
                        file=display_path(path),
                        line=line,
                        column=column,
                    )
                )
            except (OSError, RuntimeError):
                pass  # parsed; failed only when run on an empty store (e.g. a missing binding)
            if folder == "policy":
                results += _check_parts(path)
    return results


def _check_parts(path: Path) -> list[ValidationResult]:
    """The ranking parts the policy's header declares (``# part:`` lines) must read."""
    try:
        parse_parts(path.read_text(encoding="utf-8"), display_path(path))
    except PartLineError as exc:
        message = f"ranking part: {exc.detail}"
        return [
            ValidationResult(Severity.ERROR, CHECK, "ranking-part", message, file=exc.where, line=exc.line)
        ]
    return []
