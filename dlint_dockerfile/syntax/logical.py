"""The logical text of a token: what BuildKit reads once continuations are joined.

A leaf such as a `ShellForm` may span several physical lines. BuildKit removes each
line continuation (the escape character, trailing blanks and the line ending) and drops
comment and empty lines inside the continuation; what remains is the text a shell
receives. `LogicalText` holds that text together with a map from every logical
character back to its offset in the leaf's ``raw`` text.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from dlint_dockerfile._record import record
from dlint_dockerfile.syntax.gotext import lstrip_space, trim_newline

__all__ = ["LogicalText", "continued_line", "logical_text"]


@record
class LogicalText:
    """Logical text plus segments ``(logical_start, raw_start)`` of contiguous runs."""

    text: str
    logical_starts: tuple[int, ...]
    raw_starts: tuple[int, ...]
    raw_length: int

    def raw_offset(self, k: int) -> int:
        """Offset in the raw text of logical position ``k`` (``k == len(text)`` allowed)."""
        if not self.logical_starts:
            return 0
        if k >= len(self.text):
            if not self.text:
                return self.raw_starts[0]
            return self.raw_offset(len(self.text) - 1) + 1
        i = bisect_right(self.logical_starts, k) - 1
        return self.raw_starts[i] + (k - self.logical_starts[i])

    def raw_end(self, k: int) -> int:
        """Raw offset just after logical character ``k - 1`` (end of a range ending at k)."""
        if k <= 0:
            return self.raw_offset(0)
        return self.raw_offset(k - 1) + 1


def continued_line(line: str, escape: str) -> tuple[str, bool]:
    """A physical line without its continuation (the escape and the blanks after it),
    and whether it had one."""
    stripped = line.rstrip(" \t")
    if not stripped or stripped[-1] != escape:
        return line, False
    if len(stripped) >= 2 and stripped[-2] == escape:
        return line, False
    return stripped[:-1], True


#: Logical texts `logical_text` keeps (the most recently used): image families repeat
#: their RUN blocks, most of them many times.
MADE_KEPT = 256


@lru_cache(maxsize=MADE_KEPT)
def logical_text(raw: str, escape: str = "\\") -> LogicalText:
    """The logical text of a leaf's ``raw`` text that starts on an instruction's line."""
    logical: list[int] = []
    starts: list[int] = []
    pieces: list[str] = []
    length = 0
    pos = 0
    first = True
    continued = True
    while pos < len(raw) and continued:
        nl = raw.find("\n", pos)
        end = nl + 1 if nl >= 0 else len(raw)
        content = trim_newline(raw[pos:end])
        if not first:
            stripped = lstrip_space(content)
            if not stripped or stripped.startswith("#"):
                pos = end
                continue
        segment, continued = continued_line(content, escape)
        if segment:
            logical.append(length)
            starts.append(pos)
            pieces.append(segment)
            length += len(segment)
        first = False
        pos = end
    return LogicalText("".join(pieces), tuple(logical), tuple(starts), len(raw))
