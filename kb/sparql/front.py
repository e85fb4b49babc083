"""``porekb serve``: a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1, our own small HTTP front.

Every request is checked before it reaches an engine:

- the ``Host`` header must name this server (``127.0.0.1:PORT`` or ``localhost:PORT``: no DNS rebinding) and an
  ``Origin`` header, if sent, must be this server (no cross-site form posts); no CORS headers are sent;
- only ``/`` (an offline query page) and ``/query`` exist; updates, ``/update`` and ``/store`` are refused;
- a request body is capped, the query text passes :func:`~kb.sparql.safety.prepare_query` (size, nesting and
  UNION caps, escapes decoded once, no SERVICE, LOAD, update or FROM), else 4xx;
- the query runs in a :class:`~kb.sparql.pool.WorkerPool` process that cannot open sockets, has a memory cap
  and is killed at the time limit (then 503), with a row cap;
- at most ``max_connections`` connections are served at once (others get 503 at once), idle ones time out.
"""

from __future__ import annotations

import contextlib
import html
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from kb.errors import EndpointError, QueryError, QueryRefused, QueryTimeout
from kb.sparql.encode import encode_answer
from kb.sparql.pool import PoolBusy, WorkerPool
from kb.sparql.safety import MAX_QUERY_CHARS, prepare_query
from kb.sparql.sandbox import answer_error

HOST = "127.0.0.1"
MAX_BODY_BYTES = 4 * MAX_QUERY_CHARS
DRAIN_BYTES = 16 * 1024 * 1024  # a refused body up to this size is read away before answering


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, front: SparqlFront) -> None:
        self.front = front
        self.slots = threading.BoundedSemaphore(front.max_connections)
        super().__init__((HOST, front.port), _Handler)

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        if not self.slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
                    b"Connection: close\r\nRetry-After: 1\r\n\r\ntoo many connections"
                )
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "porekb"
    sys_version = ""
    timeout = 15  # an idle or slow client loses its connection (no slow-loris)
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        return None  # nothing about requests (or queries) is logged

    # -- routing ----------------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only")

    do_DELETE = do_PATCH = do_PUT

    def do_OPTIONS(self) -> None:
        self._send_text(HTTPStatus.METHOD_NOT_ALLOWED, "no cross-origin requests")

    def _handle(self, method: str) -> None:
        front = self.server.front
        front.requests += 1
        refusal = front.check_headers(self.headers.get("Host"), self.headers.get("Origin"))
        if refusal:
            self._send_text(HTTPStatus.FORBIDDEN, refusal)
            return
        path, _, query_string = self.path.partition("?")
        if path in ("/update", "/store") or path.startswith("/store/"):
            self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            return
        if path == "/" and method == "GET" and not query_string:
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", front.page().encode())
            return
        if path not in ("/query", "/sparql"):
            self._send_text(HTTPStatus.NOT_FOUND, "not found: the endpoint is /query")
            return
        try:
            params = self._params(method, query_string)
        except _HTTPRefusal as refusal:
            self._send_text(refusal.status, str(refusal))
            return
        if "update" in params:
            self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused")
            return
        texts = params.get("query", [])
        if len(texts) != 1:
            self._send_text(HTTPStatus.BAD_REQUEST, "give exactly one query parameter")
            return
        status, content_type, body = front.answer(
            texts[0],
            params.get("default-graph-uri"),
            params.get("named-graph-uri"),
            self.headers.get("Accept", ""),
        )
        self._send(status, content_type, body)

    def _params(self, method: str, query_string: str) -> dict[str, list[str]]:
        params = urllib.parse.parse_qs(query_string, keep_blank_values=True)
        if method == "GET":
            return params
        length_text = self.headers.get("Content-Length")
        if length_text is None:
            raise _HTTPRefusal(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        try:
            length = int(length_text)
        except ValueError:
            raise _HTTPRefusal(HTTPStatus.BAD_REQUEST, "bad Content-Length") from None
        if length < 0 or length > MAX_BODY_BYTES:
            if 0 < length <= DRAIN_BYTES:  # read it away, so that the client sees the answer
                while length > 0:
                    chunk = self.rfile.read(min(length, 1 << 16))
                    if not chunk:
                        break
                    length -= len(chunk)
            raise _HTTPRefusal(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request body is over {MAX_BODY_BYTES} bytes"
            )
        body = self.rfile.read(length)
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _HTTPRefusal(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
        if kind == "application/sparql-query":
            params.setdefault("query", []).append(text)
        elif kind == "application/sparql-update":
            params["update"] = [text]
        elif kind == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        else:
            raise _HTTPRefusal(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "send application/x-www-form-urlencoded or application/sparql-query",
            )
        return params

    # -- responses --------------------------------------------------------------------------------
    def _send_text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode())

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'",
        )
        if status >= 400:
            self.send_header("Connection", "close")
            self.close_connection = True
        if status == HTTPStatus.SERVICE_UNAVAILABLE:
            self.send_header("Retry-After", "1")
        self.end_headers()
        self.wfile.write(body)


