"""Where a consultation reasons: the KB's triples beside the case's, where no other consultation can see them.

Two kinds, chosen per KB:

- **Private** (the embedded pyoxigraph store, up to :data:`PRIVATE_LIMIT` KB triples): a pool of private stores,
  each holding every KB graph copied into one graph. A consultation takes one store from the pool, adds its
  profile to that graph, lets the rules derive into it, and takes its triples out again before it gives the
  store back. Every case query then reads one graph: measured ~1.4x faster than the KB's graphs plus the
  case's (``benchmarks.bench_recommend``). A consultation that fails on the way drops its store.

  pyoxigraph's in-memory store never frees a removed quad (its MVCC storage keeps every version; "TODO:
  garbage collection" in oxigraph's ``storage/memory.rs``): a store that took cases in and out again grows
  slower with every consultation (measured: a consultation 16 ms on a new store, 66 ms after 800). So a
  private store is renewed after :data:`RENEW_AFTER` consultations: a new one is built from the KB's quads in a
  background thread (pyoxigraph's ``extend`` lets other threads run) and takes the worn one's place.
- **Shared** (other stores, larger KBs): the KB's own store, the case in two named graphs of its own
  (``urn:porekb:case:<uuid>:profile`` and ``...:derived``), dropped when done.

Either way the KB itself is never written, and user SPARQL never sees a case (it reads the KB's own store).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from kb.store import (
    Bindings,
    OxigraphStore,
    QueryResult,
    Store,
    Triple,
    merged_quads,
    oxigraph_quads,
    oxigraph_query_options,
)
from kb.terms import from_ox

PRIVATE_LIMIT = (
    200_000  # KB triples; above it a private copy per concurrent consultation costs too much memory
)
GRAPH_CASE_WORLD = URIRef("urn:porekb:case-world")  # the one world of a private store (its default graph)
RENEW_AFTER = 16  # consultations a private store takes before a new one replaces it (module docstring)


@dataclass
class CaseSpace:
    """One consultation's place: the store, the graphs the case rules read, where their conclusions go, and
    the graphs the ranking reads. ``target_holds_kb``: the target also holds the KB and the profile, so only
    what the rules derive counts as derived (the rule engine's ``count_target=False``)."""

    store: Store
    read_graphs: tuple[URIRef, ...]
    target: URIRef
    ranking_graphs: tuple[URIRef, ...]
    target_holds_kb: bool


class CaseWorkspace:
    """Opens a :class:`CaseSpace` for each consultation (thread-safe; see the module's docstring)."""

    def __init__(
        self,
        store: Store,
        kb_graphs: Sequence[URIRef],
        *,
        private: bool | None = None,
        renew_after: int = RENEW_AFTER,
    ) -> None:
        """``private``: None chooses by store and size (above); False always shares the KB's store.
        ``renew_after``: consultations a private store takes before it is replaced by a new one."""
        self.store = store
        self.kb_graphs = tuple(kb_graphs)
        self.renew_after = renew_after
        can = isinstance(store, OxigraphStore)
        self.private = can and (_size(store, self.kb_graphs) <= PRIVATE_LIMIT if private is None else private)
        self._lock = threading.Lock()
        self._free: list[_RecordingStore] = []
        self._renewing: threading.Thread | None = None
        self.renewals = 0  # private stores replaced by new ones so far
        self._kb_quads: list[ox.Quad] = []
        self._kb_triples: frozenset[tuple[object, object, object]] = frozenset()
        if self.private:
            self._kb_quads = merged_quads(self.store.native, self.kb_graphs)  # type: ignore[attr-defined]
            self._kb_triples = frozenset((q.subject, q.predicate, q.object) for q in self._kb_quads)
            self._free.append(self._new_store())

    def _new_store(self) -> _RecordingStore:
        store = _RecordingStore()
        store.native.extend(self._kb_quads)
        return store

    @contextmanager
    def open(self, profile: Iterable[Triple]) -> Iterator[CaseSpace]:
        """A place for one consultation holding the KB and ``profile``; the case is gone again afterwards.

        A private store is given back with everything the case added taken out again; a consultation that
        raises leaves it half-written, so it is dropped instead.
        """
        if not self.private:
            yield from self._shared(profile)
            return
        with self._lock:
            store = self._free.pop() if self._free else None
        if store is None:
            store = self._new_store()
        store.added.clear()
        store.add(GRAPH_CASE_WORLD, profile)
        space = CaseSpace(store, (GRAPH_CASE_WORLD,), GRAPH_CASE_WORLD, (GRAPH_CASE_WORLD,), True)
        yield space  # an exception leaves the store half-written: it is dropped, not given back
        for quad in store.added:
            if (quad.subject, quad.predicate, quad.object) not in self._kb_triples:  # the KB's triples stay
                store.native.remove(quad)
        store.added.clear()
        store.uses += 1
        self._give_back(store)

    def _give_back(self, store: _RecordingStore) -> None:
        with self._lock:
            if store.retired:
                return
            self._free.append(store)
            if store.uses >= self.renew_after and self._renewing is None:
                self._renewing = threading.Thread(
                    target=self._renew, args=(store,), name="porekb-case-store-renewal", daemon=True
                )
                self._renewing.start()

    def _renew(self, worn: _RecordingStore) -> None:
        """Build a new private store and put it in the worn one's place (a consultation that has the worn one
        out drops it when done)."""
        fresh = None
        try:
            fresh = self._new_store()
        finally:
            with self._lock:
                self._renewing = None
                if fresh is not None:
                    self.renewals += 1
                    worn.retired = True
                    if worn in self._free:
                        self._free.remove(worn)
                    self._free.insert(0, fresh)  # the pool hands out its last store first

    def wait_for_renewal(self) -> None:
        """Return when no private store is being renewed (tests, benchmarks)."""
        with self._lock:
            renewing = self._renewing
        if renewing is not None:
            renewing.join()

    def _shared(self, profile: Iterable[Triple]) -> Iterator[CaseSpace]:
        stem = f"urn:porekb:case:{uuid.uuid4()}"
        profile_graph, derived_graph = URIRef(stem + ":profile"), URIRef(stem + ":derived")
        try:
            self.store.add(profile_graph, profile)
            yield CaseSpace(
                self.store,
                (*self.kb_graphs, profile_graph),
                derived_graph,
                (*self.kb_graphs, derived_graph),
                False,
            )
        finally:
            self.store.drop(profile_graph)
            self.store.drop(derived_graph)

    def worlds(self) -> list[set[Triple]]:
        """The triples of each free private store (tests: after consultations each holds exactly the KB)."""
        with self._lock:
            return [set(store.triples(GRAPH_CASE_WORLD)) for store in self._free]

    def free_stores(self) -> int:
        """How many private stores wait in the pool."""
        with self._lock:
            return len(self._free)


class _RecordingStore(OxigraphStore):
    """A private store holding one world (the KB and one case) in its default graph: every graph name given to
    it means that world (queries read the default graph alone, measured ~20% faster than the same triples in a
    named graph chosen as the default graph). It keeps the quads added since :attr:`added` was last cleared
    (the case's triples), so they can be taken out again without converting them twice."""

    def __init__(self) -> None:
        super().__init__()
        self.added: list[ox.Quad] = []
        self.uses = 0  # consultations taken in and out again
        self.retired = False  # replaced by a new store: not given back to the pool

    def add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        quads = oxigraph_quads(None, triples)
        self.native.extend(quads)
        self.added.extend(quads)

    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = None
    ) -> QueryResult:
        options = oxigraph_query_options(bindings, None)
        del options["use_default_graph_as_union"]  # the default graph itself: the world
        return self._query(sparql, options)

    def triples(self, graph: URIRef) -> list[Triple]:
        return [
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))  # type: ignore[misc]
            for q in self.native.quads_for_pattern(None, None, None, ox.DefaultGraph())
        ]


def _size(store: Store, graphs: Sequence[URIRef]) -> int:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return int(store.query(count, graphs=graphs).rows[0][0])  # type: ignore[arg-type]
