"""A term's neighbourhood as Graphviz DOT: the node and edge set is chosen first, then written out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.browse.model import TermDetails
from kb.browse.term_page import term_details
from kb.escapes import dot_string

if TYPE_CHECKING:
    from kb.knowledge_base import KnowledgeBase

_HEADER = (
    "digraph neighbourhood {",
    "  rankdir=LR;",
    '  node [shape=box, style="rounded,filled", fillcolor="#f5f5f5", fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
)
_CENTRE = ', fillcolor="#ffe8a8", penwidth=2'
_LITERAL = ", shape=note"
_MORE = ", shape=plaintext, fillcolor=white"
_INFERRED = ', style=dashed, color="#1f6fb2", fontcolor="#1f6fb2"'


def wrap(text: str, width: int = 28) -> str:
    """Words on lines of at most ``width`` characters (a longer word keeps a line of its own)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Edge:
    """An edge between two node keys, with its label and whether it was inferred or derived."""

    source: str
    target: str
    label: str
    inferred: bool


@dataclass
class Neighbourhood:
    """The nodes (key -> label and DOT attributes, in first-use order) and edges of a term's neighbourhood."""

    centre: str
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def add(self, key: str, label: str, extra: str = "") -> str:
        """Make sure a node exists (the first label given wins); return its key."""
        self.nodes.setdefault(key, (label, extra))
        return key

    def trimmed(self, max_edges: int) -> Neighbourhood:
        """The first ``max_edges`` edges with only the nodes they use, and a note counting the rest."""
        kept = self.edges[:max_edges]
        used = {self.centre} | {e.source for e in kept} | {e.target for e in kept}
        nodes = {k: v for k, v in self.nodes.items() if k in used}
        small = Neighbourhood(self.centre, nodes, list(kept))
        if len(self.edges) > max_edges:
            small.add("more", f"... {len(self.edges) - max_edges} more edges", _MORE)
        return small


def neighbourhood(details: TermDetails) -> Neighbourhood:
    """Every edge of a term page: types as ``is a``, relations out (restrictions as ``property some``) and in."""
    term = details.term
    graph = Neighbourhood(term.iri)
    graph.add(term.iri, term.label, _CENTRE)
    for type_ref, origin in details.types:
        target = graph.add(type_ref.iri, type_ref.label)
        graph.edges.append(Edge(term.iri, target, "is a", origin != "asserted"))
    for rel in details.outgoing:
        label = rel.property.label + (f" {rel.quantifier}" if rel.quantifier else "")
        if rel.other is not None:
            target = graph.add(rel.other.iri, rel.other.label)
        else:
            target = graph.add(f"literal:{rel.property.iri}:{rel.value}", rel.value or "", _LITERAL)
        graph.edges.append(Edge(term.iri, target, label, rel.inferred))
    for rel in details.incoming:
        if rel.other is not None:
            source = graph.add(rel.other.iri, rel.other.label)
            graph.edges.append(Edge(source, term.iri, rel.property.label, rel.inferred))
    return graph


def to_dot(graph: Neighbourhood) -> str:
    """The neighbourhood as a DOT digraph; nodes are named ``n0``, ``n1`` ... in first-use order."""
    ids = {key: f"n{i}" for i, key in enumerate(graph.nodes)}
    lines = list(_HEADER)

    def node(key: str) -> str:
        label, extra = graph.nodes[key]
        return f"  {ids[key]} [label={dot_string(wrap(label))}{extra}];"

    lines += [node(key) for key in graph.nodes if key != "more"]
    for edge in graph.edges:
        style = _INFERRED if edge.inferred else ""
        lines.append(f"  {ids[edge.source]} -> {ids[edge.target]} [label={dot_string(edge.label)}{style}];")
    if "more" in ids:  # the note on what was left out comes last, after the edges it counts
        lines += [node("more"), f"  {ids[graph.centre]} -> {ids['more']} [style=dotted, arrowhead=none];"]
    lines.append("}")
    return "\n".join(lines)


def neighbourhood_dot(kb: KnowledgeBase, iri: str, *, max_edges: int = 40) -> str:
    """The term and its direct neighbours as a Graphviz digraph: types as ``is a`` edges, relations in and out
    labelled by property, restrictions as ``property some``; inferred and derived edges dashed. At most
    ``max_edges`` edges (the rest are counted in a note node)."""
    details = term_details(kb, iri)
    if details is None:
        return "\n".join([*_HEADER, f"  unknown [label={dot_string('unknown term')}];", "}"])
    return to_dot(neighbourhood(details).trimmed(max_edges))
