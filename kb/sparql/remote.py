"""A :class:`~kb.store.Store` on any SPARQL 1.1 endpoint (HTTP, urllib).

- Queries are POSTed as ``application/x-www-form-urlencoded`` with one ``default-graph-uri`` per graph, so the
  default graph is the union of the graphs asked for, as in the embedded stores.
- SELECT/ASK come back as SPARQL JSON results, CONSTRUCT/DESCRIBE as N-Triples; both are parsed strictly: a
  body cut   off by the server or the network is an :class:`EndpointError`, never a shorter answer.
- A client-side deadline covers connecting and reading the whole body (:class:`QueryTimeout`).
- Bindings go into the query as a ``VALUES`` block built from rdflib terms (see :mod:`kb.sparql.text`).
- :func:`kb.knowledge_base.connect_kb` copies the KB graphs into a private in-process store: recommendations
  never write to an endpoint; :class:`ReplayStore` lets it replay the KB-level rules read-only.
  (``update_url`` remains for loading data into a store one administers.)
"""

from __future__ import annotations

import http.client
import io
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kb.errors import EndpointError, QueryError, QueryTimeout
from kb.namespaces import GRAPH_DERIVED
from kb.sparql.formats import result_from_json
from kb.sparql.text import inline_bindings, query_form
from kb.store import Bindings, QueryResult, Store, Triple
from kb.terms import from_ox

ENDPOINT_ENV = "POREKB_ENDPOINT"
_INSERT_CHUNK = 2000
# Graphs an engine keeps for itself (Virtuoso's schema and LDP graphs): not part of the dataset PoreKB sees.
ENGINE_GRAPHS = frozenset(
    {
        "http://www.openlinksw.com/schemas/virtrdf#",
        "http://www.w3.org/ns/ldp#",
        "http://localuriqaserver/sparql",
    }
)


class RowCapExceeded(EndpointError):
    """A streamed answer had more rows than the caller's cap (the download was stopped there)."""


