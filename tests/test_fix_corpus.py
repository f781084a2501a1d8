"""Fix invariants over every Dockerfile of ../shared/corpus, safe fixes and with unsafe ones:
the result parses with BuildKit's parser, a second run changes nothing, no applicable fix is
left undone, bytes outside the edited ranges are identical, CRLF files stay CRLF."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from dlint_dockerfile.lint.files import is_dockerfile_name
from dlint_dockerfile.lint.fixing import fix_text, is_applicable
from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import LintSettings
from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.syntax import PositionIndex, parse
from tests.conftest import CORPUS, corpus_files, shared_nodes
from tests.fix_invariants import buildkit_parses, changed_outside_edits

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


def test_layers_problems_left_are_still_there() -> None:
    """Every explained leftover names a corpus file (the list does not go stale)."""
    assert all((CORPUS / where).is_file() for where, _ in LAYERS_LEFT)
