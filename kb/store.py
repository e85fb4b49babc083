"""Triple stores behind one interface: pyoxigraph (embedded default), rdflib (embedded), a remote endpoint.

All stores hold a dataset of named graphs. A query's default graph is the union of the graphs passed in
``graphs`` (or of every graph when ``graphs`` is None). Variables are bound through ``bindings``
(SEP-0007 substitutions / initBindings / VALUES), never by pasting text into the query.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.term import Node, Variable

from kb.errors import QueryError
from kb.terms import FROM_OX, TO_OX, from_ox, to_ox

Triple = tuple[Node, Node, Node]
Bindings = Mapping[str, Node]
QueryKind = TypingLiteral["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]


class QueryResult:
    """The answer to a query: rows for SELECT, a boolean for ASK, triples for CONSTRUCT/DESCRIBE.

    Rows and triples are rdflib terms. A store may hand them over as its own terms (``native_rows`` /
    ``native_triples`` with a converter): they become rdflib terms when ``rows``/``triples`` is first read,
    so counting (``len``) or passing on native terms costs no conversion.
    """

    def __init__(
        self,
        kind: QueryKind,
        variables: list[str] | None = None,
        rows: list[tuple[Node | None, ...]] | None = None,
        boolean: bool | None = None,
        triples: list[Triple] | None = None,
        *,
        native_rows: list[Sequence[object]] | None = None,
        native_triples: list[Sequence[object]] | None = None,
        convert: Callable[[object], Node | None] | None = None,
    ) -> None:
        self.kind = kind
        self.variables = list(variables or [])
        self.boolean = boolean
        self._rows = rows if rows is not None or native_rows is not None else []
        self._triples = triples if triples is not None or native_triples is not None else []
        self.native_rows = native_rows
        self.native_triples = native_triples
        self._convert = convert

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        """SELECT rows as rdflib terms (converted from the store's terms on first use)."""
        if self._rows is None:
            convert = self._convert or (lambda t: t)  # type: ignore[return-value]
            self._rows = [tuple(map(convert, row)) for row in self.native_rows or []]
        return self._rows

    @rows.setter
    def rows(self, value: list[tuple[Node | None, ...]]) -> None:
        self._rows = value

    @property
    def complete(self) -> bool:
        """Whether every SELECT row binds every variable (read on the store's own terms when it has them)."""
        if self.native_rows is not None:
            return not any(None in row for row in self.native_rows)  # the store's terms compare natively
        return not any(value is None for row in self.rows for value in row)

    @property
    def triples(self) -> list[Triple]:
        """CONSTRUCT/DESCRIBE triples as rdflib terms (converted on first use)."""
        if self._triples is None:
            convert = self._convert or (lambda t: t)  # type: ignore[return-value]
            self._triples = [tuple(map(convert, triple)) for triple in self.native_triples or []]  # type: ignore[misc]
        return self._triples

    @triples.setter
    def triples(self, value: list[Triple]) -> None:
        self._triples = value

    def __len__(self) -> int:
        """Rows (SELECT), triples (CONSTRUCT/DESCRIBE) or 1 (ASK), without converting any term."""
        if self.kind == "ASK":
            return 1
        if self.kind == "SELECT":
            return len(self._rows) if self._rows is not None else len(self.native_rows or [])
        return len(self._triples) if self._triples is not None else len(self.native_triples or [])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryResult):
            return NotImplemented
        return (self.kind, self.variables, self.rows, self.boolean, self.triples) == (
            other.kind,
            other.variables,
            other.rows,
            other.boolean,
            other.triples,
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"QueryResult({self.kind!r}, variables={self.variables!r}, size={len(self)})"

    def dicts(self) -> list[dict[str, Node | None]]:
        """SELECT rows as dictionaries keyed by variable name."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


class Store(ABC):
    """A dataset of named graphs that answers SPARQL 1.1 queries."""

    name: str = "store"

    @abstractmethod
    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = None
    ) -> QueryResult:
        """Run a read-only query; the default graph is the union of ``graphs`` (all graphs if None)."""

    @abstractmethod
    def add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        """Add triples to a named graph."""

    @abstractmethod
    def load_turtle(self, graph: URIRef, data: bytes, *, base_iri: str | None = None) -> None:
        """Parse Turtle into a named graph."""

    @abstractmethod
    def drop(self, graph: URIRef) -> None:
        """Remove a named graph and its triples."""

    @abstractmethod
    def triples(self, graph: URIRef) -> list[Triple]:
        """All triples of one named graph."""

    @abstractmethod
    def graph_names(self) -> list[URIRef]:
        """The named graphs present."""

    def select(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = None
    ) -> list[dict[str, Node | None]]:
        """Convenience: run a SELECT and return rows as dicts."""
        result = self.query(sparql, bindings, graphs=graphs)
        if result.kind != "SELECT":
            raise QueryError(f"expected a SELECT query, got {result.kind}")
        return result.dicts()

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (servers, files)."""


def oxigraph_query_options(
    bindings: Bindings | None = None, graphs: Sequence[URIRef] | None = None
) -> dict[str, object]:
    """Keyword options of ``pyoxigraph.Store.query``: the default graph (union of ``graphs``, or of all graphs
    when None) and SEP-0007 substitutions for ``bindings``."""
    options: dict[str, object] = {}
    if graphs is None:
        options["use_default_graph_as_union"] = True
    else:
        options["default_graph"] = [ox.NamedNode(str(g)) for g in graphs]
    if bindings:
        options["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
    return options


class OxigraphStore(Store):
    """The embedded default: an in-memory pyoxigraph store (measured ~10-30x faster than rdflib here)."""

    name = "oxigraph"

    def __init__(self, native: ox.Store | None = None) -> None:
        self._store = ox.Store() if native is None else native

    @property
    def native(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self._store

    def replace_native(self, native: ox.Store) -> None:
        """Read and write ``native`` from now on (a compacted copy: :mod:`kb.case_workspace`)."""
        self._store = native

    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = None
    ) -> QueryResult:
        return self._query(sparql, oxigraph_query_options(bindings, graphs))

    def _query(self, sparql: str, kwargs: dict[str, object]) -> QueryResult:
        """Run a query with pyoxigraph's keyword options; its errors as :class:`QueryError`."""
        try:
            result = self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:
            hint = ""
            if "projection" in str(exc):
                hint = " (a bound parameter must appear in the SELECT projection: SEP-0007 substitution)"
            raise QueryError(f"query failed: {exc}{hint}") from exc
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            # solutions stay pyoxigraph terms until someone reads .rows (lazy conversion)
            return QueryResult("SELECT", names, native_rows=list(result), convert=FROM_OX.__getitem__)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result))
        native = [(t.subject, t.predicate, t.object) for t in result]
        return QueryResult("CONSTRUCT", native_triples=native, convert=FROM_OX.__getitem__)  # type: ignore[arg-type]

    def add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        quads = oxigraph_quads(self._graph_of(graph), triples)
        self._store.extend(quads)
        self._added(quads)

    def _graph_of(self, graph: URIRef) -> URIRef | None:
        """The graph ``graph`` is kept in here (None: the default graph); a subclass may keep all in one."""
        return graph

    def _added(self, quads: list[ox.Quad]) -> None:
        """Told of the quads just added (a subclass that records or counts them)."""

    def load_turtle(self, graph: URIRef, data: bytes, *, base_iri: str | None = None) -> None:
        self._store.load(
            data, format=ox.RdfFormat.TURTLE, base_iri=base_iri, to_graph=ox.NamedNode(str(graph))
        )

    def drop(self, graph: URIRef) -> None:
        g = ox.NamedNode(str(graph))
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)

    def triples(self, graph: URIRef) -> list[Triple]:
        kept = self._graph_of(graph)
        g = ox.DefaultGraph() if kept is None else ox.NamedNode(str(kept))
        return [
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))  # type: ignore[misc]
            for q in self._store.quads_for_pattern(None, None, None, g)
        ]

    def graph_names(self) -> list[URIRef]:
        return [URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)]


