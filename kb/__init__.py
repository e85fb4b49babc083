"""PoreKB: an explainable expert system on a formal knowledge graph about enlarged facial pores.

The public API is re-exported lazily from the modules that own it, so that ``import kb`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "KnowledgeBase": "kb.knowledge_base",
    "load_kb": "kb.knowledge_base",
    "PoreKBError": "kb.errors",
    "RecommendationResult": "kb.recommend",
    "profile_codes": "kb.profile",
}


def __getattr__(name: str) -> Any:
    # __version__ is read from the package metadata on first use (importlib.metadata is slow to import)
    if name == "__version__":
        return import_module("kb.version").version()
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kb' has no attribute {name!r}")
    return getattr(import_module(module), name)
