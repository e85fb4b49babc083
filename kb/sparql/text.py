"""Light lexical work on SPARQL text: the query form, and inlining bindings as a ``VALUES`` block.

Bindings for a remote endpoint are sent as a ``VALUES`` block at the start of the query's top-level
``WHERE`` group, built from rdflib terms with ``.n3()`` (which escapes them); user text is never spliced in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode
from rdflib.term import Node

from kb.errors import QueryError

_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def scan(text: str, *, brackets: bool = False):
    """Yield (index, kind, value) for words and braces (and ``( ) [ ]`` with ``brackets``) outside comments,
    strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c == "<" and (m := _IRI.match(text, i)):
            i = m.end()
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c in "{}" or (brackets and c in "()[]"):
            yield i, c, c
            i += 1
        elif c.isalpha():
            j = i
            while j < n and (text[j].isalnum() or text[j] in "_-:"):
                j += 1
            yield i, "word", text[i:j]
            i = j
        elif c in "?$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            i = j
        else:
            i += 1


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (or UPDATE), from the first keyword after the prologue."""
    for _, kind, value in scan(text):
        if kind == "word":
            word = value.upper()
            if word in _FORMS:
                return word
            if word in _UPDATE_WORDS:
                return "UPDATE"
    raise QueryError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE found")


def where_brace(text: str) -> int:
    """The index of the ``{`` that opens the query's top-level WHERE group."""
    depth, form, saw_where = 0, None, False
    for index, kind, value in scan(text):
        if kind == "word" and depth == 0:
            word = value.upper()
            if form is None and word in _FORMS:
                form = word
            elif word == "WHERE":
                saw_where = True
        elif kind == "{":
            if depth == 0 and not (form == "CONSTRUCT" and not saw_where):
                return index
            depth += 1
        elif kind == "}":
            depth -= 1
            if depth == 0 and form == "CONSTRUCT":
                saw_where = True  # after the template comes the WHERE group (the keyword is optional)
    raise QueryError("cannot find the WHERE clause of the query")


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES (?a ?b) { (term term) }`` built from rdflib terms."""
    names, terms = [], []
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r}")
        if isinstance(term, BNode):
            raise QueryError(f"cannot bind ?{name} to a blank node on a remote endpoint")
        names.append(f"?{name}")
        terms.append(term.n3())
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def inline_bindings(text: str, bindings: Mapping[str, Node] | None) -> str:
    """The query with its bindings as a VALUES block at the start of the top-level WHERE group."""
    if not bindings:
        return text
    at = where_brace(text) + 1
    return f"{text[:at]}\n  {values_block(bindings)}\n{text[at:]}"
