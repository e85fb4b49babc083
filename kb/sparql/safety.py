"""Checks on user-written SPARQL, done before anything runs, on the very text the engine will run.

1. Shape: the text is capped in size, bracket nesting depth and UNION count (a deeply nested or huge query
   can crash a parser or an engine), by a lexical scan that parses nothing.
2. Escapes: SPARQL 1.1 (§19.2) decodes ``\\uXXXX`` and ``\\UXXXXXXXX`` code point escapes in the whole text
   before parsing. rdflib and Oxigraph did not agree on them (rdflib took ``\\U`` with 4 hex digits, so it saw
   a string where Oxigraph saw a comment). They are decoded here exactly once, a malformed escape is refused,
   and the *decoded* text is what gets checked and run: no engine sees an escape again.
3. Meaning: rdflib's parse tree of the decoded text is walked. Refused: updates (INSERT, DELETE, LOAD, CLEAR,
   DROP, ...), ``SERVICE`` (a federated call) and ``FROM`` / ``FROM NAMED`` (which can make a store fetch).

Defence in depth: the process that runs a user query cannot open a socket or a file at all (see
:mod:`kb.sparql._child`), so a check fooled some other way still sends nothing.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kb.errors import QueryError, QueryRefused
from kb.sparql.text import scan

MAX_QUERY_CHARS = 100_000
MAX_NESTING = 64
MAX_UNIONS = 200  # rdflib needs ~10 ms a UNION to parse (measured under load): 2 s at most

_KINDS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_ESCAPE = re.compile(r"\\(u|U)")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_HEX8 = re.compile(r"[0-9A-Fa-f]{8}")
# rdflib's pyparsing grammar is not thread-safe: two threads parsing at once corrupt each other's parse
# ("Param.postParse2() missing 1 required positional argument"), so the server's threads take turns.
_PARSE_LOCK = threading.Lock()


@dataclass(frozen=True)
class SafeQuery:
    """A user query that passed every check: the decoded text to run and its form."""

    text: str
    kind: str


def decode_escapes(text: str) -> str:
    """Decode SPARQL code point escapes once (§19.2); QueryError for a malformed or re-escaping one."""
    out: list[str] = []
    at = 0
    for match in _ESCAPE.finditer(text):
        if match.start() < at:
            continue  # inside an escape already decoded
        width = 4 if match.group(1) == "u" else 8
        digits = (_HEX4 if width == 4 else _HEX8).match(text, match.end())
        if digits is None:
            line = text.count("\n", 0, match.start()) + 1
            raise QueryError(
                f"malformed escape \\{match.group(1)} at line {line}: SPARQL needs exactly {width} hex "
                f"digits after \\{match.group(1)}"
            )
        code = int(digits.group(0), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"escape \\{match.group(1)}{digits.group(0)} is not a Unicode character")
        out.append(text[at : match.start()])
        out.append(chr(code))
        at = digits.end()
    out.append(text[at:])
    decoded = "".join(out)
    if _ESCAPE.search(decoded) and decoded != text:
        raise QueryError("an escape decodes to another \\u or \\U escape: write the character itself")
    return decoded


def check_shape(text: str) -> None:
    """Refuse a query that is too long, too deeply nested or has too many UNIONs (before any parser)."""

    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}")
    depth = unions = 0
    for _, kind, value in scan(text, brackets=True):
        if kind in "{([":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryRefused(f"the query nests brackets more than {MAX_NESTING} deep")
        elif kind in "})]":
            depth = max(0, depth - 1)
        elif kind == "word" and value.upper() == "UNION":
            unions += 1
            if unions > MAX_UNIONS:
                raise QueryRefused(f"the query has more than {MAX_UNIONS} UNIONs")


@functools.lru_cache(maxsize=512)
def prepare_query(sparql: str) -> SafeQuery:
    """Check a user query (shape, escapes, meaning) and return the decoded text to run and its form.

    Raises :class:`QueryRefused` for a hostile shape, an update, ``SERVICE``, ``FROM`` or ``FROM NAMED``,
    and :class:`QueryError` for text that is not SPARQL. Results are cached by text (rdflib's parser is slow
    and single-threaded; a server sees the same queries again and again); refusals are not cached.
    """
    if len(sparql) > MAX_QUERY_CHARS:
        check_shape(sparql)
    text = decode_escapes(sparql)
    check_shape(text)
    try:
        with _PARSE_LOCK:
            parsed = parseQuery(text)
    except ParseException as exc:
        if _is_update(text):
            raise QueryRefused(
                "updates are refused: this is a read-only query interface (INSERT, DELETE, LOAD, CLEAR, "
                "CREATE, DROP, COPY, MOVE and ADD are not allowed)"
            ) from None
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
    except RecursionError:
        raise QueryRefused("the query is too complex to parse (nested or chained too deeply)") from None
    except Exception as exc:  # rdflib raises a few other errors on odd input
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    query = parsed[1]
    if _find(query, "ServiceGraphPattern"):
        raise QueryRefused(
            "SERVICE is refused: a query may not call another SPARQL endpoint "
            "(no request leaves this process)"
        )
    if _find(query, "DatasetClause"):
        raise QueryRefused(
            "FROM and FROM NAMED are refused: choose the graphs with GRAPH <...> inside the query "
            "or with the --graphs option (no document is fetched)"
        )
    return SafeQuery(text, _KINDS.get(query.name, query.name))


def check_query(sparql: str) -> str:
    """Check a user query like :func:`prepare_query`; returns its kind (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    return prepare_query(sparql).kind


def _is_update(sparql: str) -> bool:
    try:
        with _PARSE_LOCK:
            parseUpdate(sparql)
    except Exception:
        return False
    return True


def _children(node: Any) -> list[Any]:
    if isinstance(node, CompValue):
        return list(node.values())
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, list | tuple):
        return list(node)
    if hasattr(node, "asList") and not isinstance(node, str):
        return list(node)
    return []


def _find(node: Any, name: str) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue) and current.name == name:
            return True
        stack.extend(_children(current))
    return False
