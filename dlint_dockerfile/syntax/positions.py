"""Positions computed from the tree: offsets, lines, columns in code points and UTF-16.

Nothing stores a position by hand. `PositionIndex` walks a tree once, assigning each
node its ``[start, end)`` character offsets in ``tree.code``; `LineIndex` turns an
offset into a line and a column. Lines and columns are 1-based; ``offset`` is 0-based.
A byte-order mark is part of the offsets but never of a column.

Spans are keyed by node identity, so a node that sits twice in one tree would have one
span for two places: the index refuses such a tree (`SharedNodeError`).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

from dlint_dockerfile.syntax.lines import LineIndex, Position, Range, line_ending_at
from dlint_dockerfile.syntax.nodes import Dockerfile, Instruction, Node, SyntaxIssue, Token

__all__ = ["LineIndex", "Position", "PositionIndex", "Range", "SharedNodeError", "line_ending_at"]


#: Above this many nodes inside instructions, their spans go to sorted arrays (16 bytes
#: a node) instead of the dictionary (about 100: a slot and two integer objects). A
#: lookup then costs a binary search; only files of hundreds of kilobytes get there, and
#: the instructions themselves, the most looked up, stay in the dictionary.
COMPACT_AFTER = 50_000


class SharedNodeError(ValueError):
    """A tree holds one node object in two places (its position would be ambiguous)."""

    def __init__(self, node: Node) -> None:
        super().__init__(
            f"{type(node).__name__} {node.code[:40]!r} sits twice in one tree: nodes are told "
            "apart by identity, so put a copy (copy_node) in the second place"
        )
        self.node = node


class PositionIndex:
    """Absolute offsets of every node of one tree, computed in one walk.

    Each span is kept as one integer, ``start << 32 | end`` (a tuple and two integers per
    node cost three times the memory on big files); on big trees the nodes inside
    instructions (and their newlines) keep theirs in two sorted arrays (see `COMPACT_AFTER`).
    """

    __slots__ = ("_count", "_ids", "_packed", "_spans", "lines", "tree")

    def __init__(self, tree: Dockerfile) -> None:
        self.tree = tree
        self._spans: dict[int, int] = {}
        spans = self._spans
        # the nodes inside instructions' parts (and their newlines), apart
        inner: dict[int, int] = {}
        # how many places the walk assigns: one more than there are distinct nodes when a
        # node sits twice (its span overwritten), counted by tuple, not by node
        self._count = 1 + len(tree.directives) + len(tree.instructions) + len(tree.footer)
        pos = len(tree.bom)
        for directive in tree.directives:
            end = pos + len(directive.raw)
            spans[id(directive)] = pos << 32 | end
            pos = end
        for instruction in tree.instructions:
            pos = self._assign_instruction(instruction, pos, inner)
        for line in tree.footer:
            end = pos + len(line.raw)
            spans[id(line)] = pos << 32 | end
            pos = end
        spans[id(tree)] = pos  # start 0
        if self._count != len(spans) + len(inner) or not inner.keys().isdisjoint(spans):
            raise SharedNodeError(_shared_node(tree))
        if len(inner) > COMPACT_AFTER:
            # sorted by id, all in C; the list of ids holds the dictionary's own keys,
            # no new integers (on a 10 MB file, these are a million nodes)
            ids = sorted(inner)
            self._ids = array("Q", ids)
            self._packed = array("Q", map(inner.__getitem__, ids))
            del ids, inner
        else:
            spans.update(inner)
            self._ids = self._packed = array("Q")
        self.lines = LineIndex(tree.code)

    def _assign_instruction(self, node: Instruction, pos: int, inner: dict[int, int]) -> int:
        spans = self._spans
        start = pos
        self._count += len(node.leading) + len(node.heredocs) + 1  # and the newline
        for line in node.leading:
            end = pos + len(line.raw)
            spans[id(line)] = pos << 32 | end
            pos = end
        pos = self._assign_parts(node.parts, pos, inner)
        end = pos + len(node.newline.raw)
        inner[id(node.newline)] = pos << 32 | end
        pos = end
        for heredoc in node.heredocs:
            end = pos + len(heredoc.body) + len(heredoc.terminator)
            spans[id(heredoc)] = pos << 32 | end
            pos = end
        spans[id(node)] = start << 32 | pos
        return pos

    def _assign_parts(self, parts: tuple[Node, ...], pos: int, inner: dict[int, int]) -> int:
        self._count += len(parts)
        for part in parts:
            if isinstance(part, Token):
                end = pos + len(part.raw)
                inner[id(part)] = pos << 32 | end
                pos = end
            elif isinstance(part, Instruction):
                pos = self._assign_instruction(part, pos, inner)
            else:
                start = pos
                pos = self._assign_parts(tuple(part.children()), pos, inner)
                inner[id(part)] = start << 32 | pos
        return pos

    def span(self, node: Node) -> tuple[int, int]:
        """``[start, end)`` offsets of ``node`` in ``tree.code``."""
        key = id(node)
        packed = self._spans.get(key)
        if packed is None:
            ids = self._ids
            at = bisect_left(ids, key)
            if at == len(ids) or ids[at] != key:
                raise KeyError(f"{type(node).__name__} is not a node of this tree")
            packed = self._packed[at]
        return packed >> 32, packed & 0xFFFFFFFF

    def range(self, node: Node) -> Range:
        start, end = self.span(node)
        return self.lines.range(start, end)

    def body_start(self, node: Instruction) -> int:
        """Offset of the instruction's first character after its leading lines."""
        start, _ = self.span(node)
        return start + sum(len(line.raw) for line in node.leading)

    def issue_range(self, owner: Node, issue: SyntaxIssue) -> Range:
        """The absolute range of an issue stored relative to ``owner``."""
        start, _ = self.span(owner)
        if isinstance(owner, Instruction):
            start = self.body_start(owner)
        return self.lines.range(start + issue.start, start + issue.end)


def _shared_node(tree: Dockerfile) -> Node:
    """The first node met twice in a walk of ``tree`` (the tree itself if none is)."""
    seen: set[int] = set()
    for node in tree.walk():
        if id(node) in seen:
            return node
        seen.add(id(node))
    return tree
