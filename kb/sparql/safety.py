"""Checks on user-written SPARQL, done on rdflib's parse tree before anything runs.

Refused: updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...), ``SERVICE`` (a federated call to another endpoint)
and ``FROM`` / ``FROM NAMED`` (which can make a store fetch a document from the web). Nothing is sent
anywhere: the text is only parsed.
"""

from __future__ import annotations

from typing import Any

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kb.errors import QueryError, QueryRefused

_KINDS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}


def check_query(sparql: str) -> str:
    """Parse a user query and refuse it if it is unsafe. Returns its kind (SELECT, ASK, CONSTRUCT, DESCRIBE).

    Raises :class:`QueryRefused` for an update, ``SERVICE``, ``FROM`` or ``FROM NAMED``, and
    :class:`QueryError` for text that is not SPARQL.
    """
    try:
        parsed = parseQuery(sparql)
    except ParseException as exc:
        if _is_update(sparql):
            raise QueryRefused(
                "updates are refused: this is a read-only query interface (INSERT, DELETE, LOAD, CLEAR, "
                "CREATE, DROP, COPY, MOVE and ADD are not allowed)"
            ) from None
        raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
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
    return _KINDS.get(query.name, query.name)


def _is_update(sparql: str) -> bool:
    try:
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