def oxigraph_quads(graph: URIRef | None, triples: Iterable[Triple]) -> list[ox.Quad]:
    """Triples as pyoxigraph quads of one named graph (of the default graph if ``graph`` is None)."""
    g = ox.DefaultGraph() if graph is None else ox.NamedNode(str(graph))
    term = TO_OX.__getitem__  # a memo read, no Python call per term
    return [ox.Quad(term(s), term(p), term(o), g) for s, p, o in triples]


def merged_quads(source: ox.Store, graphs: Sequence[URIRef]) -> list[ox.Quad]:
    """The triples of ``graphs`` in ``source`` as quads of the default graph, each triple once, the very same
    terms (blank nodes keep their identity, which a dump and re-parse would not)."""
    seen: set[tuple[object, object, object]] = set()
    out = []
    for g in graphs:
        for q in source.quads_for_pattern(None, None, None, ox.NamedNode(str(g))):
            triple = (q.subject, q.predicate, q.object)
            if triple not in seen:
                seen.add(triple)
                out.append(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
    return out


class RdflibStore(Store):
    """The embedded alternative: rdflib's in-memory Dataset (pure Python; the baseline in benchmarks)."""

    name = "rdflib"

    def __init__(self) -> None:
        self._ds = Dataset(default_union=True)

    @property
    def native(self) -> Dataset:
        """The underlying rdflib Dataset."""
        return self._ds

    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = None
    ) -> QueryResult:

        # The aggregate hides named graphs from GRAPH patterns (and mis-evaluates some paths):
        # use the union Dataset whenever the requested graphs cover every graph present.
        covers_all = graphs is None or set(self.graph_names()) <= set(graphs)
        target = self._ds if covers_all else ReadOnlyGraphAggregate([self._ds.graph(g) for g in graphs])
        init = {Variable(k): v for k, v in (bindings or {}).items()}
        try:
            result = target.query(sparql, initBindings=init)
        except Exception as exc:  # rdflib raises pyparsing and various errors
            raise QueryError(f"query failed: {exc}") from exc
        if result.type == "SELECT":
            names = [str(v) for v in result.vars or []]
            return QueryResult("SELECT", names, [tuple(row) for row in result])
        if result.type == "ASK":
            return QueryResult("ASK", boolean=bool(result.askAnswer))
        return QueryResult("CONSTRUCT", triples=list(result.graph))  # type: ignore[union-attr]

    def add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        g = self._ds.graph(graph)
        for t in triples:
            g.add(t)

    def load_turtle(self, graph: URIRef, data: bytes, *, base_iri: str | None = None) -> None:
        self._ds.graph(graph).parse(data=data, format="turtle", publicID=base_iri)

    def drop(self, graph: URIRef) -> None:
        self._ds.remove_graph(self._ds.graph(graph))

    def triples(self, graph: URIRef) -> list[Triple]:
        return list(self._ds.graph(graph))

    def graph_names(self) -> list[URIRef]:
        return [
            c.identifier
            for c in self._ds.graphs()
            if isinstance(c.identifier, URIRef) and str(c.identifier) != "urn:x-rdflib:default" and len(c) > 0
        ]


def make_store(kind: str = "oxigraph") -> Store:
    """A new empty embedded store: ``oxigraph`` (default) or ``rdflib``."""
    if kind == "oxigraph":
        return OxigraphStore()
    if kind == "rdflib":
        return RdflibStore()
    raise ValueError(f"unknown store kind {kind!r} (allowed: oxigraph, rdflib)")
