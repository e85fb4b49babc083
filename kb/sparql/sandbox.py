"""Running user-written SPARQL safely: checks, then a child process with a hard time limit and a row cap.

Neither rdflib nor pyoxigraph can stop a running query, so an embedded user query runs in a child Python
process that is killed at the limit; the child cannot open sockets or files and has a memory cap (see
:mod:`kb.sparql._child`). A :class:`QuerySandbox` keeps one such child warm for a KB's lifetime: it holds a
snapshot of the KB graphs (never a consultation's case graphs, :mod:`kb.sparql.snapshot`), loaded once, and
answers one query after another; a child killed at a limit is replaced from the same snapshot. Without a
sandbox, :func:`run_user_query` copies the store's KB graphs into a fresh child for the one query (the CLI).
Against a remote endpoint the limit is the client's deadline for the whole answer (the server's own timeout
may not be hard) and the row cap is applied while the answer streams in. What runs is the text
:func:`~kb.sparql.safety.prepare_query` decoded and checked. Every refusal raises a
:class:`~kb.errors.QueryError` subclass.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rdflib import URIRef

from kb.errors import EndpointError, QueryError, QueryRefused, QueryTimeout
from kb.sparql.child_io import CHILD_SCRIPT, read_child
from kb.sparql.formats import term_from_json, term_to_json
from kb.sparql.pool import WorkerPool
from kb.sparql.remote import RemoteStore, RowCapExceeded
from kb.sparql.safety import prepare_query
from kb.sparql.snapshot import kb_snapshot, snapshot_graphs
from kb.store import Bindings, QueryResult, Store

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MEMORY_MB = 1024
LOAD_TIMEOUT_S = 120.0


class QuerySandbox:
    """User SPARQL over a snapshot of a store's KB graphs, answered by a warm, locked-down child process.

    The snapshot leaves out every case graph (``urn:porekb:case:*``), so no query sees a patient. It is taken
    once and loaded once into ``workers`` children (:mod:`kb.sparql._child`, serve mode) that answer one query
    at a time each; a child killed at a query's time or memory limit is replaced from the same snapshot in the
    background (the next query waits for it). Checks, limits and errors are those of :func:`run_user_query`.
    Thread-safe; :meth:`close` (or a ``with`` block) stops the children.
    """

    def __init__(
        self,
        store: Store,
        *,
        memory_mb: int = DEFAULT_MEMORY_MB,
        workers: int = 1,
        load_timeout_s: float = LOAD_TIMEOUT_S,
    ) -> None:
        if isinstance(store, RemoteStore):
            raise QueryError("a query sandbox holds an embedded store; remote queries go to the endpoint")
        self.graphs: list[URIRef] = snapshot_graphs(store)
        self.memory_mb = memory_mb
        self.load_timeout_s = load_timeout_s
        snapshot = kb_snapshot(store)
        self.snapshot_bytes = len(snapshot)
        kind = "rdflib" if store.name == "rdflib" else "oxigraph"
        try:
            self._pool = WorkerPool(snapshot, size=workers, memory_mb=memory_mb, store=kind)
        except EndpointError as exc:
            raise QueryError(f"the query process failed to start: {exc}") from None

    @classmethod
    def for_kb(cls, kb: KnowledgeBase, **options: object) -> QuerySandbox:
        """A sandbox over a loaded KB's graphs (the engine store's case graphs left out)."""
        return cls(kb.store, **options)  # type: ignore[arg-type]

    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> QueryResult:
        """Check a user query and run it in the warm child with a time limit and a row cap."""
        check_limits(timeout_s, max_rows)
        safe = prepare_query(sparql)
        return self.run_checked(safe.text, bindings, graphs=graphs, timeout_s=timeout_s, max_rows=max_rows)

    def run_checked(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        max_rows: int = DEFAULT_MAX_ROWS,
    ) -> QueryResult:
        """Run an already checked query text (:func:`~kb.sparql.safety.prepare_query`) in the child."""
        request = _request(sparql, bindings, graphs, max_rows)
        try:
            answer = self._pool.run(request, timeout_s=timeout_s, wait_s=self.load_timeout_s)
        except QueryTimeout:
            raise
        except QueryRefused:  # the child died at its memory cap
            raise QueryRefused(_out_of_memory(self.memory_mb)) from None
        return _result(answer, max_rows, self.memory_mb)

    def pids(self) -> list[int]:
        """The process ids of the live children (a diagnosis aid: the same ids query after query)."""
        with self._pool._lock:
            return sorted(w.process.pid for w in self._pool._all if w.alive())

    def close(self) -> None:
        """Stop the children."""
        self._pool.close()

    def __enter__(self) -> QuerySandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _request(sparql: str, bindings: Bindings | None, graphs: Sequence[URIRef] | None, max_rows: int) -> dict:
    return {
        "query": sparql,
        "graphs": None if graphs is None else [str(g) for g in graphs],
        "bindings": {k: term_to_json(v) for k, v in (bindings or {}).items()},
        "max_rows": max_rows,
    }


def run_user_query(
    store: Store | QuerySandbox,
    sparql: str,
    bindings: Bindings | None = None,
    *,
    graphs: Sequence[URIRef] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryResult:
    """Check a user query (shape, escapes, no update, SERVICE or FROM) and run it with a time limit and a row
    cap: in a :class:`QuerySandbox`'s warm child, at a remote endpoint, or in a fresh child holding a copy of
    the store's KB graphs. The decoded text the checks saw is the text that runs."""
    check_limits(timeout_s, max_rows)
    safe = prepare_query(sparql)
    if isinstance(store, QuerySandbox):
        return store.run_checked(safe.text, bindings, graphs=graphs, timeout_s=timeout_s, max_rows=max_rows)
    if isinstance(store, RemoteStore):
        remote = RemoteStore(store.endpoint, timeout_s=timeout_s)
        remote._graphs = store._graphs  # the graph names already known (one request fewer)
        try:
            return remote.query(safe.text, bindings, graphs=graphs, max_rows=max_rows)
        except RowCapExceeded:
            raise _too_many(max_rows) from None
    return run_in_child(store, safe.text, bindings, graphs=graphs, timeout_s=timeout_s, max_rows=max_rows)


