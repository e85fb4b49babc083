"""What user SPARQL may read: the KB graphs of a store as N-Quads, never a consultation's case graphs.

A recommendation writes each profile into its own named graphs (``urn:porekb:case:<uuid>:...``) of the shared
engine store while the rules run. A snapshot for user queries leaves every such graph out, whatever store it is
taken from, so a query with ``GRAPH ?g`` can never see a patient.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import URIRef

from kb.namespaces import CASE_IRI_PREFIX
from kb.store import OxigraphStore, Store


def is_case_graph(graph: URIRef | str) -> bool:
    """True for a consultation's (patient's) graph, ``urn:porekb:case:*``."""
    return str(graph).startswith(CASE_IRI_PREFIX)


def snapshot_graphs(store: Store) -> list[URIRef]:
    """The named graphs of ``store`` a snapshot holds: all of them except case graphs."""
    return [g for g in store.graph_names() if not is_case_graph(g)]


def kb_snapshot(store: Store) -> bytes:
    """N-Quads of every named graph of ``store`` except the case graphs (see :func:`is_case_graph`)."""
    graphs = snapshot_graphs(store)
    if isinstance(store, OxigraphStore):
        parts = []
        for graph in graphs:
            # N-Triples has one triple per line ending in " .\n" (a newline inside a literal is escaped), so
            # naming the graph before that end turns the graph's dump into N-Quads without parsing it.
            triples = store.native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(graph)))
            parts.append(triples.replace(b" .\n", f" {graph.n3()} .\n".encode()))
        return b"".join(parts)
    lines = [f"{s.n3()} {p.n3()} {o.n3()} {g.n3()} .\n" for g in graphs for s, p, o in store.triples(g)]
    return "".join(lines).encode("utf-8")
