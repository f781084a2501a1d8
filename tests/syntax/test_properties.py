"""Property tests: any text parses without raising, round-trips, and tiles exactly.

Generated Dockerfile-like text is also compared with BuildKit's Go parser.
"""

from __future__ import annotations

import json

import dockerfile
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dlint_dockerfile.syntax import Dockerfile, PositionIndex, parse
from dlint_dockerfile.syntax.gotext import lstrip_space, trim_newline
from dlint_dockerfile.syntax.parser import _Parser
from tests.conftest import corpus_files, read_text
from tests.syntax.test_differential import _ours, _theirs

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEEDS = [read_text(p) for p in corpus_files("real")[:60] if "dockerignore" not in p.name]


def check_invariants(text: str) -> Dockerfile:
    tree = parse(text)
    assert tree.code == text
    index = PositionIndex(tree)
    for node in tree.walk():
        start, end = index.span(node)
        if node is not tree:
            assert text[start:end] == node.code
    for ins in tree.instructions:
        for issue in ins.issues:
            assert issue.code != "DLX000", issue.message  # no internal error
            r = index.issue_range(ins, issue)
            assert r.start.offset <= r.end.offset
    return tree


@SETTINGS
@given(st.text())
def test_any_text(text: str) -> None:
    check_invariants(text)


ALPHABET = st.sampled_from(
    [
        *"abcFROMRUNCOPYENV=-\"'[],{}<>\\`#$ \t\r\n\x00\ufeffé😀",
        "FROM ",
        "RUN ",
        "COPY ",
        "ENV ",
        "ONBUILD ",
        "<<EOF",
        "\nEOF\n",
        "--from=",
        "\\\n",
        "# escape=`\n",
    ]
)


@SETTINGS
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_dockerfile_alphabet(text: str) -> None:
    check_invariants(text)


@SETTINGS
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 8), ALPHABET), max_size=6),
)
def test_mutated_corpus(seed: str, edits: list[tuple[int, int, str]]) -> None:
    text = seed
    for pos, cut, insert in edits:
        pos %= len(text) + 1
        text = text[:pos] + insert + text[pos + cut :]
    check_invariants(text)


WORD = st.sampled_from(["a", "b c", "x=y", '"q u"', "'s'", "$V", "${V:-d}", "\\$", "--f", "-", "é"])
ARGS = st.lists(WORD, min_size=0, max_size=4).map(" ".join)
JSON_ARGS = st.lists(st.sampled_from(["a", "b c", "", "é", '"', "\\"]), max_size=3).map(json.dumps)
FLAG = st.sampled_from(
    ["", "--from=x ", "--chown=1:1 ", "--link ", "--mount=type=cache,target=/c ", '--a="b c" ']
)
SEP = st.sampled_from([" ", "\t", " \\\n  ", " \\\n# c\n ", "  "])
KEYWORD = st.sampled_from(
    [
        "FROM",
        "RUN",
        "CMD",
        "COPY",
        "ADD",
        "ENV",
        "LABEL",
        "ARG",
        "EXPOSE",
        "USER",
        "WORKDIR",
        "VOLUME",
        "SHELL",
        "HEALTHCHECK",
        "STOPSIGNAL",
        "ENTRYPOINT",
        "MAINTAINER",
        "run",
        "Copy",
    ]
)


@st.composite
def instruction(draw: st.DrawFn) -> str:
    keyword = draw(KEYWORD)
    args = draw(st.one_of(ARGS, JSON_ARGS))
    return keyword + draw(SEP) + draw(FLAG) + args


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(instruction(), min_size=1, max_size=6),
    st.sampled_from(["\n", "\r\n", "\n\n", "\n# x\n"]),
)
def test_generated_dockerfiles_match_buildkit(lines: list[str], newline: str) -> None:
    text = "FROM base" + newline + newline.join(lines) + newline
    tree = check_invariants(text)
    try:
        theirs = _theirs(text)
    except dockerfile.GoParseError:
        assume(False)
        return
    assume(not any(i.issues for i in tree.instructions))
    assert _ours(text) == theirs


def _own_ends_both_ways(text: str, escape: str) -> None:
    """`_Parser._own_end` (one regular expression) ends every continued line's
    instruction where `_Parser._continuation` (line by line) does."""
    parser = _Parser(text, None)
    parser.escape = escape
    lines = parser._lines()
    for index, (start, end) in enumerate(lines):
        token = lstrip_space(trim_newline(text[start:end]))
        _, continued = parser._trim_continuation(token)
        if not continued:
            continue
        walked = index + 1 + sum(1 for _ in parser._continuation(lines, index + 1, True))
        assert parser._own_end(lines, index, True) == walked, (escape, index, text)


def test_own_lines_end_where_the_continuation_does_in_the_corpus() -> None:
    for path in corpus_files():
        text = read_text(path)
        for escape in ("\\", "`"):
            _own_ends_both_ways(text, escape)


@SETTINGS
@given(
    st.lists(
        st.sampled_from(
            ["\\", "`", " ", "\t", "\r", "\n", "\r\n", "#", "a", "RUN ", "\u2028", "\x85", "\\\\"]
        ),
        max_size=40,
    ).map("".join),
    st.sampled_from(["\\", "`"]),
)
def test_own_lines_end_where_the_continuation_does(text: str, escape: str) -> None:
    _own_ends_both_ways(text, escape)
