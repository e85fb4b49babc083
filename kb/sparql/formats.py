"""Result formats: SPARQL 1.1 JSON results (read and written), and the CLI's table/csv/tsv/json/ttl output."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kb.namespaces import PREFIXES, curie
from kb.store import QueryResult

FORMATS = ("table", "csv", "tsv", "json", "ttl")
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def term_to_json(term: Node) -> dict[str, str]:
    """An rdflib term as a SPARQL 1.1 JSON results term."""
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    raise TypeError(f"not an RDF term: {term!r}")


def term_from_json(data: Any) -> Node:
    """A SPARQL 1.1 JSON results term as an rdflib term; raises ValueError if it is malformed."""
    if not isinstance(data, dict) or not isinstance(data.get("value"), str):
        raise ValueError(f"malformed RDF term in JSON results: {data!r}")
    kind, value = data.get("type"), data["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in data:
            return Literal(value, lang=data["xml:lang"])
        datatype = data.get("datatype")
        if datatype in (None, "http://www.w3.org/2001/XMLSchema#string"):
            return Literal(value)
        if datatype == XSD_BOOLEAN and value in ("1", "0"):  # Virtuoso writes true/false as 1/0: same value
            value = "true" if value == "1" else "false"
        return Literal(value, datatype=URIRef(datatype))
    raise ValueError(f"unknown RDF term type in JSON results: {kind!r}")


def result_to_json(result: QueryResult) -> dict[str, Any]:
    """A SELECT or ASK result as a SPARQL 1.1 Query Results JSON document."""
    if result.kind == "ASK":
        return {"head": {}, "boolean": bool(result.boolean)}
    if result.kind != "SELECT":
        raise ValueError(f"a {result.kind} result has no JSON results form; use Turtle")
    bindings = [
        {
            name: term_to_json(value)
            for name, value in zip(result.variables, row, strict=True)
            if value is not None
        }
        for row in result.rows
    ]
    return {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}


def result_from_json(document: Any) -> QueryResult:
    """Parse a SPARQL 1.1 JSON results document (already decoded) into a :class:`QueryResult`.

    Raises ValueError when it is not a complete, well-formed results document.
    """
    if not isinstance(document, dict) or "head" not in document:
        raise ValueError("not a SPARQL JSON results document (no 'head')")
    if "boolean" in document:
        if not isinstance(document["boolean"], bool):
            raise ValueError("ASK result 'boolean' is not true/false")
        return QueryResult("ASK", boolean=document["boolean"])
    names = document["head"].get("vars")
    results = document.get("results")
    if (
        not isinstance(names, list)
        or not isinstance(results, dict)
        or not isinstance(results.get("bindings"), list)
    ):
        raise ValueError("SELECT result without 'head.vars' or 'results.bindings'")
    rows = []
    for binding in results["bindings"]:
        if not isinstance(binding, dict):
            raise ValueError(f"malformed solution: {binding!r}")
        rows.append(tuple(term_from_json(binding[n]) if n in binding else None for n in names))
    return QueryResult("SELECT", [str(n) for n in names], rows)


def compact(term: Node | None) -> str:
    """A short human-readable form: CURIEs for known namespaces, plain literal text."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(str(term), angle=True, sparql=True)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def to_turtle(result: QueryResult) -> str:
    """CONSTRUCT/DESCRIBE triples as Turtle with the KB's prefixes."""
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for triple in result.triples:
        graph.add(triple)
    return graph.serialize(format="turtle")


def render(result: QueryResult, fmt: str = "table") -> str:
    """Render a result in one of :data:`FORMATS`. CONSTRUCT/DESCRIBE results are always Turtle."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (allowed: {', '.join(FORMATS)})")
    if result.kind in ("CONSTRUCT", "DESCRIBE"):
        return to_turtle(result)
    if fmt == "ttl":
        raise ValueError(f"a {result.kind} result has no Turtle form; use table, csv, tsv or json")
    if fmt == "json":
        return json.dumps(result_to_json(result), indent=2, ensure_ascii=False) + "\n"
    if result.kind == "ASK":
        return ("true" if result.boolean else "false") + "\n"
    if fmt == "csv":  # SPARQL 1.1 CSV: plain lexical values
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(
                ["" if v is None else (f"_:{v}" if isinstance(v, BNode) else str(v)) for v in row]
            )
        return buffer.getvalue()
    if fmt == "tsv":  # SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join("" if v is None else v.n3() for v in row) for row in result.rows]
        return "\n".join(lines) + "\n"
    return _table(result)


def _table(result: QueryResult) -> str:
    cells = [[compact(v) for v in row] for row in result.rows]
    widths = [len(v) for v in result.variables]
    for row in cells:
        widths = [max(w, min(len(c), 60)) for w, c in zip(widths, row, strict=True)]

    def line(values: list[str]) -> str:
        return " | ".join(
            (v if len(v) <= 60 else v[:57] + "...").ljust(w) for v, w in zip(values, widths, strict=True)
        )

    out = [line(result.variables), "-+-".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(out) + "\n"
