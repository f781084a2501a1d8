"""Nodes are told apart by identity (positions are keyed by node), so one tree never
holds a node twice: the position index refuses such a tree, and nothing that builds
trees (the parser taking nodes over, ONBUILD triggers, `Transformer`, ``with_changes``)
makes one."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlint_dockerfile.syntax import (
    Dockerfile,
    Newline,
    PositionIndex,
    Transformer,
    parse,
    parser,
    positions,
)
from tests.conftest import corpus_files, read_text, shared_nodes


@pytest.mark.parametrize("compact", [False, True])
def test_a_tree_holding_an_instruction_twice_is_refused(
    compact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if compact:
        monkeypatch.setattr(positions, "COMPACT_AFTER", 0)
    tree = parse("FROM a\nRUN x\n")
    run = tree.instructions[1]
    twice = Dockerfile("", (), (*tree.instructions, run), ())
    with pytest.raises(ValueError, match="twice in one tree"):
        PositionIndex(twice)


@pytest.mark.parametrize("compact", [False, True])
def test_a_tree_sharing_a_leaf_between_instructions_is_refused(
    compact: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if compact:
        monkeypatch.setattr(positions, "COMPACT_AFTER", 0)
    first, second = parse("FROM a\nRUN x\n").instructions
    shared = Dockerfile("", (), (first, second.with_changes(newline=first.newline)), ())
    assert shared.code == "FROM a\nRUN x\n"
    with pytest.raises(ValueError, match=r"Newline.* twice in one tree"):
        PositionIndex(shared)


def test_a_trigger_placed_as_an_instruction_too_is_refused() -> None:
    tree = parse("FROM a\nONBUILD RUN x\n")
    trigger = tree.instructions[1].inner
    assert trigger is not None
    with pytest.raises(ValueError, match="twice in one tree"):
        PositionIndex(Dockerfile("", (), (*tree.instructions, trigger), ()))


def test_a_transformer_returning_one_node_for_many_places_gives_distinct_nodes() -> None:
    one = Newline("\n")

    class SameNewline(Transformer):
        def leave_Newline(self, original: Newline, updated: Newline) -> Newline:
            return one if updated.raw == "\n" else updated

    text = "FROM a\nONBUILD RUN x\nRUN y\nCMD z\n"
    tree = SameNewline().transform(parse(text))
    assert tree.code == text
    assert shared_nodes(tree) == []
    index = PositionIndex(tree)
    assert [index.span(i) for i in tree.instructions] == [(0, 7), (7, 21), (21, 27), (27, 33)]


def test_with_changes_given_a_node_twice_gives_distinct_nodes() -> None:
    tree = parse("FROM a\nRUN x\n")
    run = tree.instructions[1]
    twice = tree.with_changes(instructions=(*tree.instructions, run))
    assert twice.code == "FROM a\nRUN x\nRUN x\n"
    assert shared_nodes(twice) == []
    assert twice.instructions[2] == run and twice.instructions[2] is not run
    index = PositionIndex(twice)
    assert index.span(twice.instructions[2]) == (13, 19)
    assert index.span(run) == (7, 13)


def test_no_tree_of_the_whole_corpus_holds_a_node_twice() -> None:
    """Every corpus file (real, wild, buildkit-parser) parsed in one process, twice over:
    a third of the instructions are taken over from earlier trees (`parser._instruction_alone`),
    yet every tree holds each node once and the position index accepts it. So does every
    edit-parse of a file with its previous tree."""
    files = corpus_files("real") + corpus_files("wild") + corpus_files("buildkit-parser")
    texts = [read_text(p) for p in files]
    trees = []  # kept: the ids of their parts stay theirs
    for text in texts + texts:
        tree = parse(text)
        assert shared_nodes(tree) == [], text[:80]
        PositionIndex(tree)
        trees.append(tree)
    parts = [id(i.parts) for tree in trees for i in tree.instructions]
    assert len(parts) - len(set(parts)) > len(parts) / 4  # taken over from earlier trees
    for text in texts:
        before = parse(text)
        doubled = parse(text + text.partition("\n")[2], before)
        assert shared_nodes(doubled) == [], text[:80]
        PositionIndex(doubled)


#: Lines that repeat within and across the generated files: continued instructions,
#: comments and blank lines inside continuations, heredocs, ONBUILD, the other escape.
_LINES = [
    "FROM a",
    "FROM a AS b",
    "RUN x",
    "RUN x \\",
    "RUN x `",
    "  && y",
    "  # inside",
    "",
    "# note",
    "# escape=`",
    "RUN <<EOF",
    "RUN <<-EOF cat",
    "EOF",
    "\tEOF",
    "COPY --from=b /x /y",
    "ONBUILD RUN x",
    'CMD ["x", "y"]',
    "ENV A=1 B=2",
    "HEALTHCHECK CMD true",
    "RUN",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(st.sampled_from(_LINES), max_size=12).map("\n".join), min_size=1, max_size=4
    )
)
def test_repeated_lines_never_put_a_node_twice_in_a_tree(texts: list[str]) -> None:
    """Files of repeated lines parsed one after another (each also with the previous
    file's tree): no tree holds a node twice, the position index accepts each, and each
    is the tree parsed with no instruction known from before."""
    previous = None
    for text in texts:
        for tree in (parse(text), parse(text, previous)):
            assert tree.code == text
            assert shared_nodes(tree) == [], text
            PositionIndex(tree)
            with patch.object(parser, "_instruction_alone", lambda _escape, _own: None):
                assert tree == parse(text)
            previous = tree
