"""Subcommands of the ``porekb`` CLI, one module each (``add_parser(subparsers)`` sets ``func``)."""

from __future__ import annotations

import sys
from pathlib import Path

from kb.errors import UsageError


def write_output(text: str, output: Path | None) -> None:
    """Write a command's report to ``output`` (``-o FILE``) or to standard output."""
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc}") from exc
