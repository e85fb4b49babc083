"""Child process of :mod:`kb.sparql.sandbox` and :mod:`kb.sparql.pool`: load a dataset, then run user queries.

Run as a script (``python -I _child.py``) so that it imports only the store library it needs. Reads one JSON
header line, then ``data_bytes`` bytes of N-Quads on stdin. Once the data is loaded it locks itself down:

- every file descriptor above stderr is closed and ``RLIMIT_NOFILE`` is set to 3 (soft and hard), so the
  process cannot open a socket or a file: a ``SERVICE`` or ``LOAD`` that got past the checks fails with
  "Too many open files" instead of reaching the network (this holds for Oxigraph's Rust HTTP client too);
- ``RLIMIT_AS`` caps its address space at what it uses after loading plus ``memory_mb``.

Then it writes ``READY`` and answers: one query from the header (one-shot), or, with ``"serve": true``, one
JSON request line after another (a worker of the server's pool). Each answer is one JSON line.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable

Runner = Callable[[dict], dict]


def _term_json(kind: str, value: str, datatype: str | None = None, lang: str | None = None) -> dict:
    out = {"type": kind, "value": value}
    if lang:
        out["xml:lang"] = lang
    elif datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = datatype
    return out


def _oxigraph(data: bytes) -> Runner:
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

    def run(request: dict) -> dict:
        options: dict = {}
        if request.get("graphs") is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(g) for g in request["graphs"]]
        if request.get("named_graphs") is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
        if request.get("bindings"):
            options["substitutions"] = {ox.Variable(k): from_json(v) for k, v in request["bindings"].items()}
        cap = request["max_rows"]
        result = store.query(request["query"], **options)
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

    return run


def _rdflib(data: bytes) -> Runner:
    from rdflib import BNode, Dataset, Literal, URIRef
    from rdflib.graph import ReadOnlyGraphAggregate
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    _preload_rdflib()

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
    present = {
        str(c.identifier) for c in dataset.graphs() if len(c) and str(c.identifier) != "urn:x-rdflib:default"
    }

    def run(request: dict) -> dict:
        graphs = request.get("graphs")
        if graphs is None or present <= set(graphs):
            target = dataset  # the union, with GRAPH patterns working
        else:
            target = ReadOnlyGraphAggregate([dataset.graph(URIRef(g)) for g in graphs])
        init = {Variable(k): from_json(v) for k, v in (request.get("bindings") or {}).items()}
        result = target.query(prepareQuery(request["query"]), initBindings=init)
        cap = request["max_rows"]
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

    return run


def _preload_rdflib() -> None:
    """Import what rdflib's query evaluation imports lazily: after the lock-down no file can be opened."""
    import hashlib  # noqa: F401
    import random  # noqa: F401
    import uuid  # noqa: F401

    import rdflib.plugins.sparql.aggregates
    import rdflib.plugins.sparql.evaluate
    import rdflib.plugins.sparql.operators
    import rdflib.plugins.sparql.update  # noqa: F401


def lock_down(memory_mb: int) -> None:
    """No new file descriptors (so no sockets and no files), and an address-space cap."""
    import resource

    os.closerange(3, 1 << 16)
    resource.setrlimit(resource.RLIMIT_NOFILE, (3, 3))
    if memory_mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory_mb * 1024 * 1024,) * 2)


def _address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _answer(run: Runner, request: dict) -> dict:
    try:
        return run(request)
    except MemoryError:
        return {"ok": False, "error": "memory"}
    except OSError as exc:
        if exc.errno == 24 or "Too many open files" in str(exc):
            return {"ok": False, "error": "network"}
        return {"ok": False, "error": "query", "message": f"{type(exc).__name__}: {exc}"}
    except Exception as exc:
        return {"ok": False, "error": "query", "message": f"{type(exc).__name__}: {exc}"}


def _write(line: dict) -> None:
    sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()


def main() -> None:
    stdin = sys.stdin.buffer
    header = json.loads(stdin.readline())
    data = stdin.read(header["data_bytes"])
    run = (_rdflib if header["store"] == "rdflib" else _oxigraph)(data)
    del data
    lock_down(int(header.get("memory_mb", 0)))
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    if not header.get("serve"):
        _write(_answer(run, header))
        return
    for line in stdin:
        _write(_answer(run, json.loads(line)))


if __name__ == "__main__":
    main()
