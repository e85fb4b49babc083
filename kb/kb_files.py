"""Reading the KB's Turtle files, with file:line:column on a syntax error."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef

from kb.errors import TurtleSyntaxError, UsageError
from kb.namespaces import GRAPH_FACTS, GRAPH_ONTOLOGY

if TYPE_CHECKING:
    from kb.store import Store


@dataclass(frozen=True)
class KBFile:
    """One Turtle file of the KB and the named graph it belongs in."""

    path: Path
    graph: URIRef
    data: bytes


def kb_files(ontology_dir: Path) -> list[KBFile]:
    """The ontology (``porekb.ttl``) and every curated fact file (``facts/*.ttl``), in a stable order."""
    main = ontology_dir / "porekb.ttl"
    if not main.is_file():
        raise UsageError(
            f"{main}: the ontology file is missing (is {ontology_dir} a PoreKB ontology folder?)"
        )
    files = [KBFile(main, GRAPH_ONTOLOGY, main.read_bytes())]
    files += [KBFile(p, GRAPH_FACTS, p.read_bytes()) for p in sorted((ontology_dir / "facts").glob("*.ttl"))]
    return files


def require_parts(ontology_dir: Path, parts: tuple[str, ...] = ("rules", "shapes/profile.ttl")) -> None:
    """UsageError naming the parts of the KB folder that reasoning needs and that are missing."""
    missing = [
        part
        for part in parts
        if not ((ontology_dir / part).is_file() or any((ontology_dir / part).glob("*.rq")))
    ]
    if missing:
        raise UsageError(
            f"the KB folder {ontology_dir} is incomplete: {', '.join(missing)} missing "
            "(porekb validate lists what a KB folder needs)"
        )


def check_syntax(file: KBFile) -> None:
    """Parse one file and raise :class:`TurtleSyntaxError` with its line and column if it is not valid Turtle."""
    try:
        for _ in ox.parse(file.data, format=ox.RdfFormat.TURTLE, base_iri=file.path.as_uri()):
            pass
    except SyntaxError as exc:
        raise TurtleSyntaxError(str(file.path), exc.lineno, exc.offset, _clean(str(exc))) from None


def load_file(store: Store, file: KBFile) -> None:
    """Load one file into its named graph of ``store``; :class:`TurtleSyntaxError` with its line and column if
    it is not valid Turtle. pyoxigraph's loader raises the same error as :func:`check_syntax` (and rolls back),
    so a file is parsed once there (at 1e6 triples a separate check pass took a third of the load); other
    stores are checked first."""
    if store.name != "oxigraph":
        check_syntax(file)
        store.load_turtle(file.graph, file.data, base_iri=file.path.as_uri())
        return
    try:
        store.load_turtle(file.graph, file.data, base_iri=file.path.as_uri())
    except SyntaxError as exc:
        raise TurtleSyntaxError(str(file.path), exc.lineno, exc.offset, _clean(str(exc))) from None


def _clean(message: str) -> str:
    return message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message


def content_hash(files: list[KBFile], *extra: bytes) -> str:
    """A hash of the files' names and bytes (keys the reasoner cache)."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.path.name.encode())
        h.update(f.data)
    for e in extra:
        h.update(e)
    return h.hexdigest()[:24]
