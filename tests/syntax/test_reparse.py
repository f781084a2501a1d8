"""`parse(text, previous)`: instructions taken over from an earlier tree must give exactly
the tree a fresh parse gives, with every node distinct within the tree."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from dlint_dockerfile.syntax import Dockerfile, Node, parse
from tests.conftest import corpus_files, read_text, shared_nodes


def _files() -> list[Path]:
    files = corpus_files("real") + corpus_files("wild")[::5] + corpus_files("buildkit-parser")
    return [p for p in files if p.name != "result" and "dockerignore" not in p.name]


@pytest.fixture
def previous_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only ``previous`` lends instructions (not `parser._instruction_alone`, tested on its
    own)."""
    _no_known_instructions(monkeypatch)


def _no_known_instructions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every instruction is parsed where it is: none is known from an earlier parse."""
    from dlint_dockerfile.syntax import parser

    monkeypatch.setattr(parser, "_instruction_alone", lambda _escape, _own: None)


def _edits(text: str, rng: random.Random) -> list[str]:
    lines = text.splitlines(keepends=True)
    if not lines:
        return ["FROM a\n"]
    k = rng.randrange(len(lines))
    return [
        "".join([*lines[:k], "#" + lines[k], *lines[k + 1 :]]),  # comment a line out
        "".join(lines[:k] + lines[k + 1 :]),  # delete it
        "".join([*lines[:k], lines[k], lines[k], *lines[k + 1 :]]),  # duplicate it
        "".join([*lines[:k], "RUN echo x\\\n", *lines[k:]]),  # continue into the next
        "".join([*lines[:k], lines[k].replace(" ", "  ", 1), *lines[k + 1 :]]),
        "# escape=`\n" + text,  # every instruction reads differently
        text,
    ]


def _distinct(tree: Dockerfile) -> bool:
    return not shared_nodes(tree)


def test_reuse_gives_the_fresh_parse_on_corpus_edits(previous_only: None) -> None:
    rng = random.Random(20261124)
    reused = 0
    for path in _files():
        text = read_text(path)
        before = parse(text)
        for edited in _edits(text, rng):
            again = parse(edited, before)
            assert again == parse(edited), path
            assert again.code == edited
            assert _distinct(again), path
            kept = {id(i.parts) for i in before.instructions}
            reused += sum(1 for i in again.instructions if id(i.parts) in kept)
    assert reused > 10_000


def _reused(before: Dockerfile, after: Dockerfile) -> list[bool]:
    kept = {id(i.parts) for i in before.instructions}
    return [id(i.parts) in kept for i in after.instructions]


def test_only_unchanged_instructions_are_taken_over(previous_only: None) -> None:
    before = parse("FROM a\n# note\nRUN x \\\n  y\nENV A=1\n")
    after = parse("FROM a\nRUN x \\\n  # a comment inside\n  y\nENV A=2\n", before)
    assert _reused(before, after) == [True, False, False]
    after = parse("# new\nFROM a\n\nRUN x \\\n  y\nENV A=1\n", before)
    assert _reused(before, after) == [True, True, True]
    assert [len(i.leading) for i in after.instructions] == [1, 1, 0]


def test_a_repeated_instruction_is_not_shared_within_a_tree(previous_only: None) -> None:
    before = parse("FROM a\nRUN x\n")
    after = parse("FROM a\nRUN x\nRUN x\n", before)
    assert _reused(before, after).count(True) == 2
    assert _distinct(after)


def test_heredoc_instructions_are_taken_over_with_unchanged_bodies(previous_only: None) -> None:
    text = "FROM a\nRUN <<EOF cat <<-END\necho\nEOF\n\tx\n\tEND\nRUN b\n"
    before = parse(text)
    assert _reused(before, parse(text, before)) == [True, True, True]
    changed = text.replace("echo", "echo 2")
    assert _reused(before, parse(changed, before)) == [True, False, True]
    longer = text.replace("\tEND\n", "\tEND2\n")  # unterminated: read up to "RUN b"
    after = parse(longer, before)
    assert after == parse(longer) and _reused(before, after) == [True, False, True]


def test_unterminated_heredocs_and_another_escape_are_parsed_again(previous_only: None) -> None:
    text = "FROM a\nRUN <<EOF\necho\n"
    before = parse(text)
    assert _reused(before, parse(text + "more\n", before)) == [True, False]
    escaped = "# escape=`\nFROM a\n"
    assert _reused(before, parse(escaped, before)) == [False]


def test_a_tree_not_from_the_parser_lends_nothing(previous_only: None) -> None:
    before = parse("FROM a\n")
    rebuilt = before.with_changes(instructions=before.instructions)
    assert _reused(rebuilt, parse("FROM a\n", rebuilt)) == [False]


@pytest.mark.parametrize("text", ["", "\ufeffFROM a\n", "FROM a", "FROM a\r\nRUN b\r\n"])
def test_the_tree_keeps_its_text(text: str) -> None:
    tree = parse(text)
    assert tree.code == text
    assert "".join(n.code for n in tree.children()) == text.removeprefix("\ufeff")
    assert isinstance(tree, Node)


def test_instructions_known_from_other_files_give_the_fresh_parse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [read_text(p) for p in _files()]
    warm = [parse(text) for text in texts] + [parse(text) for text in texts]  # second: known
    _no_known_instructions(monkeypatch)
    for text, tree in zip(texts + texts, warm, strict=True):
        assert tree == parse(text)
        assert tree.code == text and _distinct(tree)
    shared = sum(
        1
        for first, again in zip(warm[: len(texts)], warm[len(texts) :], strict=True)
        for a, b in zip(first.instructions, again.instructions, strict=True)
        if a.parts is b.parts
    )
    assert shared > 0.8 * sum(len(t.instructions) for t in warm[: len(texts)])


def test_known_and_previous_never_share_a_node_twice() -> None:
    before = parse("FROM a\nRUN same\n")
    parse("FROM a\nRUN same\n")  # known now too
    after = parse("FROM a\nRUN same\nRUN same\nRUN same\n", before)
    assert _distinct(after)
    assert after == parse("FROM a\nRUN same\nRUN same\nRUN same\n")


def test_a_line_repeated_in_one_file_is_a_copy_of_the_known_instruction(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second ``RUN x`` of a file cannot take over the first's nodes (one tree never
    holds a node twice): it gets new nodes equal to them, not a parse."""
    from dlint_dockerfile.syntax import parser

    parser._instruction_alone.cache_clear()
    repeated = (
        'FROM a AS b\nENV A=1 B="2 3"\nCMD ["x", "y"]\nONBUILD RUN --mount=type=cache,target=/c '
        'make \\\n    all\nHEALTHCHECK --interval=5s CMD ["true"]\nCOPY --from=b /x /y\n'
    )
    text = "# syntax=docker/dockerfile:1\n" + repeated + "# again\n" + repeated + repeated
    parsed: list[str] = []
    real = parser._Parser._instruction

    def counting(self: parser._Parser, *args: object, **kwargs: object) -> object:
        parsed.append("x")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parser._Parser, "_instruction", counting)
    tree = parse(text)
    assert len(parsed) == 6 and len(tree.instructions) == 18  # the rest are copies
    assert tree.code == text and _distinct(tree)
    _no_known_instructions(monkeypatch)
    assert tree == parse(text)
    first, second = tree.instructions[0], tree.instructions[6]
    assert first.parts == second.parts and first.parts is not second.parts
    assert second.leading[0].raw == "# again\n" and not first.leading
