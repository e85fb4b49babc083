"""The loaded knowledge base: asserted graphs, the reasoner's classification, and KB-level rule derivations.

Named graphs (the union is the default graph of queries):

- ``graph/ontology``: ``porekb.ttl``; ``graph/facts``: ``facts/*.ttl`` (together: what curators asserted)
- ``graph/inferred``: types and subclass links the OWL reasoner inferred
- ``graph/derived``: triples derived by the KB-level rules (patient-independent), with their justifications
"""

from __future__ import annotations

import importlib.util
import logging
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kb import cache, paths
from kb.errors import ReasonerError
from kb.kb_files import KBFile, check_syntax, content_hash, kb_files
from kb.namespaces import ASSERTED_GRAPHS, GRAPH_INFERRED, KB_GRAPHS
from kb.reasoning import FALLBACK_WARNING, Classification, classify
from kb.store import Bindings, QueryResult, Store, Triple, make_store

log = logging.getLogger(__name__)
_CACHE_VERSION = b"classification-v3-json"


@dataclass
class KnowledgeBase:
    """A PoreKB dataset in a store, ready to be queried and reasoned over. Treat it as read-only and shared."""

    store: Store
    ontology_dir: Path
    files: list[KBFile]
    classification: Classification
    extras: dict[str, object] = field(default_factory=dict)

    def query(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = KB_GRAPHS
    ) -> QueryResult:
        """Run a trusted (engine-owned) query over the KB graphs."""
        return self.store.query(sparql, bindings, graphs=graphs)

    def select(
        self, sparql: str, bindings: Bindings | None = None, *, graphs: Sequence[URIRef] | None = KB_GRAPHS
    ) -> list[dict]:
        """Run a trusted SELECT over the KB graphs; rows as dicts."""
        return self.store.select(sparql, bindings, graphs=graphs)

    def asserted_triples(self) -> list[Triple]:
        """Everything the curators asserted (ontology and facts)."""
        return [t for g in ASSERTED_GRAPHS for t in self.store.triples(g)]


def load_classification(
    files: list[KBFile], asserted: list[Triple], *, reasoner: str = "auto", use_cache: bool = True
) -> Classification:
    """Classify with the reasoner, reusing a cached result (JSON, by content hash) for identical KB files.

    Every call whose result did not come from HermiT warns (cached or not), so no run without HermiT is silent.
    """
    result = _classification(files, asserted, reasoner=reasoner, use_cache=use_cache)
    if result.reasoner != "HermiT":
        warnings.warn(FALLBACK_WARNING, RuntimeWarning, stacklevel=2)
    return result


def _classification(
    files: list[KBFile], asserted: list[Triple], *, reasoner: str, use_cache: bool
) -> Classification:
    key = content_hash(files, _CACHE_VERSION, reasoner.encode())
    name = f"classification-{key}.json"
    if use_cache:
        cached = _classification_from_data(cache.read(name))
        if cached is not None:
            return cached
    result = classify(asserted, reasoner=reasoner)
    if use_cache and result.consistent:
        cache.write(name, _classification_to_data(result))
    return result


def _classification_to_data(result: Classification) -> dict:
    return {
        "reasoner": result.reasoner,
        "consistent": result.consistent,
        "inferred": [[cache.term_to_data(t) for t in triple] for triple in result.inferred],
        "unsatisfiable": [str(c) for c in result.unsatisfiable],
        "warnings": list(result.warnings),
        "explanation": result.explanation,
        "seconds": result.seconds,
    }


def _classification_from_data(data: object) -> Classification | None:
    if not isinstance(data, dict):
        return None
    try:
        inferred = [tuple(cache.term_from_data(t) for t in triple) for triple in data["inferred"]]
        if any(len(t) != 3 for t in inferred):
            return None
        return Classification(
            reasoner=str(data["reasoner"]),
            consistent=bool(data["consistent"]),
            inferred=inferred,  # type: ignore[arg-type]
            unsatisfiable=[URIRef(str(c)) for c in data["unsatisfiable"]],
            warnings=[str(w) for w in data["warnings"]],
            explanation=str(data["explanation"]),
            seconds=float(data["seconds"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def load_kb(
    ontology_dir: Path | str | None = None,
    *,
    store: str | Store = "oxigraph",
    reasoner: str = "auto",
    use_cache: bool = True,
    strict: bool = True,
    derive: bool = True,
) -> KnowledgeBase:
    """Load the KB files into a store, classify them with the OWL reasoner, and run the KB-level rules.

    ``strict`` raises :class:`ReasonerError` if the KB is inconsistent or has unsatisfiable classes.
    """
    directory = Path(ontology_dir) if ontology_dir else paths.ontology_dir()
    files = kb_files(directory)
    target = make_store(store) if isinstance(store, str) else store
    for f in files:
        check_syntax(f)
        target.load_turtle(f.graph, f.data, base_iri=f.path.as_uri())
    asserted = [t for g in ASSERTED_GRAPHS for t in target.triples(g)]
    rule_engine = derive and importlib.util.find_spec("kb.rules.engine") is not None
    with ThreadPoolExecutor(max_workers=1) as pool:
        # HermiT runs in a JVM child process; parse the rule files (cached on disk) meanwhile.
        classifying = pool.submit(
            load_classification, files, asserted, reasoner=reasoner, use_cache=use_cache
        )
        if rule_engine and (directory / "rules").is_dir():
            from kb.rules.parse import load_rules

            load_rules(directory / "rules", use_cache=use_cache)
        result = classifying.result()
    if strict and not result.consistent:
        raise ReasonerError(f"the KB is inconsistent ({result.reasoner}): {result.explanation}")
    if strict and result.unsatisfiable:
        raise ReasonerError("unsatisfiable classes: " + ", ".join(map(str, result.unsatisfiable)))
    target.add(GRAPH_INFERRED, result.inferred)
    kb = KnowledgeBase(target, directory, files, result)
    if rule_engine:
        from kb.rules.engine import derive_kb_level  # local import: the rule engine depends on this module

        derive_kb_level(kb)
    return kb
