"""The whole corpus round-trips, and BuildKit's own parser tests pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.syntax import (
    Dockerfile,
    Instruction,
    PositionIndex,
    dump_buildkit,
    parse,
    positions,
)
from dlint_dockerfile.syntax.nodes import ExecForm, Flag, Keyword, ShellForm
from tests.conftest import CORPUS, corpus_files, read_text

ALL_FILES = corpus_files()
POSITIVE = sorted((CORPUS / "buildkit-parser" / "testfiles").iterdir())
NEGATIVE = sorted((CORPUS / "buildkit-parser" / "testfiles-negative").iterdir())


def all_issues(tree: Dockerfile) -> list[str]:
    return [issue.message for _, issue in tree.all_issues()]


def test_corpus_is_large() -> None:
    assert len(ALL_FILES) > 700
    assert len(POSITIVE) >= 30


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_round_trip(path: Path) -> None:
    text = read_text(path)
    tree = parse(text)
    assert tree.code == text
    # every node's span is consistent: children tile their parent exactly
    index = PositionIndex(tree)
    for node in tree.walk():
        start, end = index.span(node)
        assert text[start:end] == node.code or node is tree


def test_compact_spans_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Big trees keep the spans of the nodes inside instructions in sorted arrays: every
    corpus file, indexed that way, gives every node the span the dictionary gives it."""
    trees = [parse(read_text(path)) for path in ALL_FILES]
    plain = [PositionIndex(tree) for tree in trees]
    monkeypatch.setattr(positions, "COMPACT_AFTER", 0)
    compact = [PositionIndex(tree) for tree in trees]
    assert sum(len(index._ids) for index in compact) > 40_000
    assert not any(len(index._ids) for index in plain)
    for tree, want, got in zip(trees, plain, compact, strict=True):
        for node in tree.walk():
            assert got.span(node) == want.span(node), (tree.code[:80], node)
    stranger = parse("FROM alpine\nRUN true\n").instructions[1].parts[-1]
    for index in (plain[0], compact[0]):
        with pytest.raises(KeyError, match="not a node of this tree"):
            index.span(stranger)


def test_instruction_accessors_match_their_parts() -> None:
    """An instruction's keyword name, flags, exec and shell form and ONBUILD trigger are
    found once when it is made: on every corpus instruction (and trigger), what a walk
    of its parts finds."""
    seen = 0
    for path in ALL_FILES:
        for outer in parse(read_text(path)).instructions:
            for instruction in (outer, outer.inner):
                if instruction is None:
                    continue
                parts = instruction.parts
                keywords = [p for p in parts if isinstance(p, Keyword)]
                assert instruction.name == (keywords[0].raw.upper() if keywords else "")
                assert instruction.flags == tuple(p for p in parts if isinstance(p, Flag))
                flags = instruction.flags
                for name in {f.name for f in flags}:
                    assert instruction.flag(name) is [f for f in flags if f.name == name][-1]
                assert instruction.flag("no-such-flag") is None
                assert instruction.exec_form is next(
                    (p for p in parts if isinstance(p, ExecForm)), None
                )
                assert instruction.shell_form is next(
                    (p for p in parts if isinstance(p, ShellForm)), None
                )
                assert instruction.inner is next(
                    (p for p in parts if isinstance(p, Instruction)), None
                )
                seen += 1
    assert seen > 10_000


@pytest.mark.parametrize("case", POSITIVE, ids=lambda p: p.name)
def test_buildkit_result(case: Path) -> None:
    tree = parse(read_text(case / "Dockerfile"))
    assert dump_buildkit(tree) == (case / "result").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", NEGATIVE, ids=lambda p: p.name)
def test_buildkit_negative_gives_diagnostic(case: Path) -> None:
    text = read_text(case / "Dockerfile")
    tree = parse(text)
    assert tree.code == text
    assert all_issues(tree), "BuildKit rejects this file; dlint must say why"


def test_negative_messages_match_buildkit() -> None:
    messages = {case.name: all_issues(parse(read_text(case / "Dockerfile"))) for case in NEGATIVE}
    assert messages == {
        "empty_dockerfile": ["file with no instructions"],
        "env_no_value": ["ENV must have two arguments"],
        "only_comments": ["file with no instructions"],
        "shykes-nested-json": [
            "when using JSON array syntax, arrays must be comprised of strings only"
        ],
    }
