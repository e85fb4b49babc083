"""Escaping text for the formats the engine writes by hand: Graphviz DOT strings and Markdown."""

from __future__ import annotations

# What each Markdown context must escape; a backslash is escaped too wherever a reader could see one as an escape.
MARKDOWN_INLINE = "\\*_|<>`[]"  # prose in a pull-request comment: no emphasis, tables, HTML or links
MARKDOWN_EMPHASIS = "|*_"  # explanation text, where a backslash and backquote stay as written
MARKDOWN_QUOTE = "\\*_`"  # a verbatim quote in a block quote
MARKDOWN_CELL = "|"  # a table cell


def dot_string(text: str) -> str:
    """``text`` as a double-quoted DOT string (backslashes, quotes and newlines escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def markdown(text: object, specials: str = MARKDOWN_INLINE, *, one_line: bool = True) -> str:
    """``text`` with each character of ``specials`` backslash-escaped (in one pass); newlines become spaces
    when ``one_line``."""
    out = "".join("\\" + ch if ch in specials else ch for ch in str(text))
    return out.replace("\n", " ") if one_line else out
