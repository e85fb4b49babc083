"""The OWL classification of a KB, cached on disk as JSON by the KB files' content hash.

Small KBs: HermiT (or the no-Java fallback) classifies and realises everything. Large KBs: the reasoner
classifies the TBox and :func:`kb.realise.realise` types the individuals with SPARQL.
"""

from __future__ import annotations

import logging
import warnings

from rdflib import URIRef

from kb import cache
from kb.class_definitions import Unsupported
from kb.errors import ReasonerError
from kb.kb_files import KBFile, content_hash
from kb.namespaces import ASSERTED_GRAPHS
from kb.realise import realise
from kb.reasoning import FALLBACK_WARNING, Classification, classify
from kb.store import Store, Triple

log = logging.getLogger(__name__)
_CACHE_VERSION = b"classification-v4-json"


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


def classify_kb(
    files: list[KBFile], store: Store, realiser: str, *, auto: bool, reasoner: str, use_cache: bool
) -> Classification:
    """The classification by the chosen realiser; ``auto`` goes back to HermiT for a TBox the SPARQL realiser
    does not evaluate."""
    if realiser == "sparql":
        try:
            return load_classification(files, None, reasoner=reasoner, use_cache=use_cache, store=store)
        except Unsupported as exc:
            if not auto:
                raise ReasonerError(f"the SPARQL realiser cannot type this KB's individuals: {exc}") from None
            log.warning("SPARQL realiser not used (%s); HermiT realises the whole KB", exc)
    asserted = [t for g in ASSERTED_GRAPHS for t in store.triples(g)]
    return load_classification(files, asserted, reasoner=reasoner, use_cache=use_cache)
