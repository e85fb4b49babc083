"""Fixtures for the app tests: AppTest on the real entry script and KB, and a real ``porekb app`` server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app" / "main.py"
SCREENSHOTS = ROOT / "build" / "screenshots"  # gitignored; copy to docs/screenshots on purpose


def open_page(page: str) -> AppTest:
    """An AppTest of the real app switched to ``views/<page>.py`` and run once."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page(f"views/{page}.py")
    at.run()
    return at


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def porekb_command() -> list[str]:
    """``porekb`` from the environment that runs the tests (console script, else ``python -m kb.cli``)."""
    script = Path(sys.executable).parent / "porekb"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "kb.cli"]


class AppServer:
    """A running ``porekb app`` process on 127.0.0.1."""

    def __init__(self, port: int, process: subprocess.Popen[bytes]) -> None:
        self.port = port
        self.process = process
        self.url = f"http://127.0.0.1:{port}"

    def wait_until_healthy(self, limit_s: float = 90.0) -> float:
        """Poll Streamlit's health endpoint; returns the seconds it took (raises if the process died)."""
        started = time.perf_counter()
        while time.perf_counter() - started < limit_s:
            if self.process.poll() is not None:
                raise RuntimeError(f"porekb app exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"porekb app did not answer on {self.url} within {limit_s} s")

    def stop(self) -> None:
        """Stop the server process that this fixture started (by its own pid)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def start_app(port: int | None = None) -> AppServer:
    """Start ``porekb app --port N`` as a subprocess (its output discarded) and wait until it answers."""
    port = port or free_port()
    process = subprocess.Popen(
        [*porekb_command(), "app", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = AppServer(port, process)
    try:
        server.wait_until_healthy()
    except Exception:
        server.stop()
        raise
    return server


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """One ``porekb app`` server for the browser tests of the session."""
    server = start_app()
    yield server
    server.stop()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Skip when Debian's chromium is missing, except in CI (``CI=true``), where that is a failure."""
    if CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)
