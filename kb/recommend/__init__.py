"""The typed recommendation API: profile in, ranked treatments with WHY / WHY NOT explanations out.

- :mod:`kb.recommend.model`: the result (with the disclaimer) and its JSON contract
- :mod:`kb.recommend.engine`: :func:`recommend` (profile → case rules → ranking → result)
- :mod:`kb.recommend.assemble`: the result from a case's derivation (explanation trees built on demand)
- renderers: :mod:`kb.explain` (text, Markdown, JSON, DOT, HTML)
"""

from kb.recommend.engine import default_kb, recommend, summarise
from kb.recommend.model import (
    DISCLAIMER,
    Advice,
    Caution,
    Deferred,
    LikelyCause,
    NoCause,
    NotRecommended,
    Ranking,
    RankingPart,
    Recommendation,
    RecommendationResult,
    Term,
    TraceStep,
)

__all__ = [
    "DISCLAIMER",
    "Advice",
    "Caution",
    "Deferred",
    "LikelyCause",
    "NoCause",
    "NotRecommended",
    "Ranking",
    "RankingPart",
    "Recommendation",
    "RecommendationResult",
    "Term",
    "TraceStep",
    "default_kb",
    "recommend",
    "summarise",
]
