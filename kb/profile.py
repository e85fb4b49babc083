"""Patient profiles: JSON (or Turtle) to a case graph, checked against the KB's codes and the SHACL shapes.

A profile is refused before any reasoning with a :class:`~kb.errors.ProfileError` whose issues name the
JSON field
and, for coded fields, list the allowed values read from the KB.
"""

from __future__ import annotations

import json
import math
import os
import stat
import sys
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from kb.errors import ProfileError, ProfileIssue, UsageError
from kb.namespaces import CASE_IRI_PREFIX, PKB, sparql_prologue
from kb.profile_contract import ProfileContract, ValueKind, read_contract
from kb.profile_shacl import validate_case
from kb.store import Triple

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

_CODES_QUERY = """
SELECT ?code ?notation ?label ?field WHERE {
  ?code skos:inScheme ?scheme ; skos:notation ?notation .
  ?scheme pkb:jsonField ?field .
  OPTIONAL { ?code rdfs:label ?label }
} ORDER BY ?field ?notation
"""
_PROPERTIES_QUERY = """
SELECT ?property ?field WHERE {
  ?property pkb:jsonField ?field .
  { ?property a owl:ObjectProperty } UNION { ?property a owl:DatatypeProperty }
}
"""


@dataclass(frozen=True)
class CodeTables:
    """The profile vocabulary read from the KB: codes per JSON field, the property of each field, and the
    contract (the fields, what each takes, their titles: :mod:`kb.profile_contract`)."""

    codes: dict[str, dict[str, URIRef]]  # field -> notation -> code IRI
    labels: dict[URIRef, str]
    properties: dict[str, URIRef]  # field -> profile property
    notation_of: dict[URIRef, tuple[str, str]]  # code IRI -> (field, notation)
    contract: ProfileContract

    def allowed(self, name: str) -> list[str]:
        """The allowed notations of a coded field (sorted)."""
        return sorted(self.codes.get(name, {}))


@dataclass
class CaseProfile:
    """A validated profile: its node, its triples (for the case graph) and the JSON it came from."""

    iri: URIRef
    triples: list[Triple]
    data: dict[str, Any] = field(default_factory=dict)


def build_code_tables(kb: KnowledgeBase) -> CodeTables:
    """Read the profile codes of a KB: each JSON field's notations, labels and properties, and the contract."""
    codes: dict[str, dict[str, URIRef]] = {}
    labels: dict[URIRef, str] = {}
    notation_of: dict[URIRef, tuple[str, str]] = {}
    for row in kb.select(sparql_prologue() + _CODES_QUERY):
        name, notation, code = str(row["field"]), str(row["notation"]), row["code"]
        codes.setdefault(name, {})[notation] = code  # type: ignore[assignment]
        notation_of[code] = (name, notation)  # type: ignore[index]
        if row.get("label") is not None:
            labels[code] = str(row["label"])  # type: ignore[index]
    properties = {str(r["field"]): r["property"] for r in kb.select(sparql_prologue() + _PROPERTIES_QUERY)}
    contract = read_contract(kb.profile_shapes, properties, codes)  # type: ignore[arg-type]
    return CodeTables(codes, labels, properties, notation_of, contract)  # type: ignore[arg-type]


def profile_codes(kb: KnowledgeBase) -> dict[str, list[tuple[str, str]]]:
    """For the app's form: each coded JSON field with its (notation, label) pairs, from the KB."""
    tables = kb.code_tables
    return {
        name: [(n, tables.labels.get(iri, n)) for n, iri in sorted(codes.items())]
        for name, codes in sorted(tables.codes.items())
    }


def profile_contract(kb: KnowledgeBase) -> ProfileContract:
    """The profile's fields as the KB defines them: kind, cardinality, required, title (for forms and messages)."""
    return kb.code_tables.contract


MAX_PROFILE_BYTES = 1_000_000


