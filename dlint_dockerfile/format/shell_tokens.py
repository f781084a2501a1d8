"""The tokens of a shell script, as tree-sitter-bash reads them.

The formatter moves whitespace only where the shell sees a separator between two tokens,
and its guard compares the token streams of a script before and after: both come from
here.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from dlint_dockerfile.shell.script import bash_parser, byte_to_char

if TYPE_CHECKING:
    from tree_sitter import Node as TSNode

__all__ = ["ShellTokens", "shell_tokens"]

#: Nodes whose inside is text to the shell: whitespace in them is part of a value, so
#: no line break may move there (the leaves are protected anyway).
_WHOLE = frozenset(
    {
        "string",
        "raw_string",
        "ansi_c_string",
        "translated_string",
        "concatenation",
        "expansion",
        "simple_expansion",
        "heredoc_redirect",
        "heredoc_body",
        "comment",
        "regex",
        "extglob_pattern",
    }
)


class ShellTokens:
    """A script's leaf tokens ``(start, end, type)`` in character offsets, and the spans
    inside which whitespace belongs to a value."""

    def __init__(
        self, tokens: tuple[tuple[int, int, str], ...], protected: list[tuple[int, int]]
    ) -> None:
        self.tokens = tokens
        self._starting = {start: kind for start, _end, kind in tokens}
        self._ending = {end: kind for _start, end, kind in tokens}
        # the protected spans merged into disjoint runs, in order, for `separates`
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(protected):
            if ends and start < ends[-1]:
                ends[-1] = max(ends[-1], end)
            else:
                starts.append(start)
                ends.append(end)
        self._starts, self._ends = starts, ends

    def stream(self, text: str) -> tuple[tuple[str, str], ...]:
        """The tokens as ``(type, text)``: what the shell runs, whitespace aside."""
        return tuple((kind, text[start:end]) for start, end, kind in self.tokens)

    def separates(self, start: int, end: int) -> bool:
        """Whether the text between ``start`` and ``end`` (whitespace, possibly none) lies
        between two tokens, inside none: a line break may be put or moved there."""
        k = bisect_left(self._starts, end) - 1  # the last run starting before ``end``
        return k < 0 or self._ends[k] <= start

    def token_at(self, start: int) -> str | None:
        """The type of the token that starts at ``start``."""
        return self._starting.get(start)

    def token_ending_at(self, end: int) -> str | None:
        """The type of the token that ends at ``end``."""
        return self._ending.get(end)


@lru_cache(maxsize=512)
def shell_tokens(text: str) -> ShellTokens | None:
    """The tokens of ``text``; None when tree-sitter-bash finds a syntax error in it (the
    formatter leaves such a script as it is)."""
    data = text.encode("utf-8", "surrogatepass")
    tree = bash_parser().parse(data)
    root = tree.root_node
    if root.has_error:
        return None
    to_char = None if len(data) == len(text) else byte_to_char(text)

    def chars(start: int, end: int) -> tuple[int, int]:
        if to_char is None:
            return start, end
        return to_char[start], to_char[end]

    tokens: list[tuple[int, int, str]] = []
    protected: list[tuple[int, int]] = []
    for node in _walk(root):
        start, end = chars(node.start_byte, node.end_byte)
        if node.child_count == 0:
            if end > start:
                tokens.append((start, end, node.type))
                protected.append((start, end))
        elif node.type in _WHOLE:
            protected.append((start, end))
    return ShellTokens(tuple(tokens), protected)


def _walk(node: TSNode) -> Iterator[TSNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))

