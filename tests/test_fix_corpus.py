"""Fix invariants over every Dockerfile of ../shared/corpus, safe fixes and with unsafe ones:
the result parses with BuildKit's parser, a second run changes nothing, no applicable fix is
left undone, bytes outside the edited ranges are identical, CRLF files stay CRLF."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from dlint.lint.files import is_dockerfile_name
from dlint.lint.fixing import fix_text, is_applicable
from dlint.lint.registry import default_registry
from dlint.lint.runner import LintSettings
from dlint.model.context import BuildContext
from tests.conftest import corpus_files
from tests.fix_invariants import buildkit_parses, changed_outside_edits

FILES = [
    p
    for p in corpus_files()
    if is_dockerfile_name(p.name)
    or (p.parent.parent.name == "testfiles" and p.name == "Dockerfile")
]


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
    if not outcome.changed:
        return
    # BuildKit still reads it
    if buildkit_parses(text):
        assert buildkit_parses(fixed), "BuildKit cannot parse the fixed file"
    # idempotent
    second = fix_text(fixed, settings, unsafe=unsafe, file_path=path, context=context)
    assert second.text == fixed, "a second --fix changed the file again"
    # bytes outside the edited ranges are untouched: every changed line of the original
    # overlaps an edited range
    outside = changed_outside_edits(outcome)
    assert outside is None, f"lines {outside[0]}-{outside[1]} changed outside every edit"
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
