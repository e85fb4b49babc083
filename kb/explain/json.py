"""JSON output: the contract of :meth:`RecommendationResult.to_json`."""

from __future__ import annotations

from typing import Any

import orjson

from kb.recommend.model import RecommendationResult


def dumps(document: Any) -> str:
    """Pretty-printed JSON, byte for byte what ``json.dumps(document, indent=2, ensure_ascii=False)`` writes
    (orjson's C encoder: ~10x faster on a result's explanation trees)."""
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")


def render_json(result: RecommendationResult, detail: str = "full") -> str:
    """Pretty-printed JSON (UTF-8 text, keys in contract order); ``detail`` as in
    :meth:`RecommendationResult.to_json`."""
    return dumps(result.to_json(detail)) + "\n"
