"""A SPARQL server process on 127.0.0.1 that the engine starts and stops itself (Oxigraph's, Virtuoso's): its
temporary folder, the tail of its output, the wait until it answers, and a stop that leaves nothing behind.

Subclasses build the folder and the command in ``start()`` and call :meth:`ServerProcess.spawn`; they name the
endpoint (``query_url``) and may say what an early exit means (:meth:`ServerProcess.exit_error`).
"""

from __future__ import annotations

import collections
import contextlib
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Self

from kb.errors import EndpointError, PoreKBError


class ServerProcess:
    """The lifecycle of one server process: ``spawn`` it, wait until ``ASK {}`` answers, ``stop`` it (terminate,
    then kill after ``stop_grace_s``) and delete its folder. A context manager; ``start()`` is the subclass's."""

    label = "the server"  # how messages name it
    stop_grace_s = 5.0
    poll_s = 0.05

    def __init__(self, *, startup_s: float = 60.0) -> None:
        self.startup_s = startup_s
        self.process: subprocess.Popen[bytes] | None = None
        self.workdir: Path | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=50)

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        raise NotImplementedError

    def start(self) -> Self:
        """Start the server and wait until it answers (subclasses)."""
        raise NotImplementedError

    def spawn(
        self,
        command: list[str],
        *,
        cwd: Path | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        """Start ``command`` (its output kept, last 50 lines) and wait until the endpoint answers."""
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec_fn,
        )
        threading.Thread(target=self._drain, daemon=True).start()
        self.wait_ready()

    def _drain(self) -> None:
        assert self.process is not None and self.process.stdout is not None
        for line in self.process.stdout:
            self._output.append(line.decode("utf-8", "replace").rstrip())

    def log(self) -> str:
        """The last lines the process wrote, on one line."""
        return " | ".join(self._output)

    def exit_error(self, code: int, log: str) -> PoreKBError:
        """The error for a process that exited before it answered."""
        return EndpointError(f"{self.label} exited with code {code}: {log}")

    def wait_ready(self) -> None:
        """Return once ``ASK {}`` answers 200; the :meth:`exit_error` if the process ends first; EndpointError
        after ``startup_s``."""
        assert self.process is not None
        deadline = time.monotonic() + self.startup_s
        probe = f"{self.query_url}?{urllib.parse.urlencode({'query': 'ASK {}'})}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                time.sleep(0.1)  # let the drain thread read the last lines
                raise self.exit_error(self.process.returncode, self.log())
            try:
                with urllib.request.urlopen(probe, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(self.poll_s)
        raise EndpointError(f"{self.label} did not answer within {self.startup_s:g} s")

    def stop(self) -> None:
        """Stop the process (terminate, then kill) and delete its folder."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(timeout=self.stop_grace_s)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=5)
            self.process = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self) -> Self:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()
