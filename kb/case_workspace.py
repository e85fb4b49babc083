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
  (``urn:porekb:case:<uuid>:profile`` and ``...:derived``), dropped when done. On the embedded store the
  dropped quads stay behind (below), so once they number more than :data:`COMPACT_RATIO` of the KB's, a
  compacted copy of the KB's store is built in a background thread and replaces it; a consultation keeps
  the store it started on.

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

from kb.namespaces import CASE_IRI_PREFIX
from kb.store import (
    Bindings,
    OxigraphStore,
    QueryResult,
    Store,
    Triple,
    merged_quads,
    oxigraph_query_options,
)

PRIVATE_LIMIT = (
    200_000  # KB triples; above it a private copy per concurrent consultation costs too much memory
)
GRAPH_CASE_WORLD = URIRef("urn:porekb:case-world")  # the one world of a private store (its default graph)
RENEW_AFTER = 16  # consultations a private store takes before a new one replaces it (module docstring)
COMPACT_RATIO = 0.5  # shared mode: removed case quads, as a share of the KB's quads, that start a compaction


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
        self.kb_size = _size(store, self.kb_graphs) if can else 0
        self.private = can and (self.kb_size <= PRIVATE_LIMIT if private is None else private)
        self.compact_ratio = COMPACT_RATIO
        self.compactions = 0  # shared mode: times the KB's embedded store was replaced by a compacted copy
        self._removed = 0  # shared mode: case quads removed from the KB's embedded store since it was built
        self._compacting: threading.Thread | None = None
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
        stem = f"{CASE_IRI_PREFIX}{uuid.uuid4()}"
        profile_graph, derived_graph = URIRef(stem + ":profile"), URIRef(stem + ":derived")
        # on the embedded store: the native store of now, kept to the end even if a compaction replaces it
        store: Store = (
            _CountingStore(self.store.native) if isinstance(self.store, OxigraphStore) else self.store
        )
        try:
            store.add(profile_graph, profile)
            yield CaseSpace(
                store,
                (*self.kb_graphs, profile_graph),
                derived_graph,
                (*self.kb_graphs, derived_graph),
                False,
            )
        finally:
            store.drop(profile_graph)
            store.drop(derived_graph)
            if isinstance(store, _CountingStore):
                self._removed_from_kb_store(store.added)

    def _removed_from_kb_store(self, quads: int) -> None:
        with self._lock:
            self._removed += quads
            if self._removed > self.compact_ratio * max(self.kb_size, 1) and self._compacting is None:
                self._compacting = threading.Thread(
                    target=self._compact, name="porekb-kb-store-compaction", daemon=True
                )
                self._compacting.start()

    def _compact(self) -> None:
        """Replace the KB's embedded store by a copy without the quads consultations removed: every graph but
        the cases', quad by quad, so blank nodes keep their identity (a dump and re-parse would rename them).
        Consultations open meanwhile finish on the store they started on."""
        try:
            old = self.store.native  # type: ignore[attr-defined]
            removed_before = self._removed
            fresh = ox.Store()
            graphs = [ox.DefaultGraph(), *old.named_graphs()]
            for graph in graphs:
                if isinstance(graph, ox.NamedNode) and graph.value.startswith(CASE_IRI_PREFIX):
                    continue
                fresh.extend(list(old.quads_for_pattern(None, None, None, graph)))
                if isinstance(graph, ox.NamedNode | ox.BlankNode):
                    fresh.add_graph(graph)  # an empty named graph stays a named graph
            with self._lock:
                self.store.replace_native(fresh)  # type: ignore[attr-defined]
                self._removed -= removed_before
                self.compactions += 1
        finally:
            with self._lock:
                self._compacting = None

    def wait_for_compaction(self) -> None:
        """Return when the KB's store is not being compacted (tests, benchmarks)."""
        with self._lock:
            compacting = self._compacting
        if compacting is not None:
            compacting.join()

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

    def _graph_of(self, graph: URIRef) -> URIRef | None:
        return None  # the world: the default graph

    def _added(self, quads: list[ox.Quad]) -> None:
        self.added.extend(quads)

    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = None
    ) -> QueryResult:
        options = oxigraph_query_options(bindings, None)
        del options["use_default_graph_as_union"]  # the default graph itself: the world
        return self._query(sparql, options)


class _CountingStore(OxigraphStore):
    """One consultation's view of the KB's embedded store (shared mode): counts the quads it adds."""

    def __init__(self, native: ox.Store) -> None:
        super().__init__(native)
        self.added = 0

    def _added(self, quads: list[ox.Quad]) -> None:
        self.added += len(quads)


def _size(store: Store, graphs: Sequence[URIRef]) -> int:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return int(store.query(count, graphs=graphs).rows[0][0])  # type: ignore[arg-type]
