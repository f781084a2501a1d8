"""dlint's parse agrees with BuildKit's Go parser (PyPI ``dockerfile``), file by file.

The ``dockerfile`` 3.4.0 wheel embeds a BuildKit from before moby/buildkit#5107 (July
2024), which read exec form with ``json.Decoder`` and so ignored text after the closing
``]``. BuildKit now uses ``json.Unmarshal``: ``CMD ["a"] # b`` is shell form. dlint follows
current BuildKit; that one known difference is checked explicitly, never skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dockerfile
import pytest

from dlint_dockerfile.syntax import Instruction, PositionIndex, parse
from tests.conftest import CORPUS, corpus_files, read_text
from tests.syntax.test_corpus import all_issues

FILES = [p for p in corpus_files("real") + corpus_files("wild") if "dockerignore" not in p.name]


def _ours(text: str) -> list[tuple[Any, ...]]:
    tree = parse(text)
    index = PositionIndex(tree)
    rows = []
    for ins in tree.instructions:
        start_line = index.lines.position(index.body_start(ins)).line
        end_line = index.lines.position(index.span(ins)[1] - 1).line
        inner = ins.inner
        source: Instruction = inner if inner is not None else ins
        values = source.values
        if source.name in ("ENV", "LABEL"):  # the wheel drops BuildKit's separators
            values = tuple(v for i, v in enumerate(values) if i % 3 != 2)
        rows.append(
            (
                ins.keyword.raw,
                inner.keyword.raw if inner is not None else None,
                start_line,
                end_line,
                tuple(f.value for f in source.flags),
                values,
                tuple((h.name, h.body) for h in ins.heredocs),
            )
        )
    return rows


def _theirs(text: str) -> list[tuple[Any, ...]]:
    return [
        (
            c.cmd,
            c.sub_cmd,
            c.start_line,
            c.end_line,
            c.flags,
            c.value,
            tuple((h.name, h.content) for h in c.heredocs),
        )
        for c in dockerfile.parse_string(text)
    ]


def _is_trailing_json_difference(ours: tuple[Any, ...], theirs: tuple[Any, ...]) -> bool:
    """Old BuildKit read ``["a"] trailing`` as JSON; current BuildKit as shell form."""
    if ours[:5] != theirs[:5] or ours[6:] != theirs[6:] or len(ours[5]) != 1:
        return False
    try:
        value, end = json.JSONDecoder().raw_decode(ours[5][0])
    except ValueError:
        return False
    return end < len(ours[5][0]) and tuple(value) == theirs[5]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_same_parse_as_buildkit(path: Path) -> None:
    text = read_text(path)
    try:
        theirs = _theirs(text)
    except dockerfile.GoParseError:
        assert all_issues(parse(text)), "BuildKit rejects this file; dlint must report it"
        return
    ours = _ours(text)
    assert len(ours) == len(theirs)
    for mine, ref in zip(ours, theirs, strict=True):
        if mine != ref:
            assert _is_trailing_json_difference(mine, ref), (mine, ref)


def test_known_difference_is_exercised() -> None:
    text = 'FROM a\nCMD ["go-wrapper", "run" ] # ["app"]\n'
    ours, theirs = _ours(text), _theirs(text)
    assert ours[1][5] == ('["go-wrapper", "run" ] # ["app"]',)
    assert theirs[1][5] == ("go-wrapper", "run")
    assert _is_trailing_json_difference(ours[1], theirs[1])
