"""Safety rules for user-written SPARQL: refusals before anything runs, a hard time limit, a row cap."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kb.errors import EndpointError, QueryError, QueryRefused, QueryTimeout
from kb.knowledge_base import KnowledgeBase
from kb.sparql.remote import RemoteStore
from kb.sparql.sandbox import run_user_query
from kb.sparql.server import OxigraphServer

PORECLI = Path(sys.executable).with_name("porekb")
CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Listener:
    """A local listening socket that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    box = Listener()
    yield box
    box.close()


UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "LOAD <http://127.0.0.1:9/x.ttl>",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(update: str, ox_kb: KnowledgeBase) -> None:
    with pytest.raises(QueryRefused, match="updates are refused"):
        run_user_query(ox_kb.store, update)


def refused_queries(url: str) -> list[tuple[str, str]]:
    return [
        (f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "SERVICE"),
        (f"SELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}", "SERVICE"),
        (f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}", "FROM"),
        (f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "FROM"),
        (f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}> WHERE {{ ?s ?p ?o }}", "FROM"),
    ]


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_service_and_from_refused_with_no_request(
    store: str, listener: Listener, ox_kb: KnowledgeBase, rdflib_kb: KnowledgeBase
) -> None:
    kb = ox_kb if store == "oxigraph" else rdflib_kb
    for query, word in refused_queries(listener.url):
        with pytest.raises(QueryRefused, match=word):
            run_user_query(kb.store, query)
    time.sleep(0.3)
    assert listener.connections == 0


def test_service_and_from_refused_by_the_cli(listener: Listener) -> None:
    for query, word in refused_queries(listener.url):
        done = subprocess.run(
            [str(PORECLI), "query", "-"], input=query, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1 and word in done.stderr, done.stderr
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.server
def test_remote_refusals_send_nothing(listener: Listener) -> None:
    remote = RemoteStore(listener.url, timeout_s=2)  # the "endpoint" itself is our listener
    for query, word in [*refused_queries(listener.url), (UPDATES[0], "updates")]:
        with pytest.raises(QueryRefused, match=word):
            run_user_query(remote, query)
    time.sleep(0.3)
    assert listener.connections == 0


@pytest.mark.slow
@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_runaway_query_stopped_at_its_limit(
    store: str, ox_kb: KnowledgeBase, rdflib_kb: KnowledgeBase
) -> None:
    kb = ox_kb if store == "oxigraph" else rdflib_kb
    started = time.monotonic()
    run_user_query(kb.store, "ASK {}", timeout_s=30)
    setup = time.monotonic() - started  # copying the data into a fresh child and loading it (~1 s on rdflib)
    for query in (CROSS_COUNT, CROSS_PRODUCT):
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="time limit of 2 s"):
            run_user_query(kb.store, query, timeout_s=2, max_rows=10**9)
        assert time.monotonic() - started < setup + 3.0  # the acceptance: limit + 1 s once it runs


@pytest.mark.server
@pytest.mark.slow
def test_runaway_query_stopped_on_the_server(oxigraph_server: OxigraphServer) -> None:
    remote = RemoteStore(oxigraph_server.query_url)
    for query in (CROSS_COUNT, CROSS_PRODUCT):
        started = time.monotonic()
        with pytest.raises((QueryTimeout, EndpointError)):
            run_user_query(remote, query, timeout_s=2, max_rows=10**9)
        assert time.monotonic() - started < 3.0
    assert run_user_query(remote, "ASK { ?s ?p ?o }").boolean is True  # the server still answers


def test_row_cap(ox_kb: KnowledgeBase) -> None:
    with pytest.raises(QueryRefused, match="more than 5 rows"):
        run_user_query(ox_kb.store, CROSS_PRODUCT, max_rows=5)
    assert len(run_user_query(ox_kb.store, "SELECT * { ?s ?p ?o } LIMIT 5", max_rows=5).rows) == 5


def test_syntax_error_is_a_query_error(ox_kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError, match="syntax error"):
        run_user_query(ox_kb.store, "SELEC ?x WHERE { }")


def read_request(conn: socket.socket) -> bytes:
    """Read one HTTP request (headers and a Content-Length body) from a socket."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        ),
        0,
    )
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def test_truncated_answer_is_an_error() -> None:
    """A server that promises JSON and cuts the body off mid-stream: an EndpointError, never fewer rows."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    body = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:a"}},'

    def serve() -> None:
        for _ in range(2):
            conn, _ = sock.accept()
            read_request(conn)  # all of it: closing with unread bytes would reset the connection instead
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n" + f"{len(body):x}\r\n".encode() + body + b"\r\n"
            )
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    remote = RemoteStore(f"http://127.0.0.1:{sock.getsockname()[1]}/query", timeout_s=5)
    with pytest.raises(EndpointError, match=r"truncated|incomplete|malformed"):
        remote.query("SELECT ?s WHERE { ?s ?p ?o }", graphs=[])
    sock.close()
