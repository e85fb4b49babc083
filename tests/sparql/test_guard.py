"""Issue 12, item 1 and 6: the guard decides on the text the engine runs, and the query child cannot reach
the network, has a memory cap, and the row cap applies while an answer streams in."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kb.errors import QueryError, QueryRefused
from kb.knowledge_base import KnowledgeBase
from kb.sparql.remote import RemoteStore
from kb.sparql.safety import MAX_NESTING, decode_escapes, prepare_query
from kb.sparql.sandbox import run_in_child, run_user_query

from .test_safety import Listener, read_request

PORECLI = Path(sys.executable).with_name("porekb")


def bypass(url: str) -> str:
    """The query from the issue: rdflib read \\U000A (4 digits) as a newline, Oxigraph as plain comment text."""
    return (
        "SELECT * WHERE {\n"
        '  BIND( # \\U000A """\n'
        f"  1 AS ?a) SERVICE <{url}> {{ ?s ?p ?o }}\n"
        '  # """ AS ?a)\n'
        "}\n"
    )


@pytest.fixture
def listener():
    box = Listener()
    yield box
    box.close()


def test_short_U_escape_is_refused_and_nothing_is_sent(listener: Listener, ox_kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError, match="8 hex digits"):
        run_user_query(ox_kb.store, bypass(listener.url))
    done = subprocess.run(
        [str(PORECLI), "query", "-"], input=bypass(listener.url), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1 and "8 hex digits" in done.stderr
    assert "Traceback" not in done.stderr
    time.sleep(0.3)
    assert listener.connections == 0


def test_escapes_are_decoded_once_as_the_spec_says() -> None:
    assert decode_escapes("SELECT * { ?s ?p \\u0022x\\u0022 }") == 'SELECT * { ?s ?p "x" }'
    assert decode_escapes("\\U0001F600") == "\U0001f600"
    for bad in ("\\u12", "\\U000A", "\\uZZZZ", "\\U00110000", "\\uD800"):
        with pytest.raises(QueryError):
            decode_escapes(bad)
    with pytest.raises(QueryError, match="another"):
        decode_escapes("\\u005Cu0041")  # \u005C is a backslash: it would be decoded twice
    # a valid escape that hides SERVICE is decoded first, then refused
    hidden = "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    with pytest.raises(QueryRefused, match="SERVICE"):
        prepare_query(hidden)


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_the_child_cannot_open_a_connection(store: str, listener: Listener, request) -> None:
    """Defence in depth: SERVICE run directly in the child (no checks) fails and the listener sees nothing."""
    kb = request.getfixturevalue("ox_kb" if store == "oxigraph" else "rdflib_kb")
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(QueryError, match="connection or a file"):
        run_in_child(kb.store, query, timeout_s=10)
    time.sleep(0.3)
    assert listener.connections == 0


def test_the_child_has_a_memory_limit(ox_kb: KnowledgeBase) -> None:
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?c ?f ?i"
    started = time.monotonic()
    with pytest.raises(QueryError, match="memory limit of 64 MB"):
        run_in_child(ox_kb.store, query, timeout_s=60, max_rows=10**9, memory_mb=64)
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, "nests"),
        ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }", "characters long|UNION"),
        ("SELECT * WHERE { " + " UNION ".join(["{?s ?p ?o}"] * 600) + " }", "UNION"),
        (
            "SELECT * WHERE { FILTER(" + "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1) + ") }",
            "nests",
        ),
        ("SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000, "characters long"),
    ],
)
def test_hostile_shapes_are_refused_before_parsing(query: str, word: str) -> None:
    with pytest.raises(QueryRefused, match=word):
        prepare_query(query)


def test_remote_row_cap_stops_the_download() -> None:
    """A server streaming an endless answer: the cap stops reading early; nothing like the whole body is read."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sent = [0]

    def serve() -> None:
        conn, _ = sock.accept()
        read_request(conn)
        conn.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        head = b'{"head":{"vars":["s"]},"results":{"bindings":['
        row = json.dumps({"s": {"type": "uri", "value": "urn:x"}}).encode() + b","
        try:
            conn.sendall(f"{len(head):x}\r\n".encode() + head + b"\r\n")
            for _ in range(2_000_000):  # up to ~60 MB, far more than 10 rows
                block = row * 100
                conn.sendall(f"{len(block):x}\r\n".encode() + block + b"\r\n")
                sent[0] += len(block)
        except OSError:
            pass
        conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    remote = RemoteStore(f"http://127.0.0.1:{sock.getsockname()[1]}/query", timeout_s=20)
    remote._graphs = []  # no graph listing request: the listener answers one request
    with pytest.raises(QueryRefused, match="more than 10 rows"):
        run_user_query(remote, "SELECT ?s WHERE { ?s ?p ?o }", max_rows=10)
    thread.join(timeout=10)
    sock.close()
    assert sent[0] < 20_000_000


def test_unexpected_json_from_an_endpoint_is_one_error() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)

    def serve() -> None:
        for body in (b'{"head": 3}', b"[1, 2]"):
            conn, _ = sock.accept()
            read_request(conn)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                + f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    remote = RemoteStore(f"http://127.0.0.1:{sock.getsockname()[1]}/query", timeout_s=5)
    from kb.errors import EndpointError

    with pytest.raises(EndpointError, match="malformed"):
        remote.graph_names()
    with pytest.raises(EndpointError, match="malformed"):
        remote.graph_names()
    sock.close()
