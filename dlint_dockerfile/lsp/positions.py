"""Character offsets ↔ LSP positions, in the position encoding agreed with the client.

dlint works on offsets into a Python string (code points). An LSP position is a 0-based
line and a column counted in the negotiated unit: UTF-16 code units (the default), UTF-8
bytes or code points (UTF-32). Lines end at ``\\n``, ``\\r\\n`` or ``\\r``, as the LSP
specification says (dlint's own `LineIndex` splits only at ``\\n``). A byte-order mark the
client sent is a character like any other. Lone surrogates (text decoded with
``surrogateescape``) count one UTF-16 unit and three UTF-8 bytes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Literal

__all__ = ["UTF8", "UTF16", "UTF32", "Encoding", "PositionMap", "units"]

Encoding = Literal["utf-8", "utf-16", "utf-32"]
UTF8: Encoding = "utf-8"
UTF16: Encoding = "utf-16"
UTF32: Encoding = "utf-32"

_BREAK = re.compile(r"\r\n?|\n")


def units(text: str, encoding: Encoding) -> int:
    """The length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text) + sum(1 for ch in text if ch > "\uffff")
    return len(text.encode("utf-8", "surrogatepass"))


def _width(ch: str, encoding: Encoding) -> int:
    code = ord(ch)
    if code < 0x80 or encoding == UTF32:
        return 1
    if encoding == UTF16:
        return 2 if code > 0xFFFF else 1
    if code < 0x800:
        return 2
    return 3 if code < 0x10000 else 4


class PositionMap:
    """Line starts of one text, converting offsets to and from ``(line, character)``."""

    __slots__ = ("_ends", "_starts", "encoding", "text")

    def __init__(self, text: str, encoding: Encoding = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        starts = [0]
        ends: list[int] = []
        if "\r" in text:
            for match in _BREAK.finditer(text):
                ends.append(match.start())
                starts.append(match.end())
        else:
            find = text.find
            pos = find("\n")
            while pos >= 0:
                ends.append(pos)
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
        ends.append(len(text))
        self._starts = starts
        self._ends = ends

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_of(self, offset: int) -> int:
        """The 0-based line holding ``offset`` (a line break belongs to its line)."""
        offset = max(0, min(offset, len(self.text)))
        return bisect_right(self._starts, offset) - 1

    def line_span(self, line: int) -> tuple[int, int]:
        """``[start, end)`` of 0-based ``line``'s content, without its line break."""
        line = max(0, min(line, len(self._starts) - 1))
        return self._starts[line], self._ends[line]

    def position(self, offset: int) -> tuple[int, int]:
        """``(line, character)`` of ``offset``; an offset inside a line break is the line's end."""
        line = self.line_of(offset)
        start, end = self._starts[line], self._ends[line]
        offset = max(start, min(offset, end))
        return line, units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The offset of a client position; past the end of a line is the line's end, past
        the last line is the end of the text."""
        if line < 0:
            return 0
        if line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[line], self._ends[line]
        if character <= 0:
            return start
        text = self.text
        if self.encoding == UTF32 or text[start:end].isascii():
            return min(start + character, end)
        pos = start
        count = 0
        encoding = self.encoding
        while pos < end and count < character:
            count += _width(text[pos], encoding)
            pos += 1
        return pos
