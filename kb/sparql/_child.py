"""Child process of :mod:`kb.sparql.sandbox`: load a dataset, run one query, print the answer as JSON.

Run as a script (``python -I _child.py``) so that it imports only the store library it needs. Reads one JSON
header line then N-Quads on stdin; writes ``READY`` once loaded, then one JSON line with the answer.
"""

from __future__ import annotations

import json
import sys


def _term_json(kind: str, value: str, datatype: str | None = None, lang: str | None = None) -> dict:
    out = {"type": kind, "value": value}
    if lang:
        out["xml:lang"] = lang
    elif datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = datatype
    return out


def _run_oxigraph(header: dict, data: bytes) -> dict:
    import pyoxigraph as ox

    def to_json(term: object) -> dict | None:
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return _term_json("uri", term.value)
        if isinstance(term, ox.BlankNode):
            return _term_json("bnode", term.value)
        return _term_json("literal", term.value, term.datatype.value, term.language)  # type: ignore[attr-defined]

    def from_json(data: dict) -> object:
        if data["type"] == "uri":
            return ox.NamedNode(data["value"])
        if data["type"] == "bnode":
            return ox.BlankNode(data["value"])
        if "xml:lang" in data:
            return ox.Literal(data["value"], language=data["xml:lang"])
        if "datatype" in data:
            return ox.Literal(data["value"], datatype=ox.NamedNode(data["datatype"]))
        return ox.Literal(data["value"])

    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    _ready()
    options: dict = {}
    if header["graphs"] is None:
        options["use_default_graph_as_union"] = True
    else:
        options["default_graph"] = [ox.NamedNode(g) for g in header["graphs"]]
    if header["bindings"]:
        options["substitutions"] = {ox.Variable(k): from_json(v) for k, v in header["bindings"].items()}
    cap = header["max_rows"]
    result = store.query(header["query"], **options)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            if len(rows) >= cap:
                return {"ok": False, "error": "rows"}
            rows.append([to_json(solution[i]) for i in range(len(names))])
        return {"ok": True, "kind": "SELECT", "vars": names, "rows": rows}
    if isinstance(result, ox.QueryBoolean):
        return {"ok": True, "kind": "ASK", "boolean": bool(result)}
    triples = []
    for triple in result:
        if len(triples) >= cap:
            return {"ok": False, "error": "rows"}
        triples.append([to_json(triple.subject), to_json(triple.predicate), to_json(triple.object)])
    return {"ok": True, "kind": "CONSTRUCT", "triples": triples}


def _run_rdflib(header: dict, data: bytes) -> dict:
    from rdflib import BNode, Dataset, Literal, URIRef
    from rdflib.graph import ReadOnlyGraphAggregate
    from rdflib.term import Variable

    def to_json(term: object) -> dict | None:
        if term is None:
            return None
        if isinstance(term, URIRef):
            return _term_json("uri", str(term))
        if isinstance(term, BNode):
            return _term_json("bnode", str(term))
        assert isinstance(term, Literal)
        return _term_json("literal", str(term), str(term.datatype) if term.datatype else None, term.language)

    def from_json(data: dict) -> object:
        if data["type"] == "uri":
            return URIRef(data["value"])
        if data["type"] == "bnode":
            return BNode(data["value"])
        if "xml:lang" in data:
            return Literal(data["value"], lang=data["xml:lang"])
        return Literal(data["value"], datatype=URIRef(data["datatype"]) if "datatype" in data else None)

    dataset = Dataset(default_union=True)
    dataset.parse(data=data, format="nquads")
    _ready()
    present = {
        str(c.identifier) for c in dataset.graphs() if len(c) and str(c.identifier) != "urn:x-rdflib:default"
    }
    if header["graphs"] is None or present <= set(header["graphs"]):
        target = dataset  # the union, with GRAPH patterns working
    else:
        target = ReadOnlyGraphAggregate([dataset.graph(URIRef(g)) for g in header["graphs"]])
    init = {Variable(k): from_json(v) for k, v in header["bindings"].items()}
    result = target.query(header["query"], initBindings=init)
    cap = header["max_rows"]
    if result.type == "ASK":
        return {"ok": True, "kind": "ASK", "boolean": bool(result.askAnswer)}
    if result.type == "SELECT":
        names = [str(v) for v in result.vars or []]
        rows = []
        for row in result:
            if len(rows) >= cap:
                return {"ok": False, "error": "rows"}
            rows.append([to_json(v) for v in row])
        return {"ok": True, "kind": "SELECT", "vars": names, "rows": rows}
    triples = [[to_json(t) for t in triple] for triple in result.graph]  # type: ignore[union-attr]
    if len(triples) > cap:
        return {"ok": False, "error": "rows"}
    return {"ok": True, "kind": "CONSTRUCT", "triples": triples}


def _ready() -> None:
    sys.stdout.write("READY\n")
    sys.stdout.flush()


def main() -> None:
    stdin = sys.stdin.buffer
    header = json.loads(stdin.readline())
    data = stdin.read()
    try:
        runner = _run_rdflib if header["store"] == "rdflib" else _run_oxigraph
        answer = runner(header, data)
    except Exception as exc:
        answer = {"ok": False, "error": "query", "message": f"{type(exc).__name__}: {exc}"}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
