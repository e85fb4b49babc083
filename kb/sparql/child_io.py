"""Talking to a query child process (:mod:`kb.sparql._child`): where its script is, and reading its answers
with a deadline."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
from pathlib import Path

CHILD_SCRIPT = Path(__file__).with_name("_child.py")


def read_child(
    process: subprocess.Popen[bytes], buffer: bytes, deadline: float, *, until_line: bool
) -> bytes:
    """Read the child's stdout until a full line (``until_line``) or EOF; TimeoutError at ``deadline``."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while not (until_line and b"\n" in buffer):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if not selector.select(timeout=remaining):
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            buffer += chunk
    return buffer
