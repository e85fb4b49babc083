"""``porekb app [--port N]``: the web app (Streamlit) on 127.0.0.1, making no request outside it.

The app's entry script is ``app/main.py`` of a checkout, or ``kb/_app/main.py`` inside an installed wheel (the
wheel ships the ``app/`` folder there as package data, see ``pyproject.toml``).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kb import paths
from kb.commands import summary
from kb.errors import UsageError

DEFAULT_PORT = 8501
HOST = "127.0.0.1"


def app_script() -> Path:
    """The Streamlit entry script: the checkout's ``app/main.py``, else the copy packaged as ``kb/_app``."""
    for candidate in (
        paths.repo_dir() / "app" / "main.py",
        Path(__file__).resolve().parents[1] / "_app" / "main.py",
    ):
        if candidate.is_file():
            return candidate
    raise UsageError("the app's entry script was not found (looked for app/main.py and kb/_app/main.py)")


def streamlit_options(port: int) -> list[str]:
    """Command-line options that bind Streamlit to 127.0.0.1 and switch off everything that could call out:
    usage statistics, the external-IP lookup and e-mail prompt (headless, fixed address), file watching and
    developer mode."""
    options = {
        "server.address": HOST,
        "server.port": str(port),
        "server.headless": "true",
        "server.showEmailPrompt": "false",
        "server.fileWatcherType": "none",
        "server.runOnSave": "false",
        "server.enableStaticServing": "false",
        "browser.gatherUsageStats": "false",
        "browser.serverAddress": HOST,
        "browser.serverPort": str(port),
        "global.developmentMode": "false",
        "client.toolbarMode": "minimal",
    }
    return [part for key, value in options.items() for part in (f"--{key}", value)]


def streamlit_command(port: int) -> list[str]:
    """The full command line that ``porekb app`` executes."""
    return [sys.executable, "-m", "streamlit", "run", str(app_script()), *streamlit_options(port)]


def run(args: argparse.Namespace) -> int:
    """Replace this process by the Streamlit server (so stopping ``porekb app`` stops the server)."""
    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    command = streamlit_command(args.port)
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    print(f"porekb app: serving on http://{HOST}:{args.port} (Ctrl+C stops it)", file=sys.stderr, flush=True)
    os.execve(command[0], command, env)
    return 0  # pragma: no cover - execve does not return


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``porekb app``."""
    parser = subparsers.add_parser(
        "app",
        help=summary("app"),
        description="Start the PoreKB web app (Consult, Explore, SPARQL, Sources, KB health) on 127.0.0.1. "
        "Nothing entered in it is written to disk or logs, and it makes no request outside 127.0.0.1.",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})"
    )
    parser.set_defaults(func=run)
