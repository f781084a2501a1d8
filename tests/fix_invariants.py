"""Checks shared by the tests of the fix loop (the corpus run and the fuzz harness): does
BuildKit still read the text, and were bytes changed outside the edited ranges."""

from __future__ import annotations

from itertools import pairwise

import dockerfile

from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.lint.fixing import FixOutcome


def buildkit_can_read(text: str) -> bool:
    """Whether BuildKit's parser can be asked about ``text``: the binding passes a C
    string (a NUL ends it early) and crashes the process on a lone surrogate."""
    return "\x00" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text)


def buildkit_parses(text: str) -> bool:
    try:
        dockerfile.parse_string(text)
    except dockerfile.GoParseError:
        return False
    return True


def _back(interval: tuple[int, int], edits: list[Edit]) -> tuple[int, int]:
    """An interval of a pass's output mapped into that pass's input."""

    def position(offset: int, is_end: bool) -> int:
        shift = 0
        for edit in sorted(edits, key=lambda e: (e.start, e.end)):
            new_start = edit.start + shift
            new_end = new_start + len(edit.content)
            if offset < new_start or (offset == new_start and not is_end):
                break
            if offset <= new_end:
                return edit.end if is_end else edit.start
            shift += len(edit.content) - (edit.end - edit.start)
        return offset - shift

    return position(interval[0], False), position(interval[1], True)


def touched(outcome: FixOutcome) -> list[tuple[int, int]]:
    """Every edited range, in the original text's coordinates."""
    found: list[tuple[int, int]] = []
    for number, edits in enumerate(outcome.edits):
        for edit in edits:
            interval = (edit.start, edit.end)
            for earlier in reversed(outcome.edits[:number]):
                interval = _back(interval, earlier)
            found.append(interval)
    return found


def changed_outside_edits(outcome: FixOutcome) -> tuple[int, int] | None:
    """The first stretch of the original outside every edited range that the fixed text
    does not keep, as (line, line) 1-based, or None when all of them are kept, in order:
    before the first edit as the start, after the last as the end, between edits found
    one after the other."""
    text, fixed = outcome.original, outcome.text
    merged: list[list[int]] = []
    for start, end in sorted(touched(outcome)):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        return None if text == fixed else (1, text.count("\n") + 1)
    def where(a: int, b: int) -> tuple[int, int]:
        return text.count("\n", 0, a) + 1, text.count("\n", 0, b) + 1

    head, tail = text[: merged[0][0]], text[merged[-1][1] :]
    if not fixed.startswith(head):
        return where(0, merged[0][0])
    if not fixed.endswith(tail) or len(fixed) - len(tail) < len(head):
        return where(merged[-1][1], len(text))
    position = len(head)
    for (_, end), (start, _) in pairwise(merged):
        found = fixed.find(text[end:start], position, len(fixed) - len(tail))
        if found < 0:
            return where(end, start)
        position = found + start - end
    return None
