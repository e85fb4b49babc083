"""Looking terms up for browsing: the browse queries by name, term references (label and kind), search."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from kb import paths
from kb.browse.model import TermRef
from kb.labels import PAGE_LABELS
from kb.namespaces import ASSERTED_GRAPHS, GRAPH_DERIVED, GRAPH_INFERRED, PKB, VOCAB, UnknownPrefix

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

# Where a triple comes from: what curators asserted, what the OWL reasoner inferred, what KB rules derived.
ORIGINS: dict[str, tuple[URIRef, ...]] = {
    "asserted": tuple(ASSERTED_GRAPHS),
    "inferred": (GRAPH_INFERRED,),
    "derived": (GRAPH_DERIVED,),
}
_CACHES: weakref.WeakKeyDictionary[KnowledgeBase, dict[str, object]] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
_KIND_ORDER = {"class": 0, "property": 0, "individual": 1}


@cache
def load_query(name: str) -> str:
    """The text of ``ontology/browse/<name>.rq`` (installed with the engine); raises FileNotFoundError if unknown."""
    if not name.replace("_", "").isalnum():
        raise FileNotFoundError(f"no browse query named {name!r}")
    return (paths.browse_queries_dir() / f"{name}.rq").read_text(encoding="utf-8")


def select(
    kb: KnowledgeBase,
    name: str,
    bindings: dict[str, Node] | None = None,
    graphs: Sequence[URIRef] | None = None,
) -> list[dict[str, Node | None]]:
    """Rows of the named browse query, with ``bindings`` bound (never spliced), over ``graphs`` or the KB."""
    if graphs is None:
        return kb.select(load_query(name), bindings)
    return kb.select(load_query(name), bindings, graphs=graphs)


def browse_cache(kb: KnowledgeBase) -> dict[str, object]:
    """What browsing computes once per loaded KB (the KB is read-only), kept as long as the KB lives."""
    with _CACHE_LOCK:
        return _CACHES.setdefault(kb, {})


def term_refs(kb: KnowledgeBase) -> dict[str, TermRef]:
    """Every labelled IRI as a TermRef: its label (:mod:`kb.labels`) and kind from its OWL declaration."""
    cached = browse_cache(kb)
    if "refs" not in cached:
        kinds: dict[str, str] = {}
        for row in select(kb, "kinds"):
            iri, kind = str(row["term"]), str(row["kind"])
            if iri not in kinds or _KIND_ORDER[kind] < _KIND_ORDER[kinds[iri]]:
                kinds[iri] = kind
        cached["refs"] = {
            iri: TermRef(iri, label, kinds.get(iri, "other")) for iri, label in kb.labels.items()
        }
    return cached["refs"]  # type: ignore[return-value]


def ref(kb: KnowledgeBase, node: Node | str | None) -> TermRef | None:
    """The TermRef of an IRI; an unlabelled one is named by a built-in word or its CURIE."""
    if node is None:
        return None
    iri = str(node)
    found = term_refs(kb).get(iri)
    return found if found is not None else TermRef(iri, kb.labels.label(iri, words=PAGE_LABELS), "other")


def terms(kb: KnowledgeBase, kind: str | None = None) -> list[TermRef]:
    """Labelled terms of the KB's own namespace, sorted by label; ``kind`` keeps class/property/individual."""
    found = [
        t for t in term_refs(kb).values() if t.iri.startswith(str(PKB)) and (kind is None or t.kind == kind)
    ]
    return sorted(found, key=lambda t: (t.label.lower(), t.iri))


def find_term(kb: KnowledgeBase, text: str) -> TermRef | None:
    """Resolve a full IRI, a CURIE (``pkb:SkinPore``) or an exact label (case-insensitive) to a term."""
    text = text.strip()
    refs = term_refs(kb)
    if text in refs:
        return refs[text]
    try:
        expanded = VOCAB.expand(text)
    except UnknownPrefix:
        expanded = None
    if expanded in refs:
        return refs[expanded]
    lowered = text.lower()
    for found in refs.values():
        if found.label.lower() == lowered:
            return found
    return None
