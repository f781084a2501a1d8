"""BuildKit's word lexer: quoting, escapes, expansion and word spans."""

from __future__ import annotations

import pytest

from dlint_dockerfile.syntax.words import LexError, WordLexer

ENV = {"PWD": "/home", "SHELL": "bash", "EMPTY": "", "PATHX": "/a/b/c.tar.gz"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("hello", "hello"),
        ("he'll'o", "hello"),
        ('he"ll"o', "hello"),
        ("he\\'llo", "he'llo"),
        ("'\\'", "\\"),
        ('"\\""', '"'),
        ('"\\a"', "\\a"),
        ("$PWD", "/home"),
        ("${PWD}", "/home"),
        ("\\$PWD", "$PWD"),
        ("'$PWD'", "$PWD"),
        ('"$PWD"', "/home"),
        ("$PWD/x", "/home/x"),
        ("${XXX:-x}", "x"),
        ("${PWD:-x}", "/home"),
        ("${EMPTY:-x}", "x"),
        ("${EMPTY-x}", ""),
        ("${XXX-x}", "x"),
        ("${XXX:+x}", ""),
        ("${PWD:+x}", "x"),
        ("${EMPTY+x}", "x"),
        ("${EMPTY:+x}", ""),
        ("${PATHX%.*}", "/a/b/c.tar"),
        ("${PATHX%%.*}", "/a/b/c"),
        ("${PATHX#*/}", "a/b/c.tar.gz"),
        ("${PATHX##*/}", "c.tar.gz"),
        ("${PATHX/b/B}", "/a/B/c.tar.gz"),
        ("${PATHX//a/A}", "/A/b/c.tAr.gz"),
        ("$", "$"),
        ("a$", "a$"),
        ("$1", ""),
        ("${XXX:-${PWD}}", "/home"),
    ],
)
def test_expansion(source: str, expected: str) -> None:
    assert WordLexer().process(source, ENV).result == expected


@pytest.mark.parametrize(
    "source",
    ["'open", '"open', "${PWD", "${}", "${:x}", "${EMPTY:?}", "${XXX?no}", "${PWD!x}"],
)
def test_errors(source: str) -> None:
    with pytest.raises(LexError):
        WordLexer().process(source, ENV)


def test_words_and_spans() -> None:
    result = WordLexer().process("a  'b c'd $EMPTY e", ENV)
    assert result.words == ["a", "b cd", "e"]
    assert result.spans == [(0, 1), (3, 9), (17, 18)]


def test_skip_unset_keeps_references() -> None:
    lexer = WordLexer(skip_unset=True)
    assert (
        lexer.process("$NOPE ${NOPE:-x} ${NOPE/a/b}", {}).result == "$NOPE ${NOPE:-x} ${NOPE/a/b}"
    )


def test_raw_quotes_and_escapes() -> None:
    lexer = WordLexer(raw_quotes=True, raw_escapes=True)
    assert lexer.words("'a b' \"c\" d\\ e") == ["'a b'", '"c"', "d\\ e"]


def test_matched_and_unmatched_names() -> None:
    result = WordLexer().process("$PWD ${NOPE:-x}", ENV)
    assert result.matched == {"PWD"}
    assert result.unmatched == {"NOPE"}


def test_backtick_escape() -> None:
    assert WordLexer("`").process("a`$PWD b\\c", ENV).result == "a$PWD b\\c"