class _Body(io.RawIOBase):
    """A response body read with one deadline for all of it (each read gets the time that is left)."""

    def __init__(self, response: http.client.HTTPResponse, deadline: float) -> None:
        self.response = response
        self.deadline = deadline
        self.sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.response.isclosed():  # the whole body was read
            return 0
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if self.sock is not None and self.sock.fileno() >= 0:
            self.sock.settimeout(remaining)
        chunk = self.response.read1(min(len(buffer), 65536))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def read_all(self) -> bytes:
        chunks = []
        while chunk := self.read(65536):
            chunks.append(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        self.response.close()
        super().close()


def _read_select(body: _Body, max_rows: int | None) -> QueryResult:
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(parsed, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(parsed))
    names = [v.value for v in parsed.variables]
    rows = []
    for solution in parsed:
        if max_rows is not None and len(rows) >= max_rows:
            raise RowCapExceeded(f"more than {max_rows} rows")
        rows.append(tuple(None if solution[i] is None else from_ox(solution[i]) for i in range(len(names))))
    return QueryResult("SELECT", names, rows)


def _read_triples(body: _Body, max_rows: int | None) -> QueryResult:
    triples = []
    for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        if max_rows is not None and len(triples) >= max_rows:
            raise RowCapExceeded(f"more than {max_rows} triples")
        triples.append((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    return QueryResult("CONSTRUCT", triples=triples)  # type: ignore[arg-type]


class RemoteStore(Store):
    """A dataset behind a SPARQL 1.1 query endpoint (and optionally an update endpoint)."""

    name = "remote"

    def __init__(self, endpoint: str, update_url: str | None = None, *, timeout_s: float = 30.0) -> None:
        for url in filter(None, (endpoint, update_url)):
            if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise EndpointError(f"{url!r} is not an http(s) URL")
        self.endpoint = endpoint
        self.update_url = update_url
        self.timeout_s = timeout_s
        self._graphs: list[URIRef] | None = None  # cached graph names; reset by add/drop through this store

    # -- HTTP ---------------------------------------------------------------------------------
    def _open(self, url: str, form: list[tuple[str, str]], accept: str) -> _Body:
        """POST a form; the response body as a stream that keeps one deadline for the whole answer."""
        data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(
            url,
            data=data,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": accept,
                "User-Agent": "porekb",
            },
        )
        deadline = time.monotonic() + self.timeout_s
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout_s)
        except BaseException as exc:
            raise self._http_error(url, exc) from None
        return _Body(response, deadline)

    def _http_error(self, url: str, exc: BaseException) -> BaseException:
        """The PoreKB error for an exception raised while talking to ``url`` (other exceptions unchanged)."""
        if isinstance(exc, urllib.error.HTTPError):
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            return EndpointError(f"{url} answered HTTP {exc.code} {exc.reason}: {detail}")
        if isinstance(exc, TimeoutError | socket.timeout):
            return QueryTimeout(f"no complete answer from {url} within {self.timeout_s:g} s")
        if isinstance(exc, http.client.IncompleteRead):
            return EndpointError(f"{url} cut its answer off (truncated response)")
        if isinstance(exc, urllib.error.URLError):
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                return QueryTimeout(f"no answer from {url} within {self.timeout_s:g} s")
            return EndpointError(f"cannot reach {url}: {exc.reason}")
        if isinstance(exc, http.client.HTTPException | ConnectionError | OSError):
            return EndpointError(f"{url} failed: {exc}")
        return exc

    def _post(self, url: str, form: list[tuple[str, str]], accept: str) -> bytes:
        body = self._open(url, form, accept)
        try:
            return body.read_all()
        except BaseException as exc:
            raise self._http_error(url, exc) from None
        finally:
            body.close()

    # -- Store API ----------------------------------------------------------------------------
    def query(
        self,
        sparql: str,
        bindings: Bindings | None = None,
        *,
        graphs: Sequence[URIRef] | None = None,
        max_rows: int | None = None,
    ) -> QueryResult:
        """Run a query on the endpoint. With ``max_rows``, :class:`RowCapExceeded` is raised as soon as the
        streamed answer has more rows (or triples): the rest is never downloaded."""
        form_name = query_form(sparql)
        if form_name == "UPDATE":
            raise QueryError("RemoteStore.query runs queries only; updates go through add/drop")
        text = inline_bindings(sparql, bindings)
        named = self.named_graphs()
        targets = named if graphs is None else list(graphs)
        # The request's dataset: the default graph is the union of `targets`; every graph stays available
        # to GRAPH patterns, as in the embedded stores (default-graph-uri alone leaves no named graphs).
        form = [("query", text)] + [("default-graph-uri", str(g)) for g in targets]
        if not targets:  # an empty union: ask a graph that cannot exist rather than the server's default
            form.append(("default-graph-uri", "urn:porekb:no-graph"))
        form += [("named-graph-uri", str(g)) for g in named]
        if not named:
            form.append(("named-graph-uri", "urn:porekb:no-graph"))
        select = form_name in ("SELECT", "ASK")
        accept = "application/sparql-results+json" if select else "application/n-triples"
        body = self._open(self.endpoint, form, accept)
        try:
            if select:
                return _with_bound_values(_read_select(body, max_rows), bindings)
            return _read_triples(body, max_rows)
        except RowCapExceeded:
            raise
        except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
            kind = "JSON" if select else "N-Triples"
            raise EndpointError(
                f"{self.endpoint} sent an incomplete or malformed {kind} answer: {exc}"
            ) from None
        except BaseException as exc:
            raise self._http_error(self.endpoint, exc) from None
        finally:
            body.close()

    def update(self, sparql_update: str) -> None:
        """Send a SPARQL 1.1 Update to the update endpoint."""
        if not self.update_url:
            raise EndpointError(
                f"{self.endpoint} is used read-only: this RemoteStore was given no update URL "
                "(patient case graphs are never written to an endpoint)"
            )
        self._post(self.update_url, [("update", sparql_update)], "*/*")

    def named_graphs(self) -> list[URIRef]:
        if self._graphs is None:
            self._graphs = self.graph_names()
        return self._graphs

    def add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        # the cached graph list follows our own writes: listing graphs is a full scan on some engines
        # (0.5 s on Virtuoso for the small KB), and the rule engine writes a case graph per request
        if self._graphs is not None and graph not in self._graphs:
            self._graphs = [*self._graphs, graph]
        batch: list[str] = []
        for s, p, o in triples:
            batch.append(f"{s.n3()} {p.n3()} {o.n3()} .")
            if len(batch) >= _INSERT_CHUNK:
                self._insert(graph, batch)
                batch = []
        if batch:
            self._insert(graph, batch)

    def _insert(self, graph: URIRef, lines: list[str]) -> None:
        self.update(f"INSERT DATA {{ GRAPH {graph.n3()} {{\n" + "\n".join(lines) + "\n} }")

    def load_turtle(self, graph: URIRef, data: bytes, *, base_iri: str | None = None) -> None:
        self.add(graph, Graph().parse(data=data, format="turtle", publicID=base_iri))  # type: ignore[arg-type]

    def drop(self, graph: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH {graph.n3()}")
        if self._graphs is not None:
            self._graphs = [g for g in self._graphs if g != graph]

    def triples(self, graph: URIRef) -> list[Triple]:
        result = self.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph.n3()} {{ ?s ?p ?o }} }}", graphs=[]
        )
        return result.triples

    def graph_names(self) -> list[URIRef]:
        body = self._post(
            self.endpoint,
            [("query", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")],
            "application/sparql-results+json",
        )
        try:
            result = result_from_json(json.loads(body.decode("utf-8")))
        except (ValueError, UnicodeDecodeError, KeyError, TypeError, IndexError, AttributeError) as exc:
            raise EndpointError(f"{self.endpoint} sent a malformed answer: {exc}") from None
        return [
            row[0]
            for row in result.rows
            if row and isinstance(row[0], URIRef) and str(row[0]) not in ENGINE_GRAPHS
        ]

    def ping(self) -> None:
        """Raise :class:`EndpointError` unless the endpoint answers queries (lists its named graphs)."""
        self._graphs = self.graph_names()


def _with_bound_values(result: QueryResult, bindings: Bindings | None) -> QueryResult:
    """A bound variable answers with the term it was bound to: an engine may give a VALUES constant back in
    another form of the same value (Virtuoso: ``false`` as ``0``, ``"7"^^xsd:decimal`` as ``7``)."""
    if result.kind != "SELECT" or not bindings:
        return result
    bound = {i: bindings[name] for i, name in enumerate(result.variables) if name in bindings}
    if bound:
        result.rows = [
            tuple(bound.get(i, cell) if cell is not None else None for i, cell in enumerate(row))
            for row in result.rows
        ]
    return result


class ReplayStore(Store):
    """Reads through to a store; pretends graph/derived is empty and drops writes (for replaying KB rules)."""

    name = "replay"

    def __init__(self, inner: Store) -> None:
        self.inner = inner

    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = None
    ) -> QueryResult:
        return self.inner.query(sparql, bindings, graphs=graphs)

    def add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        return None

    def load_turtle(self, graph: URIRef, data: bytes, *, base_iri: str | None = None) -> None:
        return None

    def drop(self, graph: URIRef) -> None:
        return None

    def triples(self, graph: URIRef) -> list[Triple]:
        return [] if graph == GRAPH_DERIVED else self.inner.triples(graph)

    def graph_names(self) -> list[URIRef]:
        return self.inner.graph_names()
