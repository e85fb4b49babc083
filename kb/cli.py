"""The ``porekb`` command: one subcommand per module in ``kb.commands``, found in its registry.

Only the command being run is imported (with its engine); ``porekb --help`` imports none of them.

Exit codes: 0 success, 1 a finding/refusal/error in the input, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence

from kb.commands import COMMANDS, load_command, load_version
from kb.errors import PoreKBError


class _VersionAction(argparse.Action):
    """``--version``: the package version, read only when asked for (importlib.metadata is slow to import)."""

    def __init__(
        self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object
    ) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=kwargs.get("help"))

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"porekb {load_version()}")
        parser.exit()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser for ``argv``: the command it names is built in full (its module imported), every
    other command by its summary alone (enough for ``porekb --help`` and for refusing an unknown command)."""
    command = _command(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(
        prog="porekb",
        description="PoreKB: an explainable expert system on a knowledge graph about enlarged facial pores.",
    )
    parser.add_argument("--version", action=_VersionAction, help="show the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, info in COMMANDS.items():
        if name == command:
            load_command(name).add_parser(sub)
        else:
            sub.add_parser(name, help=info.summary, description=info.summary)
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` (without the program name) parsed as ``porekb`` would."""
    return build_parser(argv).parse_args(argv)


def _command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first word that is not an option (the top level's options take none)."""
    return next((a for a in argv if not a.startswith("-")), None)


def _terminate(signum: int, _frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C, so that ``finally`` blocks stop children and delete temporary files."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``porekb`` console script."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)
    parser = build_parser(argv)
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
