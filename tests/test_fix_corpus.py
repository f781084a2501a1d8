"""Fix invariants over every Dockerfile of ../shared/corpus, safe fixes and with unsafe ones:
the result parses with BuildKit's parser, a second run changes nothing, no applicable fix is
left undone, bytes outside the edited ranges are identical, CRLF files stay CRLF."""

from __future__ import annotations

import difflib
from collections import Counter
from functools import cache
from pathlib import Path

import dockerfile
import pytest

from dlint.lint.diagnostic import Edit
from dlint.lint.files import is_dockerfile_name
from dlint.lint.fixing import FixOutcome, fix_text, is_applicable
from dlint.lint.registry import default_registry
from dlint.lint.runner import LintSettings
from dlint.model.context import BuildContext
from dlint.syntax import PositionIndex, parse
from tests.conftest import CORPUS, corpus_files, shared_nodes

FILES = [
    p
    for p in corpus_files()
    if is_dockerfile_name(p.name)
    or (p.parent.parent.name == "testfiles" and p.name == "Dockerfile")
]


#: The layers family: after every fix (unsafe ones too), none of their problems may be
#: left in another shape (a fix that leaves what its rule names, like an `apk update` kept
#: in front of `apk add --no-cache`, would be found again here).
LAYERS_RULES = frozenset({f"DLX3{n:02}" for n in range(1, 13)})
#: The layers findings `--fix --unsafe-fixes` leaves in the corpus beyond those whose fix
#: the rule declines, each with the reason, by corpus-relative path and code.
LAYERS_LEFT = {
    ("wild/21a17d83fef83768c06fd7e1884f6898b0047b5d.Dockerfile", "DLX306"): (
        "the useless `apk update` sits in an `if ...; fi`: it is not removed from a compound"
    ),
}


def _utf8(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None


@cache
def _settings() -> LintSettings:
    """Every rule that has a fix (the others cannot change the text)."""
    registry = default_registry()
    return LintSettings(tuple(r for r in registry.rules if r.fix != "never"), registry=registry)


def _buildkit_parses(text: str) -> bool:
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


def _touched(outcome: FixOutcome) -> list[tuple[int, int]]:
    """Every edited range, in the original text's coordinates."""
    touched: list[tuple[int, int]] = []
    for number, edits in enumerate(outcome.edits):
        for edit in edits:
            interval = (edit.start, edit.end)
            for earlier in reversed(outcome.edits[:number]):
                interval = _back(interval, earlier)
            touched.append(interval)
    return touched


def _check(path: Path, unsafe: bool) -> None:
    text = _utf8(path)
    if text is None:
        pytest.skip("not UTF-8")
    settings = _settings()
    context = BuildContext.for_dockerfile(path)
    outcome = fix_text(text, settings, unsafe=unsafe, file_path=path, context=context)
    fixed = outcome.text
    # no applicable fix left undone (a refused one is reported, not silently dropped)
    refused = {(d.code, d.message) for d in outcome.refused}
    undone = [
        d
        for d in outcome.remaining
        if is_applicable(d, unsafe) and (d.code, d.message) not in refused
    ]
    assert undone == [], f"fixes left undone: {[(d.code, d.message) for d in undone]}"
    where = str(path.relative_to(CORPUS))
    if unsafe and where.startswith(("real/", "wild/")):  # not BuildKit's parser tests
        # a layers problem a fix was offered for is gone after --fix, not left in another
        # shape; problems whose fix the rule declines stay (as many as were declined)
        declined = Counter(
            d.code for d in outcome.initial if d.code in LAYERS_RULES and d.fix is None
        )
        left = Counter(d.code for d in outcome.remaining if d.code in LAYERS_RULES)
        unexplained = {
            (where, code) for code, count in left.items() if count > declined[code]
        }
        assert unexplained <= LAYERS_LEFT.keys(), f"layers problems left: {unexplained}"
    if not outcome.changed:
        return
    # the fixed text parses to a tree holding every node once (the index refuses others)
    tree = parse(fixed)
    assert shared_nodes(tree) == [], "a node sits twice in the fixed file's tree"
    PositionIndex(tree)
    # BuildKit still reads it
    if _buildkit_parses(text):
        assert _buildkit_parses(fixed), "BuildKit cannot parse the fixed file"
    # idempotent
    second = fix_text(fixed, settings, unsafe=unsafe, file_path=path, context=context)
    assert second.text == fixed, "a second --fix changed the file again"
    # bytes outside the edited ranges are untouched: every changed line of the original
    # overlaps an edited range
    touched = _touched(outcome)
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
        assert any(a <= high and low <= b for a, b in touched), (
            f"lines {i1 + 1}-{i2} changed outside every edit"
        )
    # line endings
    if "\r\n" in text and "\n" not in text.replace("\r\n", ""):
        assert "\n" not in fixed.replace("\r\n", ""), "a CRLF file got LF line endings"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_safe_fixes(path: Path) -> None:
    _check(path, unsafe=False)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_unsafe_fixes(path: Path) -> None:
    _check(path, unsafe=True)


def test_corpus_is_there() -> None:
    assert len(FILES) > 700


def test_layers_problems_left_are_still_there() -> None:
    """Every explained leftover names a corpus file (the list does not go stale)."""
    assert all((CORPUS / where).is_file() for where, _ in LAYERS_LEFT)