def read_profile_file(path: str | Path) -> dict[str, Any] | Graph:
    """Read a profile from a ``.json`` or Turtle (``.ttl``) file, or from stdin when ``path`` is ``-``.

    :class:`UsageError` (exit 2) when it cannot be read: not a regular file (a FIFO or a device such as
    ``/dev/zero``), over ``MAX_PROFILE_BYTES``, or not UTF-8 text. :class:`ProfileError` (exit 1) when it is not
    valid JSON or Turtle. Stdin is read as Turtle unless it starts with ``{`` (JSON).
    """
    name = str(path)
    try:
        raw = sys.stdin.buffer.read(MAX_PROFILE_BYTES + 1) if name == "-" else _read_regular_file(Path(path))
    except OSError as exc:
        raise UsageError(f"{name}: cannot read the profile: {exc.strerror or exc}") from None
    if len(raw) > MAX_PROFILE_BYTES:
        raise UsageError(f"{name}: the profile is larger than {MAX_PROFILE_BYTES // 1000} kB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{name}: the profile is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise UsageError(f"{name}: the profile is binary data, not JSON or Turtle text")
    text = text.removeprefix("\ufeff")
    turtle = name.endswith((".ttl", ".turtle")) or (name == "-" and not text.lstrip().startswith("{"))
    if turtle:
        graph = Graph()
        try:
            graph.parse(data=text, format="turtle")
        except RecursionError:
            raise ProfileError([ProfileIssue("profile", "is nested too deeply")]) from None
        except Exception as exc:
            detail = " ".join(str(exc).split())[:300]
            raise ProfileError([ProfileIssue("profile", f"is not valid Turtle: {detail}")]) from None
        return graph
    return parse_json_profile(text)


def _read_regular_file(path: Path) -> bytes:
    # O_NONBLOCK: opening a FIFO without a writer must not hang; it is refused below anyway.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "not a regular file")
        return fh.read(MAX_PROFILE_BYTES + 1)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {json.dumps(key)} appears twice")
        out[key] = value
    return out


def parse_json_profile(text: str) -> Any:
    """Parse JSON strictly: no NaN/Infinity, no duplicate keys, bounded nesting; ProfileError otherwise."""
    try:
        return json.loads(text, parse_constant=_no_constant, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise ProfileError([ProfileIssue("profile", f"is not valid JSON: {exc}")]) from None
    except ValueError as exc:
        raise ProfileError([ProfileIssue("profile", f"is not valid JSON: {exc}")]) from None
    except RecursionError:
        raise ProfileError([ProfileIssue("profile", "is nested too deeply")]) from None


def parse_profile(kb: KnowledgeBase, source: Mapping[str, Any] | Graph | CaseProfile) -> CaseProfile:
    """Turn a JSON object or a Turtle graph into a validated :class:`CaseProfile`, or raise ProfileError."""
    if isinstance(source, CaseProfile):
        return source
    tables = kb.code_tables
    data = _from_turtle(source, tables) if isinstance(source, Graph) else source
    if not isinstance(data, Mapping):
        raise ProfileError([ProfileIssue("profile", "must be a JSON object", tables.contract.names)])
    _refuse_broken_text(data)
    iri = URIRef(f"{CASE_IRI_PREFIX}{uuid.uuid4()}:patient")
    triples, issues = _to_triples(iri, data, tables)
    flagged = {i.field for i in issues}
    issues += [i for i in validate_case(kb, triples, tables) if i.field not in flagged]
    if issues:
        order = {name: n for n, name in enumerate(tables.contract.names)}
        raise ProfileError(sorted(issues, key=lambda i: order.get(i.field, -1)))
    return CaseProfile(iri, triples, dict(data))


def _broken(value: Any) -> bool:
    """Text that is not Unicode: a lone surrogate (JSON's and Turtle's ``\\ud800`` escapes can make one)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    return isinstance(value, list) and any(_broken(v) for v in value)


def _refuse_broken_text(data: Mapping[str, Any]) -> None:
    """ProfileError naming every field (or key) whose text is not Unicode, before it reaches a store."""
    issues = [
        ProfileIssue(
            "profile" if _broken(key) else str(key),
            "holds text that is not Unicode (a lone surrogate escape such as \\ud800)",
        )
        for key, value in data.items()
        if _broken(key) or _broken(value)
    ]
    if issues:
        raise ProfileError(issues)


def _literal(value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(Decimal(str(value)), datatype=XSD.decimal)
    return Literal(str(value))


def _to_triples(
    iri: URIRef, data: Mapping[str, Any], tables: CodeTables
) -> tuple[list[Triple], list[ProfileIssue]]:
    issues: list[ProfileIssue] = []
    triples: list[Triple] = [(iri, RDF.type, PKB.PatientProfile)]
    contract = tables.contract
    for key in data:
        if contract.field(key) is None:
            issues.append(ProfileIssue(str(key), "is not a profile field", contract.names))

    def code(name: str, value: Any) -> Node | None:
        allowed = tables.allowed(name)
        if not isinstance(value, str) or value not in tables.codes.get(name, {}):
            issues.append(ProfileIssue(name, f"{json.dumps(value)} is not an allowed value", allowed))
            return None
        return tables.codes[name][value]

    for name in (f.name for f in contract.select(ValueKind.NUMBER)):
        value = data.get(name)
        if value is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            issues.append(ProfileIssue(name, f"{value} is not a finite number"))
            continue
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > 1e6:
            issues.append(ProfileIssue(name, f"{value} is out of range"))
            continue
        triples.append((iri, tables.properties[name], _literal(value)))
    for name in (f.name for f in contract.select(ValueKind.CODE, many=False)):
        if data.get(name) is not None:
            node = code(name, data[name])
            if node is not None:
                triples.append((iri, tables.properties[name], node))
    for name in (f.name for f in contract.select(ValueKind.YES_NO)):
        flag = data.get(name)
        if flag is None:
            continue
        if not isinstance(flag, bool):
            issues.append(ProfileIssue(name, f"{json.dumps(flag)} is not true or false", ("true", "false")))
        elif (node := tables.codes.get(name, {}).get(json.dumps(flag))) is not None:
            triples.append((iri, tables.properties[name], node))
    for name in (f.name for f in contract.select(ValueKind.CODE, many=True)):
        values = data.get(name)
        if values is None:
            continue
        if not isinstance(values, list):
            issues.append(ProfileIssue(name, "must be a list of codes", tables.allowed(name)))
            continue
        for value in values:
            node = code(name, value)
            if node is not None:
                triples.append((iri, tables.properties[name], node))
    return list(dict.fromkeys(triples)), issues


def _from_turtle(graph: Graph, tables: CodeTables) -> dict[str, Any]:
    """A Turtle profile (one pkb:PatientProfile node) read back into the JSON contract."""
    nodes = list(graph.subjects(RDF.type, PKB.PatientProfile))
    if len(nodes) != 1:
        raise ProfileError(
            [ProfileIssue("profile", f"must describe exactly one pkb:PatientProfile, found {len(nodes)}")]
        )
    node = nodes[0]
    data: dict[str, Any] = {}
    contract = tables.contract
    issues: list[ProfileIssue] = []
    for name, prop in tables.properties.items():
        values = list(graph.objects(node, prop))
        if not values:
            continue
        out: list[Any] = []
        for v in values:
            field_ = contract.field(name)
            if isinstance(v, Literal) and field_ is not None and field_.coded:
                issues.append(
                    ProfileIssue(name, f"must be a code IRI of the KB, not the literal {v.n3()}", ())
                )
            elif isinstance(v, Literal):
                out.append(v.toPython() if not isinstance(v.toPython(), Decimal) else float(v.toPython()))
            elif v in tables.notation_of:
                notation = tables.notation_of[v][1]  # type: ignore[index]
                yes_no = field_ is not None and field_.kind is ValueKind.YES_NO
                out.append(notation == "true" if yes_no else notation)
            else:
                out.append(str(v))
        if out:
            many = field_ is not None and field_.coded and field_.many
            data[name] = out if many else (out[0] if len(out) == 1 else out)
    if issues:
        raise ProfileError(issues)
    return data
