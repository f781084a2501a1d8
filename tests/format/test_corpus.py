"""The formatter on every corpus file: it never raises, never changes what BuildKit reads
(`tests.format_equivalence.difference`), and a second run changes nothing; with the
default options on all of it, with other options on corpus/real."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.format import FormatOptions, format_text
from tests.conftest import CORPUS, corpus_files, read_text
from tests.format_equivalence import difference

FILES = [
    p
    for part in ("real", "wild", "buildkit-parser")
    for p in corpus_files(part)
    if not p.name.endswith(".dockerignore")
]
REAL = [p for p in FILES if p.is_relative_to(CORPUS / "real")]

#: Every option away from its default.
OTHER_OPTIONS = FormatOptions(indent="tab", operators="end", sort_packages=False, split_packages=0)


def _check(path: Path, options: FormatOptions | None) -> None:
    text = read_text(path)
    formatted = format_text(text, options)
    found = difference(text, formatted)
    assert found is None, f"{path.relative_to(CORPUS)}: {found}"
    again = format_text(formatted, options)
    assert again == formatted, f"{path.relative_to(CORPUS)}: a second run changes the text"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_default_options(path: Path) -> None:
    _check(path, None)


@pytest.mark.parametrize("path", REAL, ids=lambda p: str(p.relative_to(CORPUS)))
def test_other_options(path: Path) -> None:
    _check(path, OTHER_OPTIONS)


def test_the_corpus_is_all_there() -> None:
    """Each part is found (an empty part would pass every test above)."""
    parts = {p.relative_to(CORPUS).parts[0] for p in FILES}
    assert parts == {"real", "wild", "buildkit-parser"}
    assert len(REAL) == 233
    assert any("testfiles-negative" in p.parts for p in FILES)
