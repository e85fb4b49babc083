"""A pool of query worker processes for ``porekb serve``: each holds the KB in pyoxigraph, runs one query at a
time, cannot open sockets or files, has a memory cap, and is killed (and replaced) at the time limit.

Oxigraph cannot cancel a running query, and ``oxigraph serve --timeout-s`` keeps one OS thread alive per
timed-out query; a process that is killed frees everything at once.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import sys
import threading
import time

from kb.errors import EndpointError, QueryError, QueryRefused, QueryTimeout
from kb.sparql.child_io import CHILD_SCRIPT, read_child

LOAD_TIMEOUT_S = 300.0


class PoolBusy(EndpointError):
    """No worker became free within the wait limit."""


class Worker:
    """One worker process (see :mod:`kb.sparql._child`, serve mode)."""

    def __init__(self, data: bytes, *, store: str = "oxigraph", memory_mb: int = 1024) -> None:
        header = {"store": store, "serve": True, "memory_mb": memory_mb, "data_bytes": len(data)}
        self.process = subprocess.Popen(
            [sys.executable, "-I", str(CHILD_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the terminal goes to `porekb serve`, which stops the pool
        )
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(header).encode() + b"\n" + data)
            self.process.stdin.flush()
            ready = read_child(self.process, b"", time.monotonic() + LOAD_TIMEOUT_S, until_line=True)
        except (OSError, TimeoutError) as exc:
            self.kill()
            raise EndpointError(f"a query worker failed to start: {exc}") from None
        if not ready.startswith(b"READY\n"):
            self.kill()
            raise EndpointError("a query worker failed to start")

    def ask(self, request: dict, timeout_s: float) -> dict:
        """Send one request; its answer, or QueryTimeout (the worker is then dead) at ``timeout_s``."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            self.process.stdin.flush()
            line = read_child(self.process, b"", time.monotonic() + timeout_s, until_line=True)
        except TimeoutError:
            self.kill()
            raise QueryTimeout(f"the query was stopped at its time limit of {timeout_s:g} s") from None
        except OSError:
            self.kill()
            raise QueryError("the query worker stopped") from None
        if not line.endswith(b"\n"):
            self.kill()
            raise QueryRefused("the query was stopped: it needed more than the memory limit of its worker")
        return json.loads(line)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.close()


class WorkerPool:
    """``size`` workers; :meth:`run` lends one to a request and replaces it if it had to be killed."""

    def __init__(self, data: bytes, *, size: int = 2, memory_mb: int = 1024, store: str = "oxigraph") -> None:
        self.data = data
        self.memory_mb = memory_mb
        self.store = store
        self.size = size
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(size):
            self._add(Worker(data, store=store, memory_mb=memory_mb))

    def _add(self, worker: Worker) -> None:
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

        def spawn() -> None:
            for _ in range(3):
                try:
                    self._add(Worker(self.data, store=self.store, memory_mb=self.memory_mb))
                    return
                except EndpointError:
                    time.sleep(0.5)

        threading.Thread(target=spawn, daemon=True).start()

    def run(self, request: dict, *, timeout_s: float, wait_s: float) -> dict:
        """Run one request on a free worker (waiting at most ``wait_s`` for one)."""
        try:
            worker = self._idle.get(timeout=wait_s)
        except queue.Empty:
            raise PoolBusy(f"every query worker is busy; try again (waited {wait_s:g} s)") from None
        if not worker.alive():
            self._replace(worker)
            return self.run(request, timeout_s=timeout_s, wait_s=wait_s)
        try:
            answer = worker.ask(request, timeout_s)
        except QueryError:
            self._replace(worker)
            raise
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        """Kill every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