def check_limits(timeout_s: float, max_rows: int) -> None:
    """QueryError unless the time limit is a positive finite number and the row cap a positive integer."""
    if not (isinstance(timeout_s, int | float) and math.isfinite(timeout_s) and timeout_s > 0):
        raise QueryError(f"the time limit must be a positive number of seconds, not {timeout_s!r}")
    if isinstance(max_rows, bool) or not isinstance(max_rows, int) or max_rows <= 0:
        raise QueryError(f"the row cap must be a positive whole number, not {max_rows!r}")


def _too_many(max_rows: int) -> QueryRefused:
    return QueryRefused(
        f"the answer has more than {max_rows} rows (or triples): add a LIMIT, or raise the cap "
        f"with --max-rows"
    )


def run_in_child(
    store: Store,
    sparql: str,
    bindings: Bindings | None = None,
    *,
    graphs: Sequence[URIRef] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> QueryResult:
    """Run a query on a copy of ``store``'s KB graphs (no case graph) in a fresh child process, killed when it
    exceeds ``timeout_s``.

    The limit counts from when the child has loaded the data and starts the query. The child cannot open
    sockets or files and may use ``memory_mb`` more memory than the loaded data.
    """
    data = kb_snapshot(store)
    header = {
        **_request(sparql, bindings, graphs, max_rows),
        "store": "rdflib" if store.name == "rdflib" else "oxigraph",
        "memory_mb": memory_mb,
        "data_bytes": len(data),
    }
    payload = json.dumps(header).encode("utf-8") + b"\n" + data
    process = subprocess.Popen(
        [sys.executable, "-I", str(CHILD_SCRIPT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    writer = threading.Thread(target=_feed, args=(process, payload), daemon=True)
    writer.start()
    try:
        buffer = read_child(process, b"", time.monotonic() + LOAD_TIMEOUT_S, until_line=True)
        if not buffer.startswith(b"READY\n"):
            raise QueryError(f"the query process failed to start: {_stderr(process)}")
        started = time.monotonic()
        buffer = read_child(process, buffer[len(b"READY\n") :], started + timeout_s, until_line=False)
    except TimeoutError:
        raise QueryTimeout(f"the query was stopped at its time limit of {timeout_s:g} s") from None
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        writer.join(timeout=1)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
    try:
        answer = json.loads(buffer.decode("utf-8"))
    except ValueError:
        if process.returncode is not None and process.returncode < 0:
            raise QueryRefused(_out_of_memory(memory_mb)) from None
        raise QueryError("the query process ended without an answer") from None
    return _result(answer, max_rows, memory_mb)


def _out_of_memory(memory_mb: int) -> str:
    return f"the query was stopped: it needed more than its memory limit of {memory_mb} MB"


def answer_error(answer: dict, max_rows: int, memory_mb: int) -> QueryError | None:
    """The error a child's answer reports, or None when it succeeded."""
    if answer.get("ok"):
        return None
    kind = answer.get("error")
    if kind == "rows":
        return _too_many(max_rows)
    if kind == "memory":
        return QueryRefused(_out_of_memory(memory_mb))
    if kind == "network":
        return QueryRefused("the query tried to open a connection or a file, which is refused")
    return QueryError(f"query failed: {answer.get('message', '')}")


def _feed(process: subprocess.Popen[bytes], payload: bytes) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(payload)
        process.stdin.close()
    except (BrokenPipeError, ValueError, OSError):
        pass


def _stderr(process: subprocess.Popen[bytes]) -> str:
    if process.poll() is None:
        process.kill()
    assert process.stderr is not None
    return process.stderr.read().decode("utf-8", "replace").strip()[-2000:]


def _result(answer: dict, max_rows: int, memory_mb: int) -> QueryResult:
    error = answer_error(answer, max_rows, memory_mb)
    if error is not None:
        raise error
    if answer["kind"] == "ASK":
        return QueryResult("ASK", boolean=answer["boolean"])
    if answer["kind"] == "SELECT":
        rows = [tuple(None if t is None else term_from_json(t) for t in row) for row in answer["rows"]]
        return QueryResult("SELECT", answer["vars"], rows)
    triples = [tuple(term_from_json(t) for t in triple) for triple in answer["triples"]]
    return QueryResult("CONSTRUCT", triples=triples)  # type: ignore[arg-type]
