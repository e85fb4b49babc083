"""Walking explanation trees for printing, each repeated subtree once: later copies point back to the first.

The same chain ("poor skincare routine is a likely cause ...") sits under many treatments; printed once and
referred to by its number afterwards, the full output stays complete (every quote is reachable) and readable.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kb.explain.tree import ExplanationNode


@dataclass(frozen=True)
class Line:
    """One node to print: its depth, its number when it is printed in full and may be pointed to, or the number
    of the earlier copy it points back to (then its reasons are not printed again)."""

    depth: int
    node: ExplanationNode
    number: int | None = None
    see: int | None = None


class Numbering:
    """Shared across every tree of one output: which subtrees were printed, under which number."""

    def __init__(self) -> None:
        self.first: dict[object, int] = {}
        self._keys: dict[int, object] = {}
        self._held: list[ExplanationNode] = []  # keeps the nodes alive, so ``id`` stays unique

    def key(self, node: ExplanationNode) -> object:
        """A structural key: two subtrees with the same statements, rules, sources and reasons are one."""
        cached = self._keys.get(id(node))
        if cached is not None:
            return cached
        key = (
            node.statement,
            node.rule,
            node.kind,
            tuple((s.document, s.quote) for s in node.sources),
            tuple(self.key(c) for c in node.because),
        )
        self._keys[id(node)] = key
        self._held.append(node)
        return key

    def lines(self, node: ExplanationNode, depth: int = 0) -> Iterator[Line]:
        """The lines of one tree; subtrees (a node with reasons) seen before are a pointer back."""
        if not node.because:
            yield Line(depth, node)
            return
        key = self.key(node)
        if key in self.first:
            yield Line(depth, node, see=self.first[key])
            return
        number = self.first[key] = len(self.first) + 1
        yield Line(depth, node, number=number)
        for child in node.because:
            yield from self.lines(child, depth + 1)
