"""Shell text with a map back to exact offsets in the Dockerfile.

A script is rarely one contiguous piece of the Dockerfile: BuildKit joins continuation
lines, drops comment lines inside them, appends heredoc bodies, and ``sh -c '...'``
bodies sit inside quotes. `ShellSource` keeps the text the shell receives and, for
every character, the offset in ``tree.code`` it came from.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from dlint_dockerfile._record import record
from dlint_dockerfile.syntax.logical import LogicalText

__all__ = ["ShellSource"]


@record
class ShellSource:
    """Text plus segments: characters ``text_starts[i]..`` come from ``source_starts[i]..``.

    Within a segment characters map one to one; ``source_stops[i]`` is where the
    segment's source text ends (an escape such as ``\\"`` is a one-character segment
    two source characters long).
    """

    text: str
    text_starts: tuple[int, ...]
    source_starts: tuple[int, ...]
    end_offset: int
    source_stops: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if len(self.source_stops) != len(self.source_starts):
            stops = []
            for i, start in enumerate(self.source_starts):
                nxt = self.text_starts[i + 1] if i + 1 < len(self.text_starts) else len(self.text)
                stops.append(start + nxt - self.text_starts[i])
            object.__setattr__(self, "source_stops", tuple(stops))

    @classmethod
    def from_pieces(cls, pieces: Sequence[tuple[str, int]], end_offset: int) -> ShellSource:
        """Join pieces of text, each contiguous in the source from the given offset."""
        texts: list[str] = []
        text_starts: list[int] = []
        source_starts: list[int] = []
        length = 0
        for text, start in pieces:
            if not text:
                continue
            text_starts.append(length)
            source_starts.append(start)
            texts.append(text)
            length += len(text)
        return cls("".join(texts), tuple(text_starts), tuple(source_starts), end_offset)

    @classmethod
    def from_logical(cls, logical: LogicalText, raw_start: int) -> ShellSource:
        """The logical text of a leaf whose raw text starts at ``raw_start``."""
        return cls(
            logical.text,
            logical.logical_starts,
            tuple(raw_start + s for s in logical.raw_starts),
            raw_start + logical.raw_length,
        )

    @classmethod
    def from_spans(
        cls, text: str, spans: Sequence[tuple[int, int]], end_offset: int
    ) -> ShellSource:
        """Text whose character ``i`` came from source ``[spans[i][0], spans[i][1])``."""
        text_starts: list[int] = []
        source_starts: list[int] = []
        stops: list[int] = []
        previous_end = -1
        previous_single = False
        for i, (start, end) in enumerate(spans):
            single = end == start + 1
            if not (single and previous_single and start == previous_end):
                text_starts.append(i)
                source_starts.append(start)
                stops.append(end)
            else:
                stops[-1] = end
            previous_end = end
            previous_single = single
        return cls(text, tuple(text_starts), tuple(source_starts), end_offset, tuple(stops))

    def offset(self, k: int) -> int:
        """Source offset of text position ``k`` (``k == len(text)`` maps past the end)."""
        if not self.text_starts:
            return self.end_offset
        if k >= len(self.text):
            return self.offset(len(self.text) - 1) + 1 if self.text else self.end_offset
        i = bisect_right(self.text_starts, k) - 1
        if i < 0:
            return self.source_starts[0]
        return self.source_starts[i] + (k - self.text_starts[i])

    def end(self, k: int) -> int:
        """Source offset just after the character before text position ``k``."""
        if k <= 0 or not self.text_starts:
            return self.offset(0)
        if k > len(self.text):
            k = len(self.text)
        i = bisect_right(self.text_starts, k - 1) - 1
        segment_end = self.text_starts[i + 1] if i + 1 < len(self.text_starts) else len(self.text)
        if k == segment_end:
            return self.source_stops[i]
        return self.source_starts[i] + (k - self.text_starts[i])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source ``[start, end)`` of the text range ``[start, end)``."""
        if end <= start:
            at = self.offset(start)
            return at, at
        return self.offset(start), self.end(end)
