"""Escaping for DOT strings and each Markdown context."""

from __future__ import annotations

from kb.escapes import MARKDOWN_CELL, MARKDOWN_EMPHASIS, MARKDOWN_INLINE, MARKDOWN_QUOTE, dot_string, markdown


def test_dot_string_escapes_backslash_quote_and_newline() -> None:
    assert dot_string('a "b"\\c\nd') == '"a \\"b\\"\\\\c\\nd"'


def test_markdown_contexts() -> None:
    text = "a*b_c|d`e\\f<g>[h]\ni"
    assert markdown(text, MARKDOWN_INLINE) == "a\\*b\\_c\\|d\\`e\\\\f\\<g\\>\\[h\\] i"
    assert markdown(text, MARKDOWN_CELL) == "a*b_c\\|d`e\\f<g>[h] i"
    assert markdown(text, MARKDOWN_QUOTE) == "a\\*b\\_c|d\\`e\\\\f<g>[h] i"
    assert markdown(text, MARKDOWN_EMPHASIS, one_line=False) == "a\\*b\\_c\\|d`e\\f<g>[h]\ni"


def test_a_backslash_is_escaped_once() -> None:
    assert markdown("\\*", MARKDOWN_INLINE) == "\\\\\\*"
