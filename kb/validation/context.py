"""What every check shares: the KB files, the asserted graphs in a store, labels, where nodes are defined."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Literal
from rdflib.term import Node

from kb.kb_files import KBFile
from kb.labels import LABEL_QUERY, LabelIndex
from kb.namespaces import ASSERTED_GRAPHS, PREFIXES, VOCAB
from kb.store import OxigraphStore

_PREFIX_LINE = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)
_SUBJECT_AT_START = re.compile(r"^(?:<([^>]+)>|([\w-]*):([\w.-]*[\w-]))(?=[\s;,]|$)")
_TERM = re.compile(r"(?<![\w<\"])(?:<([^>\s]+)>|([A-Za-z][\w-]*|):([\w.-]*[\w-]))")


def display_path(path: Path) -> str:
    """A path relative to the working directory when it is below it, else absolute."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def _expand(match: re.Match[str], prefixes: dict[str, str]) -> str | None:
    if match.group(1):
        return match.group(1)
    return prefixes[match.group(2)] + match.group(3) if match.group(2) in prefixes else None


def _lines(f: KBFile) -> Iterator[tuple[int, str, dict[str, str]]]:
    """The lines of a Turtle file that are not prefix declarations, with the prefixes declared so far."""
    prefixes = dict(PREFIXES)
    for number, line in enumerate(f.data.decode("utf-8", errors="replace").splitlines(), start=1):
        declared = _PREFIX_LINE.match(line)
        if declared:
            prefixes[declared.group(1)] = declared.group(2)
        else:
            yield number, line, prefixes


def locate_subjects(files: list[KBFile]) -> dict[str, tuple[str, int]]:
    """The file and line where each IRI first starts a line (its definition in our Turtle style)."""
    found: dict[str, tuple[str, int]] = {}
    for f in files:
        shown = display_path(f.path)
        for number, line, prefixes in _lines(f):
            match = _SUBJECT_AT_START.match(line)
            iri = _expand(match, prefixes) if match else None
            if iri:
                found.setdefault(iri, (shown, number))
    return found


def locate_mentions(files: list[KBFile]) -> dict[str, tuple[str, int]]:
    """The file and line where each IRI is first mentioned (for terms that are used but not defined)."""
    found: dict[str, tuple[str, int]] = {}
    for f in files:
        shown = display_path(f.path)
        for number, line, prefixes in _lines(f):
            code = line.split(" #", 1)[0] if not line.lstrip().startswith("#") else ""
            for match in _TERM.finditer(code):
                iri = _expand(match, prefixes)
                if iri:
                    found.setdefault(iri, (shown, number))
    return found


def curie(iri: str) -> str:
    """``pkb:x`` for an IRI in a known namespace, else ``<iri>`` (the messages' form of :func:`kb.namespaces.curie`)."""
    return VOCAB.curie(iri, angle=True)


@dataclass
class Context:
    """The KB under validation, loaded once and shared by the checks."""

    ontology_dir: Path
    files: list[KBFile]
    store: OxigraphStore
    sources_dir: Path | None = None
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    mentions: dict[str, tuple[str, int]] = field(default_factory=dict)
    _labels: LabelIndex | None = None

    @property
    def labels(self) -> LabelIndex:
        """The label of every labelled node in the asserted graphs (:mod:`kb.labels` chooses among several)."""
        if self._labels is None:
            rows = self.store.query(LABEL_QUERY, graphs=list(ASSERTED_GRAPHS)).rows
            self._labels = LabelIndex((s, label) for s, label in rows)
        return self._labels

    def label(self, node: Node | str | None) -> str | None:
        """The label of a node, or None."""
        return self.labels.get(node)

    def where(self, node: Node | str | None) -> tuple[str | None, int | None]:
        """Where a node is defined (a line starts with it), else where it is first mentioned."""
        if node is None or isinstance(node, Literal):
            return None, None
        return self.locations.get(str(node)) or self.mentions.get(str(node)) or (None, None)

    def show(self, node: Node | str | None) -> str:
        """A node for a message: ``'label' (pkb:x)`` or the CURIE or the literal."""
        if node is None:
            return "?"
        if isinstance(node, Literal):
            return f'"{node}"'
        if isinstance(node, BNode):
            return "[an anonymous node]"
        text = curie(str(node))
        label = self.label(node)
        return f"'{label}' ({text})" if label else text
