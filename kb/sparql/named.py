"""Named competency questions: ``ontology/queries/NAME.rq`` files with a comment header.

Header lines (before the query)::

    # title: Treatments that act through a mechanism
    # answers: Which treatments work through which mechanism?
    # param: mechanism (IRI, default: any) the mechanism, e.g. pkb:mechanism-collagen-induction
    # graphs: all

A parameter is a plain SPARQL variable of the query (projected, so that every store can bind it). Its value is
turned into an RDF term with rdflib (a CURIE, ``<IRI>``, or a typed literal) and bound at
run time; it is never pasted into the query text. ``default: any`` leaves the variable free, so the
question answers for all values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from kb import paths
from kb.errors import UsageError
from kb.namespaces import ASSERTED_GRAPHS, GRAPH_DERIVED, GRAPH_INFERRED, KB_GRAPHS, PREFIXES, VOCAB

_MAX_FILE_BYTES = 400_000  # a query file (the query text itself is capped by kb.sparql.safety)

PARAM_KINDS = ("IRI", "string", "integer", "decimal", "boolean")

#: ``--graphs`` choices: the default graph of a query is the union of these named graphs.
GRAPH_SETS: dict[str, tuple[URIRef, ...]] = {
    "all": tuple(KB_GRAPHS),
    "asserted": tuple(ASSERTED_GRAPHS),
    "inferred": (GRAPH_INFERRED, GRAPH_DERIVED),
}

_PARAM_RE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[A-Za-z]+)(?:\s*,\s*default:\s*(?P<default>[^)]*))?\)"
    r"\s*(?P<description>.*)$"
)


@dataclass(frozen=True)
class Param:
    """A parameter of a named question: a variable of the query, its kind, default and meaning."""

    name: str
    kind: str
    default: str | None
    description: str


@dataclass
class NamedQuery:
    """One named question: its name (file stem), header and SPARQL text."""

    name: str
    text: str
    path: Path | None = None
    title: str = ""
    answers: str = ""
    graphs: str = "all"
    params: list[Param] = field(default_factory=list)

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def parse_query_text(text: str, name: str, path: Path | None = None) -> NamedQuery:
    """Read the ``# key: value`` header of a query; a file without one is a header-less query."""
    query = NamedQuery(name=name, text=text, path=path)
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").strip().partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "title":
            query.title = value
        elif key == "answers":
            query.answers = value
        elif key == "graphs":
            query.graphs = value
        elif key == "param":
            query.params.append(_parse_param(value, where=str(path or name)))
    return query


def _parse_param(value: str, *, where: str) -> Param:
    match = _PARAM_RE.match(value)
    if not match:
        raise UsageError(
            f"{where}: bad '# param:' line {value!r} (expected: NAME (KIND, default: VALUE) description)"
        )
    kind = match["kind"]
    canonical = {k.lower(): k for k in PARAM_KINDS}.get(kind.lower())
    if canonical is None:
        raise UsageError(
            f"{where}: parameter {match['name']} has unknown kind {kind!r} "
            f"(allowed: {', '.join(PARAM_KINDS)})"
        )
    default = (match["default"] or "").strip()
    return Param(
        match["name"],
        canonical,
        None if default in ("", "any", "none") else default,
        match["description"].strip(),
    )


def queries_dir(ontology_dir: Path | None = None) -> Path:
    """The folder of the named questions."""
    return (ontology_dir or paths.ontology_dir()) / "queries"


def discover(ontology_dir: Path | None = None) -> dict[str, NamedQuery]:
    """Every named question, by name, in name order."""
    directory = queries_dir(ontology_dir)
    return {
        p.stem: parse_query_text(p.read_text(encoding="utf-8"), p.stem, p)
        for p in sorted(directory.glob("*.rq"))
    }


