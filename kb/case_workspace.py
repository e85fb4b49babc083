"""Where a consultation reasons: the KB's triples beside the case's, where no other consultation can see them.

Two kinds, chosen per KB:

- **Private** (the embedded pyoxigraph store, up to :data:`PRIVATE_LIMIT` KB triples): a pool of private stores,
  each holding every KB graph copied into one graph. A consultation takes one store from the pool, adds its
  profile to that graph, lets the rules derive into it, and takes its triples out again before it gives the
  store back. Every case query then reads one graph: measured ~1.4x faster than the KB's graphs plus the
  case's (``benchmarks.bench_recommend``). A consultation that fails on the way drops its store.
- **Shared** (other stores, larger KBs): the KB's own store, the case in two named graphs of its own
  (``urn:porekb:case:<uuid>:profile`` and ``...:derived``), dropped when done.

Either way the KB itself is never written, and user SPARQL never sees a case (it reads the KB's own store).
"""

from __future__ import annotations

import queue
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from kb.store import OxigraphStore, Store, Triple, copy_graphs, oxigraph_quads

PRIVATE_LIMIT = (
    200_000  # KB triples; above it a private copy per concurrent consultation costs too much memory
)
GRAPH_CASE_WORLD = URIRef("urn:porekb:case-world")  # a private store's one graph: the KB and one case


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

    def __init__(self, store: Store, kb_graphs: Sequence[URIRef], *, private: bool | None = None) -> None:
        """``private``: None chooses by store and size (above); False always shares the KB's store."""
        self.store = store
        self.kb_graphs = tuple(kb_graphs)
        can = isinstance(store, OxigraphStore)
        self.private = can and (_size(store, self.kb_graphs) <= PRIVATE_LIMIT if private is None else private)
        self._free: queue.SimpleQueue[_RecordingStore] = queue.SimpleQueue()
        self._kb_triples: frozenset[tuple[object, object, object]] | None = None
        if self.private:
            self._free.put(self._new_store())

    def _new_store(self) -> _RecordingStore:
        copy = _RecordingStore()
        copy_graphs(self.store.native, self.kb_graphs, copy.native, GRAPH_CASE_WORLD)  # type: ignore[attr-defined]
        if self._kb_triples is None:
            quads = copy.native.quads_for_pattern(None, None, None, ox.NamedNode(str(GRAPH_CASE_WORLD)))
            self._kb_triples = frozenset((q.subject, q.predicate, q.object) for q in quads)
        return copy

    @contextmanager
    def open(self, profile: Iterable[Triple]) -> Iterator[CaseSpace]:
        """A place for one consultation holding the KB and ``profile``; the case is gone again afterwards.

        A private store is given back with everything the case added taken out again; a consultation that
        raises leaves it half-written, so it is dropped instead.
        """
        if not self.private:
            yield from self._shared(profile)
            return
        try:
            store = self._free.get_nowait()
        except queue.Empty:
            store = self._new_store()
        store.added.clear()
        store.add(GRAPH_CASE_WORLD, profile)
        space = CaseSpace(store, (GRAPH_CASE_WORLD,), GRAPH_CASE_WORLD, (GRAPH_CASE_WORLD,), True)
        yield space  # an exception leaves the store half-written: it is dropped, not given back
        kb = self._kb_triples or frozenset()
        for quad in store.added:
            if (quad.subject, quad.predicate, quad.object) not in kb:  # a triple the KB also holds stays
                store.native.remove(quad)
        store.added.clear()
        self._free.put(store)

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

    def world(self) -> list[Triple]:
        """Every triple of a free private store (tests: after consultations it holds exactly the KB)."""
        store = self._free.get()
        try:
            return store.triples(GRAPH_CASE_WORLD)
        finally:
            self._free.put(store)


class _RecordingStore(OxigraphStore):
    """A private store that keeps the quads added since :attr:`added` was last cleared (the case's triples),
    so they can be taken out again without converting them twice."""

    def __init__(self) -> None:
        super().__init__()
        self.added: list[ox.Quad] = []

    def add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        quads = oxigraph_quads(graph, triples)
        self.native.extend(quads)
        self.added.extend(quads)


def _size(store: Store, graphs: Sequence[URIRef]) -> int:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    return int(store.query(count, graphs=graphs).rows[0][0])  # type: ignore[arg-type]