class _HTTPRefusal(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


class SparqlFront:
    """The endpoint: an HTTP front on 127.0.0.1 and a worker pool holding the dataset (N-Quads)."""

    def __init__(
        self,
        data: bytes,
        *,
        port: int,
        timeout_s: float = 30.0,
        max_rows: int = 100_000,
        workers: int = 2,
        memory_mb: int = 1024,
        max_connections: int = 64,
    ) -> None:
        self.data = data
        self.port = port
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self.workers = workers
        self.memory_mb = memory_mb
        self.max_connections = max_connections
        self.pool: WorkerPool | None = None
        self.httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self.requests = 0  # requests handled (a count only: nothing about them is kept)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    def start(self) -> SparqlFront:
        """Start the workers and bind the port (OSError if taken); serve in a background thread."""
        self.pool = WorkerPool(self.data, size=self.workers, memory_mb=self.memory_mb)
        try:
            self.httpd = _Server(self)
            if self.port == 0:
                self.port = self.httpd.server_address[1]
        except BaseException:
            self.pool.close()
            raise
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.2})
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and kill the workers."""
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def __enter__(self) -> SparqlFront:
        return self.start() if self.httpd is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- checks and answers -----------------------------------------------------------------------
    def check_headers(self, host: str | None, origin: str | None) -> str | None:
        """A refusal message for a foreign Host or Origin header, else None."""
        allowed_hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        if host is None or host.strip().lower() not in allowed_hosts:
            return f"refused: the Host header must be one of {', '.join(sorted(allowed_hosts))}"
        if origin is not None and origin.strip().lower() not in {f"http://{h}" for h in allowed_hosts}:
            return "refused: requests from another origin are not served"
        return None

    def answer(
        self,
        text: str,
        default_graphs: list[str] | None,
        named_graphs: list[str] | None,
        accept: str,
    ) -> tuple[HTTPStatus, str, bytes]:
        """Check and run one query: (status, content type, body)."""
        try:
            safe = prepare_query(text)
        except QueryRefused as exc:
            return _text(HTTPStatus.BAD_REQUEST, f"refused: {exc}")
        except QueryError as exc:
            return _text(HTTPStatus.BAD_REQUEST, str(exc))
        for iri in [*(default_graphs or []), *(named_graphs or [])]:
            if not _is_iri(iri):
                return _text(HTTPStatus.BAD_REQUEST, f"not an IRI: {iri[:200]!r}")
        request = {
            "query": safe.text,
            "graphs": default_graphs or None,
            "named_graphs": named_graphs or None,
            "max_rows": self.max_rows,
        }
        assert self.pool is not None
        try:
            answer = self.pool.run(request, timeout_s=self.timeout_s, wait_s=self.timeout_s)
        except QueryTimeout as exc:
            return _text(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except PoolBusy as exc:
            return _text(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
        except QueryRefused as exc:
            return _text(HTTPStatus.BAD_REQUEST, f"refused: {exc}")
        except (QueryError, EndpointError) as exc:
            return _text(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        error = answer_error(answer, self.max_rows, self.memory_mb)
        if error is not None:
            return _text(HTTPStatus.BAD_REQUEST, str(error))
        return encode_answer(answer, accept)

    def page(self) -> str:
        """The offline query page: a form and a script that posts to /query (no outside resources)."""
        return _PAGE.replace("{{ENDPOINT}}", html.escape("/query"))


def _text(status: HTTPStatus, message: str) -> tuple[HTTPStatus, str, bytes]:
    return status, "text/plain; charset=utf-8", (message + "\n").encode()


def _is_iri(text: str) -> bool:
    return bool(text) and len(text) < 4096 and not any(c in text for c in '<>"{}|^`\\ \n\t\r')


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>PoreKB SPARQL endpoint</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}textarea{width:100%;height:12em;font-family:monospace}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:90%}</style></head>
<body><h1>PoreKB SPARQL endpoint</h1>
<p>Read-only SPARQL 1.1 at <code>{{ENDPOINT}}</code>. The default graph is the union of the KB's named graphs.
SERVICE, FROM and updates are refused; queries are stopped at the server's time limit.</p>
<form id="f"><textarea id="q" name="query">PREFIX pkb: &lt;https://w3id.org/porekb/&gt;
PREFIX rdfs: &lt;http://www.w3.org/2000/01/rdf-schema#&gt;
SELECT ?t ?label WHERE { ?t a pkb:Treatment ; rdfs:label ?label } ORDER BY ?label LIMIT 50</textarea>
<p><button type="submit">Run</button></p></form><div id="out"></div>
<script>
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const out = document.getElementById('out');
  out.textContent = 'running...';
  const r = await fetch('{{ENDPOINT}}', {method: 'POST',
    headers: {'Content-Type': 'application/x-www-form-urlencoded', 'Accept': 'application/sparql-results+json'},
    body: new URLSearchParams({query: document.getElementById('q').value})});
  const text = await r.text();
  if (!r.ok || !(r.headers.get('Content-Type') || '').includes('json')) {
    out.textContent = ''; const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre);
    return;
  }
  const data = JSON.parse(text);
  out.textContent = '';
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  const table = document.createElement('table');
  const head = table.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const row = table.insertRow();
    for (const v of data.head.vars) { row.insertCell().textContent = b[v] ? b[v].value : ''; }
  }
  out.appendChild(table);
});
</script></body></html>
"""
