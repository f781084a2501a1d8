"""A script's outline: its top-level statements, read from the script's one parse."""

from __future__ import annotations

import pytest

from dlint_dockerfile.shell import script as script_module
from dlint_dockerfile.shell.outline import outline
from dlint_dockerfile.shell.script import Item, parse_script
from dlint_dockerfile.shell.source import ShellSource


def _parsed(text: str, at: int = 0) -> script_module.Script:
    return parse_script(ShellSource.from_pieces([(text, at)], at + len(text)))


@pytest.mark.parametrize(
    ("text", "items", "terminator", "comment"),
    [
        ("a && b || c", [(0, 1, None), (5, 6, "&&"), (10, 11, "||")], None, False),
        ("a; b &", [(0, 1, None), (3, 4, ";")], "&", False),
        ("a\nb | c  # why", [(0, 1, None), (2, 7, "\n")], None, True),
        ("é=1 && ü", [(0, 3, None), (7, 8, "&&")], None, False),
    ],
)
def test_statements_operators_and_what_follows_the_last(
    text: str, items: list[tuple[int, int, str | None]], terminator: str | None, comment: bool
) -> None:
    found = outline(_parsed(text))
    assert found is not None
    assert [(i.start, i.end, i.operator) for i in found.items] == items
    assert (found.terminator, found.trailing_comment) == (terminator, comment)


def test_no_outline_for_a_script_that_does_not_parse() -> None:
    assert outline(_parsed("echo 'unterminated")) is None
    assert outline(_parsed("# only a comment")) is None


def test_the_outline_is_read_from_the_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    script = _parsed("cd /app && make; make install", 40)
    fresh = _parsed("cd /app && make; make install", 90)  # a copy of the first parse

    def no_second_parse() -> None:
        raise AssertionError("the script is parsed again")

    monkeypatch.setattr(script_module, "bash_parser", no_second_parse)
    for found, at in ((outline(script), 40), (outline(fresh), 90)):
        assert found is not None
        assert found.items[1] == Item(11, 15, "&&", "command")
        assert found.start(found.items[2]) == at + 17
