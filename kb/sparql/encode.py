"""``porekb serve``'s answers as SPARQL 1.1 Protocol bodies: content negotiation, and SPARQL results in JSON,
XML, CSV and TSV, graphs in N-Triples or Turtle, from a query worker's JSON answer."""

from __future__ import annotations

import json
from http import HTTPStatus
from xml.sax.saxutils import escape

from rdflib import BNode, Literal, URIRef

from kb.sparql.formats import render, term_from_json
from kb.store import QueryResult

JSON_RESULTS = "application/sparql-results+json"
XML_RESULTS = "application/sparql-results+xml"
_SELECT_TYPES = {
    JSON_RESULTS: "json",
    "application/json": "json",
    XML_RESULTS: "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_TYPES = {"application/n-triples": "nt", "text/turtle": "ttl", "text/plain": "nt"}


def _choose(accept: str, types: dict[str, str], default: str) -> tuple[str, str]:
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    for media in wanted:
        if media in types:
            return media, types[media]
    return default, types[default]


def encode_answer(answer: dict, accept: str) -> tuple[HTTPStatus, str, bytes]:
    """A worker's answer (``kb.sparql._child`` JSON) as status, content type and body, in the format the
    ``Accept`` header asks for (SPARQL results JSON by default; N-Triples for graphs)."""
    if answer["kind"] == "CONSTRUCT":
        media, fmt = _choose(accept, _GRAPH_TYPES, "application/n-triples")
        triples = [tuple(term_from_json(t) for t in triple) for triple in answer["triples"]]
        result = QueryResult("CONSTRUCT", triples=triples)  # type: ignore[arg-type]
        if fmt == "ttl":
            return HTTPStatus.OK, "text/turtle; charset=utf-8", render(result, "ttl").encode()
        lines = "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)
        return HTTPStatus.OK, f"{media}; charset=utf-8", lines.encode()
    media, fmt = _choose(accept, _SELECT_TYPES, JSON_RESULTS)
    if fmt == "json":
        if answer["kind"] == "ASK":
            document: dict = {"head": {}, "boolean": answer["boolean"]}
        else:
            names = answer["vars"]
            bindings = [
                {n: t for n, t in zip(names, row, strict=True) if t is not None} for row in answer["rows"]
            ]
            document = {"head": {"vars": names}, "results": {"bindings": bindings}}
        return HTTPStatus.OK, JSON_RESULTS, json.dumps(document).encode()
    if fmt == "xml":
        return HTTPStatus.OK, XML_RESULTS, _xml(answer).encode()
    if answer["kind"] == "ASK":
        return HTTPStatus.OK, f"{media}; charset=utf-8", (str(answer["boolean"]).lower() + "\n").encode()
    rows = [tuple(None if t is None else term_from_json(t) for t in row) for row in answer["rows"]]
    result = QueryResult("SELECT", answer["vars"], rows)
    return HTTPStatus.OK, f"{media}; charset=utf-8", render(result, fmt).encode()


def _xml(answer: dict) -> str:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if answer["kind"] == "ASK":
        out.append(f"<head/><boolean>{str(answer['boolean']).lower()}</boolean></sparql>")
        return "".join(out)
    out.append("<head>" + "".join(f'<variable name="{escape(n)}"/>' for n in answer["vars"]) + "</head>")
    out.append("<results>")
    for row in answer["rows"]:
        out.append("<result>")
        for name, data in zip(answer["vars"], row, strict=True):
            if data is None:
                continue
            term = term_from_json(data)
            if isinstance(term, URIRef):
                inner = f"<uri>{escape(str(term))}</uri>"
            elif isinstance(term, BNode):
                inner = f"<bnode>{escape(str(term))}</bnode>"
            else:
                assert isinstance(term, Literal)
                attr = (
                    f' xml:lang="{escape(term.language)}"'
                    if term.language
                    else (f' datatype="{escape(str(term.datatype))}"' if term.datatype else "")
                )
                inner = f"<literal{attr}>{escape(str(term))}</literal>"
            out.append(f'<binding name="{escape(name)}">{inner}</binding>')
        out.append("</result>")
    out.append("</results></sparql>")
    return "".join(out)
