"""Running user-written SPARQL safely: checks, then a child process with a hard time limit and a row cap.

Neither rdflib nor pyoxigraph can stop a running query, so an embedded user query runs in a child Python
process that is killed at the limit. Against a remote endpoint the limit is the client's deadline for
the whole answer (the server's own ``--timeout-s`` is not hard). Every refusal raises a
:class:`~kb.errors.QueryError` subclass.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from rdflib import URIRef

from kb.errors import QueryError, QueryRefused, QueryTimeout
from kb.sparql.formats import term_from_json, term_to_json
from kb.sparql.remote import RemoteStore
from kb.sparql.safety import check_query
from kb.sparql.server import dataset_nquads
from kb.store import Bindings, QueryResult, Store

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_ROWS = 10_000
LOAD_TIMEOUT_S = 120.0
_CHILD = Path(__file__).with_name("_child.py")


def run_user_query(
    store: Store,
    sparql: str,
    bindings: Bindings | None = None,
    *,
    graphs: Sequence[URIRef] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> QueryResult:
    """Check a user query (no update, SERVICE or FROM) and run it with a time limit and a row cap."""
    check_query(sparql)
    if timeout_s <= 0 or max_rows <= 0:
        raise QueryError("the time limit and the row cap must be positive")
    if isinstance(store, RemoteStore):
        remote = RemoteStore(store.endpoint, None, timeout_s=timeout_s)
        result = remote.query(sparql, bindings, graphs=graphs)
        if len(result.rows) > max_rows or len(result.triples) > max_rows:
            raise _too_many(max_rows)
        return result
    return run_in_child(store, sparql, bindings, graphs=graphs, timeout_s=timeout_s, max_rows=max_rows)


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
) -> QueryResult:
    """Run a query on a copy of ``store`` in a child process, killed when it exceeds ``timeout_s``.

    The limit counts from when the child has loaded the data and starts the query.
    """
    header = {
        "query": sparql,
        "store": "rdflib" if store.name == "rdflib" else "oxigraph",
        "graphs": None if graphs is None else [str(g) for g in graphs],
        "bindings": {k: term_to_json(v) for k, v in (bindings or {}).items()},
        "max_rows": max_rows,
    }
    payload = json.dumps(header).encode("utf-8") + b"\n" + dataset_nquads(store)
    process = subprocess.Popen(
        [sys.executable, "-I", str(_CHILD)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    writer = threading.Thread(target=_feed, args=(process, payload), daemon=True)
    writer.start()
    try:
        buffer = _read(process, b"", time.monotonic() + LOAD_TIMEOUT_S, until_line=True)
        if not buffer.startswith(b"READY\n"):
            raise QueryError(f"the query process failed to start: {_stderr(process)}")
        started = time.monotonic()
        buffer = _read(process, buffer[len(b"READY\n") :], started + timeout_s, until_line=False)
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
        raise QueryError("the query process ended without an answer") from None
    if not answer["ok"]:
        if answer["error"] == "rows":
            raise _too_many(max_rows)
        raise QueryError(f"query failed: {answer.get('message', '')}")
    return _result(answer)


def _feed(process: subprocess.Popen[bytes], payload: bytes) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(payload)
        process.stdin.close()
    except (BrokenPipeError, ValueError, OSError):
        pass


def _read(process: subprocess.Popen[bytes], buffer: bytes, deadline: float, *, until_line: bool) -> bytes:
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


def _stderr(process: subprocess.Popen[bytes]) -> str:
    if process.poll() is None:
        process.kill()
    assert process.stderr is not None
    return process.stderr.read().decode("utf-8", "replace").strip()[-2000:]


def _result(answer: dict) -> QueryResult:
    if answer["kind"] == "ASK":
        return QueryResult("ASK", boolean=answer["boolean"])
    if answer["kind"] == "SELECT":
        rows = [tuple(None if t is None else term_from_json(t) for t in row) for row in answer["rows"]]
        return QueryResult("SELECT", answer["vars"], rows)
    triples = [tuple(term_from_json(t) for t in triple) for triple in answer["triples"]]
    return QueryResult("CONSTRUCT", triples=triples)  # type: ignore[arg-type]
