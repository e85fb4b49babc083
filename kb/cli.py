"""The ``porekb`` command: one subcommand per module in ``kb.commands``.

Exit codes: 0 success, 1 a finding/refusal/error in the input, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import signal
import sys
import threading
from collections.abc import Sequence

from kb.errors import PoreKBError

# Each module defines ``add_parser(subparsers)`` (which sets ``func``) and is listed here in help order.
COMMANDS = ("validate", "recommend", "query", "serve", "app", "diff", "docs", "release")


class _VersionAction(argparse.Action):
    """``--version``: the package version, read only when asked for (importlib.metadata is slow to import)."""

    def __init__(
        self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object
    ) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=kwargs.get("help"))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from kb.version import version

        print(f"porekb {version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = argparse.ArgumentParser(
        prog="porekb",
        description="PoreKB: an explainable expert system on a knowledge graph about enlarged facial pores.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module_name = f"kb.commands.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        importlib.import_module(module_name).add_parser(sub)
    return parser


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C, so that ``finally`` blocks stop children and delete temporary files."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``porekb`` console script."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except PoreKBError as exc:
        print(f"porekb {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
