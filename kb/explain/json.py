"""JSON output: the contract of :meth:`RecommendationResult.to_json`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb.recommend import RecommendationResult


def render_json(result: RecommendationResult) -> str:
    """Pretty-printed JSON (UTF-8 text, keys in contract order)."""
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
