"""The formatter's changes as edits: the blocks of lines ``dlint format`` rewrites, for
the DLX922 rule's findings and fixes and the language server's formatting."""

from __future__ import annotations

import difflib

from dlint_dockerfile.format.document import format_text
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.lint.format_options import FormatOptions

__all__ = ["format_edits", "line_edits"]


def format_edits(
    text: str, options: FormatOptions | None = None, *, lines: tuple[int, int] | None = None
) -> list[Edit]:
    """What `format_text` changes in ``text``, one edit per block of changed lines."""
    return line_edits(text, format_text(text, options, lines=lines))


def line_edits(before: str, after: str) -> list[Edit]:
    """Edits turning ``before`` into ``after``, each over whole lines of ``before`` (an
    insertion takes the line above it along, so that every edit covers some text)."""
    if before == after:
        return []
    old, new = _lines(before), _lines(after)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    edits: list[Edit] = []
    # an insertion sits between two equal blocks (`get_opcodes` joins what changes next
    # to each other into one block), so the line it takes along is in no other edit
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 == i2 and i1 > 0:  # a pure insertion: take the line above along
            i1, j1 = i1 - 1, j1 - 1
        elif i1 == i2 and i2 < len(old):  # at the very start: the line below
            i2, j2 = i2 + 1, j2 + 1
        edits.append(Edit(starts[i1], starts[i2], "".join(new[j1:j2])))
    return edits


def _lines(text: str) -> list[str]:
    """``text`` cut after each ``\\n`` (the only line break BuildKit knows)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])
