"""Checks shared by the tests of the fix loop (the corpus run and the fuzz harness): does
BuildKit still read the text, and were bytes changed outside the edited ranges."""

from __future__ import annotations

import difflib

import dockerfile

from dlint.lint.diagnostic import Edit
from dlint.lint.fixing import FixOutcome


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
    """The first run of changed lines (1-based, inclusive) of the original that overlaps
    no edited range, or None when every change lies in an edit."""
    text, fixed = outcome.original, outcome.text
    edited = touched(outcome)
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(
        None, text.splitlines(keepends=True), fixed.splitlines(keepends=True), autojunk=False
    )
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        low, high = starts[i1], starts[max(i2, i1 + 1)] if i1 < len(starts) - 1 else starts[-1]
        if not any(a <= high and low <= b for a, b in edited):
            return i1 + 1, i2
    return None
