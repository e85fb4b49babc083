"""Subcommands of the ``porekb`` CLI: the registry (name → module and one-line summary), and what they share.

The registry is the one place the CLI imports lazily (the way pip's ``commands/__init__.py`` does): ``porekb
--help`` lists the summaries without importing any command, and ``porekb NAME`` imports only ``NAME``'s module
(:func:`load_command`), whose imports sit at its top. Each module defines ``add_parser(subparsers)`` (which sets
``func``); its help line is the summary here.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from kb.errors import UsageError


@dataclass(frozen=True)
class CommandInfo:
    """A registered command: the module that builds its parser and runs it, and its line in ``porekb --help``."""

    module: str
    summary: str


#: Every command, in help order.
COMMANDS: dict[str, CommandInfo] = {
    "validate": CommandInfo(
        "kb.commands.validate", "check the KB: syntax, SHACL shapes, QC queries, quotes, OWL consistency"
    ),
    "recommend": CommandInfo(
        "kb.commands.recommend", "recommend treatments for a patient profile, with explanations"
    ),
    "query": CommandInfo("kb.commands.query", "run a named question or a SPARQL query on the KB"),
    "serve": CommandInfo("kb.commands.serve", "serve the KB over SPARQL (read-only) on 127.0.0.1"),
    "app": CommandInfo("kb.commands.app", "start the web app on 127.0.0.1"),
    "diff": CommandInfo(
        "kb.commands.diff", "compare two versions of the KB: terms, classification, conclusions, validation"
    ),
    "docs": CommandInfo("kb.commands.docs", "write HTML documentation of the ontology (opens offline)"),
    "release": CommandInfo(
        "kb.commands.release",
        "write the release files: porekb.owl, porekb.ttl, porekb-base.owl, porekb.sssom.tsv",
    ),
}

#: ``porekb --version`` reads the package metadata (importlib.metadata costs ~50 ms to import): loaded when asked.
VERSION_MODULE = "kb.version"


def load_command(name: str) -> ModuleType:
    """The module of a registered command, imported now (with the engine it runs)."""
    return importlib.import_module(COMMANDS[name].module)


def load_version() -> str:
    """The installed package's version, its module imported now."""
    return str(importlib.import_module(VERSION_MODULE).version())


def summary(name: str) -> str:
    """A command's line in ``porekb --help``."""
    return COMMANDS[name].summary


def write_output(text: str, output: Path | None) -> None:
    """Write a command's report to ``output`` (``-o FILE``) or to standard output."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc}") from exc
