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
from kb.kb_files import KBFile, content_hash, kb_files, load_file
from kb.namespaces import ASSERTED_GRAPHS, GRAPH_INFERRED, KB_GRAPHS
from kb.reasoning import FALLBACK_WARNING, Classification, classify
from kb.store import Bindings, QueryResult, Store, Triple, make_store

log = logging.getLogger(__name__)
_CACHE_VERSION = b"classification-v4-json"


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

    @property
    def realiser(self) -> str:
        """Who typed the individuals: ``hermit`` (the reasoner, whole KB) or ``sparql`` (:mod:`kb.realise`)."""
        return "sparql" if "SPARQL realiser" in self.classification.reasoner else "hermit"

    def asserted_triples(self) -> list[Triple]:
        """Everything the curators asserted (ontology and facts)."""
        return [t for g in ASSERTED_GRAPHS for t in self.store.triples(g)]


def load_classification(
    files: list[KBFile],
    asserted: list[Triple] | None,
    *,
    reasoner: str = "auto",
    use_cache: bool = True,
    store: Store | None = None,
) -> Classification:
    """Classify with the reasoner, reusing a cached result (JSON, by content hash) for identical KB files.

    With ``store`` (holding the asserted graphs) and no ``asserted`` triples, the large-KB path runs: the
    reasoner classifies the TBox and :func:`kb.realise.realise` types the individuals with SPARQL. Every call whose
    result did not come from HermiT warns (cached or not), so no run without HermiT is silent.
    """
    result = _classification(files, asserted, reasoner=reasoner, use_cache=use_cache, store=store)
    if not result.reasoner.startswith("HermiT"):
        warnings.warn(FALLBACK_WARNING, RuntimeWarning, stacklevel=2)
    return result


def _classification(
    files: list[KBFile], asserted: list[Triple] | None, *, reasoner: str, use_cache: bool, store: Store | None
) -> Classification:
    realiser = b"hermit" if store is None or asserted is not None else b"sparql"
    key = content_hash(files, _CACHE_VERSION, reasoner.encode(), realiser)
    name = f"classification-{key}.json"
    if use_cache:
        cached = _classification_from_data(cache.read(name))
        if cached is not None:
            return cached
    if asserted is None:
        from kb.realise import realise

        assert store is not None
        result = realise(store, reasoner=reasoner)
    else:
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


def _classify_kb(
    files: list[KBFile], store: Store, realiser: str, *, auto: bool, reasoner: str, use_cache: bool
) -> Classification:
    """The classification by the chosen realiser; ``auto`` goes back to HermiT for a TBox the SPARQL realiser
    does not evaluate."""
    from kb.realise import Unsupported

    if realiser == "sparql":
        try:
            return load_classification(files, None, reasoner=reasoner, use_cache=use_cache, store=store)
        except Unsupported as exc:
            if not auto:
                raise ReasonerError(f"the SPARQL realiser cannot type this KB's individuals: {exc}") from None
            log.warning("SPARQL realiser not used (%s); HermiT realises the whole KB", exc)
    asserted = [t for g in ASSERTED_GRAPHS for t in store.triples(g)]
    return load_classification(files, asserted, reasoner=reasoner, use_cache=use_cache)


def load_kb(
    ontology_dir: Path | str | None = None,
    *,
    store: str | Store = "oxigraph",
    reasoner: str = "auto",
    realiser: str = "auto",
    use_cache: bool = True,
    strict: bool = True,
    derive: bool = True,
) -> KnowledgeBase:
    """Load the KB files into a store, classify them with the OWL reasoner, and run the KB-level rules.

    ``realiser`` says who types the individuals: ``hermit`` (the reasoner sees everything), ``sparql`` (the
    reasoner sees the TBox, :mod:`kb.realise` types the individuals) or ``auto`` (``sparql`` above
    :data:`kb.realise.REALISER_THRESHOLD` asserted triples when the TBox allows it). The choice is in
    ``kb.classification.reasoner`` and :attr:`KnowledgeBase.realiser`.
    ``strict`` raises :class:`ReasonerError` if the KB is inconsistent or has unsatisfiable classes.
    """
    from kb.realise import REALISERS, choose_realiser

    if realiser not in REALISERS:
        raise ValueError(f"unknown realiser {realiser!r} (allowed: {', '.join(REALISERS)})")
    directory = Path(ontology_dir) if ontology_dir else paths.ontology_dir()
    files = kb_files(directory)
    target = make_store(store) if isinstance(store, str) else store
    for f in files:
        load_file(target, f)
    chosen = choose_realiser(target, realiser)
    rule_engine = derive and importlib.util.find_spec("kb.rules.engine") is not None
    with ThreadPoolExecutor(max_workers=1) as pool:
        # HermiT runs in a JVM child process; parse the rule files (cached on disk) meanwhile.
        classifying = pool.submit(
            _classify_kb,
            files,
            target,
            chosen,
            auto=realiser == "auto",
            reasoner=reasoner,
            use_cache=use_cache,
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
