"""Formatting requests: the lines a range asks for, and the edits that format a document.

The formatted text goes back as the formatter's own edits (`format_edits`: one per block of
changed lines, as DLX922 reports them), never one replacement of the whole document: the
editor keeps the cursor, the folds and the undo history of the lines that stay.
"""

from __future__ import annotations

from lsprotocol import types

from dlint_dockerfile.format.edits import format_edits
from dlint_dockerfile.lint.format_options import FormatOptions
from dlint_dockerfile.lsp.convert import text_edits
from dlint_dockerfile.lsp.positions import PositionMap

__all__ = ["formatting_edits", "requested_lines"]


def formatting_edits(
    positions: PositionMap, options: FormatOptions, request: types.Range | None = None
) -> list[types.TextEdit]:
    """The edits formatting the text of ``positions`` (``request``: only the instructions
    that overlap that range); [] when nothing changes."""
    lines = None if request is None else requested_lines(positions, request)
    return text_edits(format_edits(positions.text, options, lines=lines), positions)


def requested_lines(positions: PositionMap, request: types.Range) -> tuple[int, int]:
    """The 1-based, inclusive lines of the text (counted as dlint counts them, at ``\\n``)
    that a client's range covers; a range ending at the start of a line (a selection of
    whole lines) leaves that line out."""
    text = positions.text
    start = positions.offset(request.start.line, request.start.character)
    end = positions.offset(request.end.line, request.end.character)
    start, end = min(start, end), max(start, end)
    if end > start and request.end.character == 0 and request.end.line > request.start.line:
        end -= 1  # the line break ending the last selected line
    first = text.count("\n", 0, start) + 1
    return first, max(first, text.count("\n", 0, end) + 1)
