"""Lines and columns of a text: `Position`, `Range` and `LineIndex`.

Lines and columns are 1-based; ``offset`` is 0-based. A byte-order mark is part of the
offsets but never of a column. This module needs nothing else of the syntax layer, so
what only reads positions (cached results, output) stays light.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate

from dlint_dockerfile._record import record

__all__ = ["LineIndex", "Position", "Range", "line_ending_at"]


@record
class Position:
    """A point in the source. ``column`` counts code points, ``column_utf16`` UTF-16 units."""

    line: int
    column: int
    offset: int
    column_utf16: int

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"

    def __reduce__(self) -> tuple[type[Position], tuple[int, int, int, int]]:
        return Position, (self.line, self.column, self.offset, self.column_utf16)


@record
class Range:
    """A half-open range ``[start, end)`` of the source."""

    start: Position
    end: Position

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"

    def __reduce__(self) -> tuple[type[Range], tuple[Position, Position]]:
        return Range, (self.start, self.end)


_PLUS_ONE = (1).__add__
#: Line starts kept in a list up to this many lines, in an array beyond.
_LIST_UP_TO = 10_000


class LineIndex:
    """Maps character offsets of one text to lines and columns."""

    __slots__ = ("_bom", "_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # line starts: 0, then one past each "\n" (cumulative line lengths, all in C);
        # a long text's in an array: 8 bytes a line instead of 36 (a pointer and an
        # integer object), a little slower to make and to search
        lines = text.split("\n")
        lines.pop()
        starts = list(accumulate(map(_PLUS_ONE, map(len, lines)), initial=0))
        self._starts: list[int] | array[int] = (
            array("q", starts) if len(starts) > _LIST_UP_TO else starts
        )
        self._bom = 1 if text.startswith("\ufeff") else 0

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[line - 1] + (self._bom if line == 1 else 0)

    def line(self, offset: int) -> int:
        """The 1-based line of ``offset`` (clamped into the text): `position`'s line,
        without the column."""
        return bisect_right(self._starts, max(0, min(offset, len(self.text))))

    def position(self, offset: int) -> Position:
        """The position of ``offset`` (clamped into the text)."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset)
        start = self.line_start(line)
        if offset < start:  # inside the byte-order mark
            offset = start
        prefix = self.text[start:offset]
        astral = sum(1 for ch in prefix if ord(ch) > 0xFFFF) if not prefix.isascii() else 0
        column = offset - start + 1
        return Position(line, column, offset, column + astral)

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def offset(self, line: int, column: int) -> int:
        """The offset of a 1-based line and code-point column."""
        line = max(1, min(line, len(self._starts)))
        return min(self.line_start(line) + column - 1, len(self.text))

    def offset_utf16(self, line: int, column_utf16: int) -> int:
        """The offset of a 1-based line and UTF-16 column (for LSP clients)."""
        line = max(1, min(line, len(self._starts)))
        start = self.line_start(line)
        end = self._starts[line] if line < len(self._starts) else len(self.text)
        units = column_utf16 - 1
        pos = start
        while units > 0 and pos < end:
            units -= 2 if ord(self.text[pos]) > 0xFFFF else 1
            pos += 1
        return pos


def line_ending_at(text: str, near: int = 0) -> str:
    """The line ending of the line at offset ``near`` (the text's first one if that line
    has none; ``"\\n"`` for a text without line breaks)."""
    end = text.find("\n", near)
    if end < 0:
        end = text.find("\n")
    if end < 0:
        return "\n"
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"