def load_query(name_or_file: str, ontology_dir: Path | None = None) -> NamedQuery:
    """A named question by name, or a query file by path (``-`` is not handled here)."""
    named = discover(ontology_dir)
    if name_or_file in named:
        return named[name_or_file]
    path = Path(name_or_file)
    if path.is_file():
        try:
            with path.open("rb") as fh:
                raw = fh.read(_MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise UsageError(f"{path}: cannot read the query: {exc.strerror or exc}") from None
        if len(raw) > _MAX_FILE_BYTES:
            raise UsageError(f"{path}: the query file is larger than {_MAX_FILE_BYTES // 1000} kB")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UsageError(f"{path}: the query is not UTF-8 text (byte {exc.start})") from None
        return parse_query_text(text, path.stem, path)
    raise UsageError(
        f"no named question or file {name_or_file!r}; named questions: {', '.join(named) or '(none)'}"
    )


def to_term(value: str, kind: str | None = None) -> Node:
    """A parameter value as an RDF term built by rdflib.

    ``kind`` is one of :data:`PARAM_KINDS`; None guesses: ``<IRI>``, a CURIE with a known prefix, or an
    ``http(s):``/``urn:`` IRI gives an IRI; ``true``/``false`` a boolean; a number an integer or
    decimal; anything     else a string.
    """
    text = value.strip()
    if kind is None:
        kind = _guess_kind(text)
    if kind == "IRI":
        return _to_iri(text)
    if kind == "string":
        return Literal(value)
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise UsageError(f"{value!r} is not a boolean (true or false)")
        return Literal(text.lower() == "true", datatype=XSD.boolean)
    if kind == "integer":
        if not re.fullmatch(r"[+-]?\d+", text):
            raise UsageError(f"{value!r} is not an integer")
        return Literal(int(text), datatype=XSD.integer)
    if kind == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise UsageError(f"{value!r} is not a number") from None
        return Literal(number, datatype=XSD.decimal)
    raise UsageError(f"unknown parameter kind {kind!r} (allowed: {', '.join(PARAM_KINDS)})")


def _guess_kind(text: str) -> str:
    if text.startswith("<") and text.endswith(">"):
        return "IRI"
    prefix, sep, _ = text.partition(":")
    if sep and (prefix in PREFIXES or prefix in ("http", "https", "urn")):
        return "IRI"
    if text in ("true", "false"):
        return "boolean"
    if re.fullmatch(r"[+-]?\d+", text):
        return "integer"
    if re.fullmatch(r"[+-]?(\d+\.\d*|\.\d+)", text):
        return "decimal"
    return "string"


def _to_iri(text: str) -> URIRef:
    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    else:
        prefix, sep, _ = text.partition(":")
        if not sep:
            raise UsageError(f"{text!r} is not an IRI (write pkb:name, <https://...> or https://...)")
        iri = VOCAB.expand(text) if prefix in PREFIXES else text
    if not re.fullmatch(r"[^\s<>\"{}|\\^`]+", iri) or ":" not in iri:
        raise UsageError(f"{text!r} is not a valid IRI")
    return URIRef(iri)


def bind_params(query: NamedQuery, given: Mapping[str, str]) -> dict[str, Node]:
    """The bindings for a run: given values (checked against the header) plus header defaults."""
    bindings: dict[str, Node] = {}
    declared = {p.name for p in query.params}
    for name, value in given.items():
        param = query.param(name)
        if query.params and param is None:
            raise UsageError(
                f"{query.name} has no parameter {name!r} (parameters: {', '.join(sorted(declared))})"
            )
        bindings[name] = to_term(value, param.kind if param else None)
    for param in query.params:
        if param.name not in bindings and param.default is not None:
            bindings[param.name] = to_term(param.default, param.kind)
    return bindings


def parse_param_args(items: Sequence[str]) -> dict[str, str]:
    """``name=value`` command-line items as a dict."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name:
            raise UsageError(f"--param wants name=value, got {item!r}")
        out[name] = value
    return out


def graph_set(choice: str) -> tuple[URIRef, ...]:
    """The named graphs of a ``--graphs`` choice (``all``, ``asserted``, ``inferred``)."""
    try:
        return GRAPH_SETS[choice]
    except KeyError:
        raise UsageError(f"unknown graph set {choice!r} (allowed: {', '.join(GRAPH_SETS)})") from None
